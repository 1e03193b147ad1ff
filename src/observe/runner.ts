/**
 * Applies the target with a look at the session's locks after each
 * statement, and otherwise exactly as its tool does (src/apply/apply.ts): the
 * same transactions, the same failures at the same statements. Where the tool
 * keeps a transaction open, the statement and the look travel in one
 * message; where it commits each statement on its own, the statement is
 * wrapped in BEGIN … COMMIT with the look before the COMMIT — one statement
 * per transaction either way, but for the rows between the first and the last
 * of a run of INSERTs written alike, which commit together what they would
 * one by one (runs.ts). A statement that refuses a transaction block is
 * watched from a second connection (aside.ts).
 */
import type pg from 'pg';
import { runAsTool, type ApplyOptions, type FileRunner } from '../apply/apply.js';
import { needsBlock } from '../apply/file-shape.js';
import { setLimits } from '../apply/send.js';
import { failureOf, type FileFailure } from '../apply/failure.js';
import { applyNested } from '../apply/nested.js';
import { IN_ONE_TRANSACTION, isDatabaseError, runGuarded, sendParts } from '../apply/send.js';
import type { SqlFile } from '../inputs.js';
import type { Statement } from '../migrations/model.js';
import { runOutside } from './aside.js';
import { runMiddles, statementsToLook } from './look.js';
import type { LocksRow, Recorder } from './recorder.js';
import { lookFailed, nestedSender, sendLooked } from './message-looks.js';
import { runTogether } from './runs.js';

type Outcome = { error?: unknown; overran: boolean };

/** active_sql_transaction ("cannot run inside a transaction block"), invalid_transaction_termination. */
const REFUSED_IN_BLOCK = new Set(['25001', '2D000']);

/** `connection` opens the second connection that watches statements run outside a transaction. */
export function tracedRunner(recorder: Recorder, connection?: pg.ClientConfig): FileRunner {
  return async (client, file, statements, options) => {
    if (options.nested) {
      const sender = await nestedSender(client, recorder, options, statementsToLook(statements, true));
      return applyNested(client, file.parsed, statements, options, sender);
    }
    const shape = transactionShape(file, statements);
    if (!shape) {
      for (const s of statements) if (!s.transaction) recorder.unobserved(s, Date.now(), Date.now(), ONE_MESSAGE);
      return runAsTool(client, file, statements, options);
    }
    await setLimits(client, options);
    const look = statementsToLook(statements, shape.wrapped && !shape.standalone);
    const session = new TracedSession(client, recorder, options, connection, look, runMiddles(statements));
    try {
      return { failure: await session.run(file, statements, shape), skipped: [] };
    } finally {
      recorder.settle();
    }
  };
}

const ONE_MESSAGE =
  'the tool sends this file as one message with its own transaction control: applied as the tool does, without a look between statements';

interface Shape {
  /** The tool opens a transaction around the file. */
  wrapped: boolean;
  /** Statements refusing a transaction block run alone between two of the tool's transactions (Supabase CLI). */
  standalone: boolean;
}

/** The transactions the tool runs the file in (see applyAsTool); undefined when they cannot be reproduced one statement at a time. */
function transactionShape({ run }: SqlFile, statements: Statement[]): Shape | undefined {
  const ownControl = statements.some((s) => s.transaction !== undefined);
  const refusesBlock = statements.some((s) => s.nonTransactional);
  switch (run.execution) {
    case 'single-message':
      if (statements.length === 1) return { wrapped: false, standalone: false };
      if (refusesBlock) return undefined;
      if (!ownControl) return { wrapped: true, standalone: false };
      // One message is one implicit transaction, which a BEGIN in it makes explicit: a file that is one
      // BEGIN … COMMIT (Prisma's enum changes, golang-migrate's files) runs the same a statement at a time.
      // Statements before its BEGIN or after its COMMIT would share a transaction a look would break up.
      return wrappedAsWritten(statements) ? { wrapped: false, standalone: false } : undefined;
    case 'transaction': {
      const standalone = run.standaloneNonTransactional ?? false;
      if (!ownControl && !(refusesBlock && standalone)) return { wrapped: true, standalone: false };
      const asWritten = standalone && ownControl;
      return { wrapped: !asWritten, standalone: standalone && !asWritten };
    }
    case 'autocommit':
      return { wrapped: false, standalone: false };
  }
}

/** The file is BEGIN, statements that do not control the transaction, COMMIT. */
function wrappedAsWritten(statements: Statement[]): boolean {
  const inner = statements.slice(1, -1);
  return (
    statements[0]?.transaction === 'begin' &&
    statements[statements.length - 1]?.transaction === 'commit' &&
    inner.every((s) => s.transaction === undefined)
  );
}

class TracedSession {
  constructor(
    private readonly client: pg.Client,
    private readonly recorder: Recorder,
    private readonly options: ApplyOptions,
    private readonly connection: pg.ClientConfig | undefined,
    private readonly look: ReadonlySet<Statement>,
    /** Middles of runs of INSERTs written alike, by their first statement: outside a transaction, sent together. */
    private readonly middles: ReadonlyMap<Statement, Statement[]>,
  ) {}

