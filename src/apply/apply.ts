import type pg from 'pg';
import type { SqlFile } from '../inputs.js';
import type { ParsedSql, Statement } from '../migrations/model.js';
import { failureOf, type FileFailure } from './failure.js';
import { applyNested } from './nested.js';
import {
  IN_ONE_TRANSACTION,
  plainRun,
  runGuarded,
  runnerSettings,
  sendParts,
  sendWhole,
  type WholeFailure,
} from './send.js';

export interface ApplyOptions {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /** The whole run's limit (timeouts.run). */
  runTimeoutMs?: number;
  /** Epoch ms by which the whole run must be over (set from runTimeoutMs when the run starts); enforced from outside the session. */
  runDeadline?: number;
  /**
   * The whole run happens inside one transaction that is rolled back at the
   * end (a real database that must not change): the file's own BEGIN/COMMIT
   * become savepoints, and statements that cannot run in a transaction block
   * are skipped and reported.
   */
  nested?: boolean;
  /** The role the tool's runner connects as: migrations run as it, the gate's own work as the superuser. */
  role?: string;
  /** Told of statements committed before the file's end (each message of an autocommit file but its last), how many follow, and the file's total. */
  committed?: (statements: number, remaining: number, total: number) => void;
}

/** How one file went; a failure is a value, never an exception. */
export type ApplyResult =
  | { status: 'applied'; file: string; statements: number; ms: number; skipped: Statement[] }
  | ({ status: 'failed'; file: string; ms: number; skipped: Statement[] } & FileFailure);

export type Failure = Extract<ApplyResult, { status: 'failed' }>;

/** How a file's statements reach the server: as its tool sends them, or with tracing between them (src/observe). */
export type FileRunner = (
  client: pg.Client,
  file: SqlFile,
  statements: Statement[],
  options: ApplyOptions,
) => Promise<{ failure?: FileFailure | undefined; skipped: Statement[] }>;

/**
 * Runs a file the way its migration tool does (see RunSemantics): inside the
 * tool's transaction, as one message, or statement by statement. The fast
 * way — the whole file in one round trip — is taken where it cannot change
 * the outcome; when it fails, the server's replies say which statement did,
 * and the file's effects are put back as the tool would have left them.
 */
export async function applyFile(
  client: pg.Client,
  file: SqlFile,
  options: ApplyOptions,
  /** Statements to leave out (e.g. a baseline's unavailable extensions), reported by the caller. */
  omit: ReadonlySet<Statement> = new Set(),
  run: FileRunner = runAsTool,
): Promise<ApplyResult> {
  const started = performance.now();
  const statements = file.parsed.statements.filter((s) => !omit.has(s));
  const done = (failure: FileFailure | undefined, skipped: Statement[] = []): ApplyResult => {
    const ms = performance.now() - started;
    return failure
      ? { status: 'failed', file: file.parsed.file, ms, skipped, ...failure }
      : { status: 'applied', file: file.parsed.file, statements: statements.length, ms, skipped };
  };
  try {
    const outcome = await run(client, file, statements, options);
    return done(outcome.failure, outcome.skipped);
  } finally {
    // Back to the gate's own role for what follows; a dead connection has nothing to reset. (Limits a file
    // SET are put back by the next file's own settings, and by restoreLimits before the gate reads the catalog.)
    if (options.role !== undefined) await client.query('RESET ROLE').catch(() => undefined);
  }
}

/** Inside the run's rolled-back transaction on a database the gate must not change; else as the tool does. */
export const runAsTool: FileRunner = async (client, file, statements, options) =>
  options.nested
    ? applyNested(client, file.parsed, statements, options)
    : { failure: await applyAsTool(client, file, statements, options), skipped: [] };

