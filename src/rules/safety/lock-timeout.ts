/**
 * A statement that needs a lock blocking writes waits for every transaction
 * already on the table, and while it waits every later reader or writer
 * queues behind it: one long-running query becomes an outage. lock_timeout
 * bounds the wait. It is in effect when the migration SETs it before the
 * statement (SET LOCAL: in the same transaction of the tool) or when the
 * tool's runner has it (`session: { lock_timeout: … }` in migration-gate.yml).
 * One finding, on the first such statement.
 */
import type { Statement } from '../../migrations/model.js';
import { blocksWrites, strength, strongest } from '../../observe/locks.js';
import { shortName, type TracedStatement, type TraceView } from '../../observe/summary.js';
import type { Finding } from '../../types.js';
import { finding, type SafetyContext } from './context.js';

export function lockTimeoutFindings(context: SafetyContext): Finding[] {
  if (setByRunner(context.session.lock_timeout)) return [];
  const unguarded = context.trace.statements.filter(
    (traced) =>
      traced.taken.some(({ modes }) => modes.some(blocksWrites)) &&
      !limited(context.target.statements, traced, context.trace),
  );
  const first = unguarded[0];
  if (!first) return [];
  const lock = first.taken
    .map(({ relation, modes }) => ({ relation, mode: strongest(modes)! }))
    .sort((a, b) => strength(b.mode) - strength(a.mode))[0]!;
  const more = unguarded.length > 1 ? ` (and ${unguarded.length - 1} more statement(s) after it)` : '';
  return [
    finding(context, 'missing-lock-timeout', first.statement, first.statement.start, {
      message: `takes ${lock.mode} on ${shortName(lock.relation)}, which existed before, with no lock_timeout set${more}`,
      object: lock.relation,
    }),
  ];
}

/** `0`, `0ms`, … mean no limit. */
function setByRunner(value: string | undefined): boolean {
  return value !== undefined && !/^\s*0+\s*[a-z]*\s*$/i.test(value);
}

/** The last lock_timeout setting in force when the statement runs limits its wait. */
function limited(statements: Statement[], traced: TracedStatement, view: TraceView): boolean {
  const transaction = view.transactionOf(traced.statement);
  let off = true;
  for (const statement of statements) {
    if (statement.index >= traced.statement.index) break;
    const setting = statement.lockTimeout;
    if (!setting) continue;
    // SET LOCAL lasts until its transaction ends.
    if (setting.local && view.transactionOf(statement) !== transaction) continue;
    off = setting.off;
  }
  return !off;
}
