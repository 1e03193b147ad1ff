import type pg from 'pg';
import type { SqlFile } from '../inputs.js';
import type { Statement } from '../migrations/model.js';
import type { FileFailure } from './failure.js';
import { AUTOCOMMIT_MESSAGE, needsBlock, plainAlone } from './file-shape.js';
import { applyNested } from './nested.js';
import { oneMessageFailure, statementByStatement, wholeFailure } from './one-by-one.js';
import { IN_ONE_TRANSACTION, sendWhole, setLimits } from './send.js';

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