export async function applyAsTool(
  client: pg.Client,
  { parsed, run }: SqlFile,
  statements: Statement[],
  options: ApplyOptions,
): Promise<FileFailure | undefined> {
  const ownControl = statements.some((s) => s.transaction !== undefined);
  const refusesBlock = statements.some((s) => s.nonTransactional);
  switch (run.execution) {
    case 'single-message': {
      // What the tool does: one message. A single statement that acts otherwise in a transaction block is
      // sent alone, so that CREATE INDEX CONCURRENTLY on its own stays outside one.
      const alone = statements.length === 1 && !plainAlone(statements[0]!);
      if (alone) await setLimits(client, options);
      // One message is one implicit transaction: a file longer than a message carries goes in an explicit one,
      // which is the same for a file that controls no transaction and has no statement refusing a block.
      const wrap = statements.length > IN_ONE_TRANSACTION && !ownControl && !refusesBlock;
      const failed = await sendWhole(client, statements, options, { settings: !alone, wrap });
      return failed && wholeFailure(parsed, statements, failed, true);
    }
    case 'transaction': {
      if (!ownControl && !(refusesBlock && run.standaloneNonTransactional)) {
        const failed = await sendWhole(client, statements, options, { wrap: true });
        return failed && wholeFailure(parsed, statements, failed, true);
      }
      await setLimits(client, options);
      // The Supabase CLI runs a file that says BEGIN/COMMIT itself as written, with no transaction of its own.
      const standalone = run.standaloneNonTransactional ?? false;
      const asWritten = standalone && ownControl;
      return statementByStatement(client, parsed, statements, options, !asWritten, standalone && !asWritten);
    }
    case 'autocommit': {
      // One message is one implicit transaction: equivalent only when no statement behaves differently in one.
      // A file of one such statement goes with the gate's limits too: one round trip, not two (a history of
      // thousands of one-statement migrations).
      if (!ownControl && !refusesBlock && !statements.some(needsBlock) && statements.length > 0) {
        for (let at = 0; at < statements.length; at += AUTOCOMMIT_MESSAGE) {
          const batch = statements.slice(at, at + AUTOCOMMIT_MESSAGE);
          const failed = await sendWhole(client, batch, options, { immediate: true });
          if (!failed) {
            const remaining = statements.length - at - batch.length;
            if (remaining > 0) options.committed?.(batch.length, remaining, statements.length);
            continue;
          }
          const failure = await oneMessageFailure(client, { parsed, run }, batch, failed, options);
          return at === 0 ? failure : { ...failure, statements: at + failure.statements };
        }
        return undefined;
      }
      await setLimits(client, options);
      return statementByStatement(client, parsed, statements, options);
    }
  }
}

/**
 * Whether the file goes to the server as one message in one transaction
 * (see applyAsTool), so that `BEGIN; its statements; COMMIT` does the same:
 * it controls no transaction, holds no statement that refuses a block or
 * needs one, and is not split into several messages.
 */
export function inOneTransaction(statements: Statement[]): boolean {
  return (
    statements.length > 0 &&
    statements.length <= ONE_MESSAGE &&
    statements.every((s) => s.transaction === undefined && !s.nonTransactional && !needsBlock(s))
  );
}

/**
 * Whether the file is one transaction of its own — BEGIN first, COMMIT
 * last, no other transaction control and no statement that refuses a block —
 * which it is whatever its tool does around it: a BEGIN inside a tool's
 * transaction draws a warning and still sets its options (READ ONLY,
 * ISOLATION LEVEL), and the file's COMMIT ends that transaction.
 */
export function ownTransaction(statements: Statement[]): boolean {
  const inner = statements.slice(1, -1);
  return (
    statements.length > 2 &&
    statements.length <= ONE_MESSAGE &&
    statements[0]!.transaction === 'begin' &&
    statements.at(-1)!.transaction === 'commit' &&
    inner.every((s) => s.transaction === undefined && !s.nonTransactional)
  );
}

/**
 * The file's statements sent as one message failed at `failed.failedAt`:
 * how its tool leaves it. Statement by statement (autocommit), those before
 * the failing one stay: they are put back. Otherwise — or when the file is
 * one transaction of its own — the whole file rolled back.
 */
export async function oneMessageFailure(
  client: pg.Client,
  { parsed, run }: SqlFile,
  statements: Statement[],
  failed: WholeFailure,
  options: ApplyOptions,
): Promise<FileFailure> {
  if (run.execution !== 'autocommit' || ownTransaction(statements)) {
    return wholeFailure(parsed, statements, failed, true);
  }
  await setLimits(client, options);
  const before = await statementByStatement(client, parsed, statements.slice(0, failed.failedAt), options);
  return before ?? wholeFailure(parsed, statements, failed, false);
}

