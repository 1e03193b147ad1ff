/**
 * Which statements get a look after them: every one that may lock a relation
 * that existed before the migration. A statement of a kind that locks only
 * what it names, naming no relation but those the migration created before it
 * — an enum, a PL/pgSQL function, an index, a trigger, a comment or a policy
 * on a new table — cannot, and runs without one (as the tool runs it, with no
 * transaction of the gate's around it). The parse only saves looks, it never
 * decides a finding: inside a transaction, a lock it did not foresee still
 * shows at the next look.
 */
import type { ObjectName, Statement } from '../migrations/model.js';
import { RELATION_KINDS, sameObject } from '../migrations/references.js';

const NAMES_ONLY = new Set([
  'CreateEnumStmt',
  'CreateDomainStmt',
  'CompositeTypeStmt',
  'CreateFunctionStmt',
  'VariableSetStmt',
  'CommentStmt',
  'CreatePolicyStmt',
  'CreateTrigStmt',
  'IndexStmt',
  'CreateStmt',
  'AlterTableStmt',
  'ViewStmt',
  'CreateSeqStmt',
]);

export function statementsToLook(statements: Statement[]): Set<Statement> {
  const created: ObjectName[] = [];
  const look = new Set<Statement>();
  for (const statement of statements) {
    if (!namesOnlyNew(statement, created)) look.add(statement);
    created.push(...statement.creates);
  }
  return look;
}

function namesOnlyNew(statement: Statement, created: ObjectName[]): boolean {
  if (!NAMES_ONLY.has(statement.kind)) return false;
  // A SQL function's body is parsed on creation, against the tables it reads.
  const sqlBody = statement.creates.some(
    (c) => c.details?.kind === 'function' && (c.details.language ?? 'sql') === 'sql',
  );
  if (sqlBody) return false;
  return statement.references.every(
    ({ object }) => !RELATION_KINDS.has(object.kind) || created.some((c) => sameObject(c, object)),
  );
}