  /** Mirrors statementByStatement in src/apply/one-by-one.ts, looking after each statement. */
  async run(
    { parsed }: SqlFile,
    statements: Statement[],
    { wrapped, standalone }: Shape,
  ): Promise<FileFailure | undefined> {
    let inTransaction = wrapped;
    if (wrapped) await this.begin();
    let applied = 0;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      if (inTransaction && batchable(statement)) {
        // Up to the next transaction control or statement that refuses a block: one message, with the looks in it.
        const batch = [statement];
        while (i + 1 < statements.length && batchable(statements[i + 1]!)) batch.push(statements[++i]!);
        const outcome = await this.batch(batch);
        if (outcome.error !== undefined) {
          await this.client.query('ROLLBACK').catch(() => undefined);
          const done = { statements: applied + batch.indexOf(outcome.statement), rolledBack: true };
          return failureOf(outcome.error, outcome.overran, outcome.statement, parsed.text, done);
        }
        applied += batch.length;
        continue;
      }
      const middle = inTransaction ? undefined : this.middles.get(statement);
      if (middle) {
        const failed = await runTogether(this.client, this.recorder, this.options, middle);
        if (failed) {
          const done = { statements: applied + failed.applied, rolledBack: false };
          return failureOf(failed.error, failed.overran, failed.statement, parsed.text, done);
        }
        applied += middle.length;
        i += middle.length - 1;
        continue;
      }
      const alone = standalone && statement.nonTransactional && inTransaction;
      if (alone) await this.client.query('COMMIT');
      const outcome = await this.send(statement, inTransaction && !alone);
      if (outcome.error !== undefined) {
        const rolledBack = inTransaction && !alone;
        if (rolledBack) await this.client.query('ROLLBACK').catch(() => undefined);
        return failureOf(outcome.error, outcome.overran, statement, parsed.text, { statements: applied, rolledBack });
      }
      if (alone) await this.begin();
      applied += 1;
      if (statement.transaction === 'begin') inTransaction = true;
      if (statement.transaction === 'commit' || statement.transaction === 'rollback') inTransaction = false;
    }
    if (!inTransaction) return undefined;
    // The tool's COMMIT: deferred constraints fire here, and the tool then reports the file's last statement.
    const commit = await runGuarded(this.client, 'COMMIT', this.options);
    if (commit.error === undefined) return undefined;
    const last = statements[statements.length - 1]!;
    return failureOf(commit.error, commit.overran, last, parsed.text, { statements: applied - 1, rolledBack: true });
  }

  /**
   * Statements inside the transaction sent together, each that may lock a
   * table from before followed by its look: the round trips of a statement
   * at a time would cost more than the looks. A thousand statements to a
   * message at most (the client keeps each one's result until its message
   * ends). A failure is the statement's whose part failed.
   */
  private async batch(statements: Statement[]): Promise<Outcome & { statement: Statement }> {
    for (let at = 0; at < statements.length; at += IN_ONE_TRANSACTION) {
      const failed = await this.message(statements.slice(at, at + IN_ONE_TRANSACTION));
      if (failed) return failed;
    }
    return { overran: false, statement: statements[statements.length - 1]! };
  }

  private async message(statements: Statement[]): Promise<(Outcome & { statement: Statement }) | undefined> {
    const parts = statements.map((statement) => ({ statement, sql: statement.sql }));
    return sendLooked(this.client, this.recorder, this.options, parts, (statement) => this.look.has(statement));
  }

  private async send(statement: Statement, inTransaction: boolean): Promise<Outcome> {
    if (statement.transaction !== undefined) return this.control(statement, inTransaction);
    if (!this.look.has(statement)) return runGuarded(this.client, statement.sql, this.options);
    // Refusing a block inside the tool's transaction: it fails there as it would.
    if (inTransaction) return this.traced([statement.sql, this.recorder.locksSql], statement, 0, { rollback: false });
    if (statement.nonTransactional) {
      return runOutside(this.client, this.recorder, statement, this.options, this.connection);
    }
    // Outside a block LOCK TABLE and cursors fail; a transaction of the gate's own would let them pass.
    if (needsBlock(statement)) return runGuarded(this.client, statement.sql, this.options);
    this.recorder.began();
    const wrapped = await this.traced(['BEGIN', statement.sql, this.recorder.locksSql, 'COMMIT'], statement, 1);
    // Refused in a block (CLUSTER of a whole database, a procedure that commits, …) before it did anything: run it as the tool does.
    if (isDatabaseError(wrapped.error) && REFUSED_IN_BLOCK.has(wrapped.error.code ?? '')) {
      return runOutside(this.client, this.recorder, statement, this.options, this.connection);
    }
    return wrapped;
  }

  /** Transaction control passes as it is; the file's own BEGIN starts a transaction with no lock held yet. */
  private async control(statement: Statement, inTransaction: boolean): Promise<Outcome> {
    if (statement.transaction === 'begin' && !inTransaction) this.recorder.began();
    return runGuarded(this.client, statement.sql, this.options);
  }

  /** Sends the statement with its look; a failure anywhere in the message is the statement's (a deferred check fails at COMMIT). */
  private async traced(
    parts: string[],
    statement: Statement,
    at: number,
    flags: { rollback?: boolean } = {},
  ): Promise<Outcome> {
    const sent = await sendParts(this.client, parts, this.options, flags);
    if (sent.failure?.failedAt === at + 1) throw lookFailed(statement, sent.failure.error);
    if (sent.failure) return sent.failure;
    this.recorder.record(statement, sent.results[at + 1]!.rows[0] as LocksRow);
    return { overran: false };
  }

  private async begin(): Promise<void> {
    await this.client.query('BEGIN');
    this.recorder.began();
  }
}

/** Runs inside the transaction it finds: neither controls it nor refuses a block. */
function batchable(statement: Statement): boolean {
  return statement.transaction === undefined && !statement.nonTransactional;
}
