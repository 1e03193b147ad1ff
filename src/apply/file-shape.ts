/**
 * What a file's statements say about how it may travel: as one message,
 * in one transaction, or only as its tool sends them, statement by statement.
 */
import type { Statement } from '../migrations/model.js';

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

/** Runs the same alone as in an implicit transaction with the gate's SETs before it. */
export function plainAlone(statement: Statement): boolean {
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