/**
 * Statements of an autocommit file per message. Each message is one implicit
 * transaction: a dump of thousands of tables in one message held a lock per
 * object until its end and took a fifth longer to load than in messages of a
 * thousand statements (5,000 tables: 6.8 s against 5.5 s, docs/performance.md);
 * psql itself commits each statement. Messages of 500 load as fast and give
 * the catalog's read ahead (src/catalog/read-ahead.ts) twice the places to
 * start from.
 */
export const AUTOCOMMIT_MESSAGE = 500;

/** The most statements one message carries: a file of more never travels as one message (and one transaction). */
export const ONE_MESSAGE = 1_000;

/** One statement under the gate's limits, or several in one message; which one failed, when one did. */
async function sendBatch(
  client: pg.Client,
  batch: Statement[],
  options: ApplyOptions,
): Promise<{ error?: unknown; overran: boolean; failedAt: number }> {
  if (batch.length === 1) return { ...(await runGuarded(client, batch[0]!.sql, options)), failedAt: 0 };
  const sent = await sendParts(
    client,
    batch.map((s) => s.sql),
    options,
    { rollback: false },
  );
  return sent.failure ?? { overran: false, failedAt: 0 };
}

/** Runs the same alone as in an implicit transaction with the gate's SETs before it. */
function plainAlone(statement: Statement): boolean {
  return statement.transaction === undefined && !statement.nonTransactional && !needsBlock(statement);
}

/**
 * LOCK TABLE and cursors fail outside a transaction block, but not inside an
 * implicit one; SET CONSTRAINTS does nothing outside one, and would decide
 * when the statements after it in an implicit one check their constraints.
 */
export function needsBlock(statement: Statement): boolean {
  return BLOCK_KINDS.has(statement.kind);
}

const BLOCK_KINDS = new Set(['LockStmt', 'DeclareCursorStmt', 'ConstraintsSetStmt']);

export async function setLimits(client: pg.Client, options: ApplyOptions): Promise<void> {
  await client.query(runnerSettings(options).join('; '));
}

function wholeFailure(
  parsed: ParsedSql,
  statements: Statement[],
  failed: WholeFailure,
  rolledBack: boolean,
): FileFailure {
  const statement = statements[failed.failedAt]!;
  return failureOf(failed.error, failed.overran, statement, parsed.text, {
    statements: failed.failedAt,
    rolledBack,
  });
}

/**
 * Runs statements as the tool does, one after the other, tracking the
 * transaction state as the server does: the tool's own BEGIN (`wrapped`), the
 * file's BEGIN/COMMIT, and the Supabase CLI's way of running a statement that
 * refuses a transaction block on its own between two batches. Where a
 * transaction is open, the statements up to its next control statement travel
 * in one message (see plainRun); outside one, each commits on its own and is
 * sent alone.
 */
async function statementByStatement(
  client: pg.Client,
  parsed: ParsedSql,
  statements: Statement[],
  options: ApplyOptions,
  wrapped = false,
  standalone = false,
): Promise<FileFailure | undefined> {
  let inTransaction = wrapped;
  if (wrapped) await client.query('BEGIN');
  let applied = 0;
  for (let at = 0; at < statements.length;) {
    const statement = statements[at]!;
    const alone = standalone && statement.nonTransactional && inTransaction;
    // Inside a transaction, plain statements up to the next transaction control or statement that refuses
    // a block go in one message: the same transaction, stopped at the same failing statement, one round trip.
    const run = inTransaction && !alone ? plainRun(statements, at) : [];
    const batch = run.length > 1 ? run : [statement];
    if (alone) await client.query('COMMIT');
    const outcome = await sendBatch(client, batch, options);
    if (outcome.error !== undefined) {
      const rolledBack = inTransaction && !alone;
      if (rolledBack) await client.query('ROLLBACK').catch(() => undefined);
      const where = { statements: applied + outcome.failedAt, rolledBack };
      return failureOf(outcome.error, outcome.overran, batch[outcome.failedAt]!, parsed.text, where);
    }
    if (alone) await client.query('BEGIN');
    applied += batch.length;
    at += batch.length;
    if (statement.transaction === 'begin') inTransaction = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
  }
  // A transaction left open would leak into the next file; migration runners commit at the end.
  if (inTransaction) await client.query('COMMIT');
  return undefined;
}
