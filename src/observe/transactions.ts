/**
 * Which statements of a file commit together when its tool runs it in
 * production (the semantics src/apply/apply.ts reproduces): a lock taken by
 * one statement is held until its transaction ends. Tracing on a database the
 * gate must not change runs everything in one rolled-back transaction; this
 * says how long the tool itself would have held each lock.
 */
import type { RunSemantics } from '../inputs.js';
import type { Statement } from '../migrations/model.js';

/** A number per statement: statements with the same number share a transaction. */
export function transactionsOf(statements: Statement[], run: RunSemantics): Map<Statement, number> {
  const ownControl = statements.some((s) => s.transaction !== undefined);
  const refusesBlock = statements.some((s) => s.nonTransactional);
  const standalone = run.standaloneNonTransactional ?? false;
  // The tool opens a transaction around the file (single-message: the implicit one of the message).
  const toolOpens =
    (run.execution === 'single-message' && statements.length > 1) ||
    (run.execution === 'transaction' && !(standalone && ownControl));
  const alone = run.execution === 'transaction' && standalone && !ownControl && refusesBlock;
  // After the file's own COMMIT, one message goes on in a new implicit transaction; the others commit each statement.
  const reopens = run.execution === 'single-message';
  const ids = new Map<Statement, number>();
  let id = 0;
  let open = toolOpens;
  for (const statement of statements) {
    if (alone && statement.nonTransactional) {
      ids.set(statement, ++id);
      id += 1;
      continue;
    }
    if (!open) id += 1;
    ids.set(statement, id);
    if (statement.transaction === 'begin') open = true;
    if (statement.transaction === 'commit' || statement.transaction === 'rollback') {
      open = reopens;
      id += 1;
    }
  }
  return ids;
}
