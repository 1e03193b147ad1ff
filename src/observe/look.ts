/**
 * Which statements get a look after them: every one that may lock a relation
 * that existed before the migration. A statement of a kind that locks only
 * what it names, naming no relation but those the migration created before it
 * — an enum, a PL/pgSQL function, an index, a trigger, a comment or a policy
 * on a new table — cannot, and runs without one (as the tool runs it, with no
 * transaction of the gate's around it). The parse only saves looks, it never
 * decides a finding: inside a transaction, a lock it did not foresee still
 * shows at the next look. The same holds within a run of INSERTs written
 * alike, which is looked at after its first and its last (likeRuns).
 */
import type { ObjectName, ObjectReference, Statement } from '../migrations/model.js';
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

/** `oneTransaction`: the file runs in one transaction, so a lock taken between two looks is still held at the second. */
export function statementsToLook(statements: Statement[], oneTransaction: boolean): Set<Statement> {
  const created: ObjectName[] = [];
  const look = new Set<Statement>();
  for (const statement of statements) {
    if (!namesOnlyNew(statement, created)) look.add(statement);
    created.push(...statement.creates);
  }
  if (!oneTransaction) return look;
  for (const run of likeRuns(statements)) for (const middle of run.slice(1, -1)) look.delete(middle);
  return look;
}

/** The middle of each run of INSERTs written alike (all but its first and last), by its first statement. */
export function runMiddles(statements: Statement[]): Map<Statement, Statement[]> {
  return new Map(likeRuns(statements).map((run) => [run[1]!, run.slice(1, -1)]));
}

/**
 * Runs of INSERTs written alike (into the same tables, naming the same
 * objects, with nothing that outlives a rollback): a data file's rows. Only
 * the first and the last of a run are looked after, where the file runs in
 * one transaction. Each of the others takes the locks the first took, and
 * whatever one of them took besides (a trigger's writes, a foreign key's
 * reads) is still held, and seen, at the last one's look. A 20 MB migration
 * of 200,000 INSERTs had 200,000 looks: 125 s. Where each statement commits
 * on its own, what one of them took would be let go before that look: the
 * middle of the run is sent in messages with a look at the end of each
 * (runMiddles, src/observe/runs.ts).
 */
function likeRuns(statements: Statement[]): Statement[][] {
  const runs: Statement[][] = [];
  let run: Statement[] = [];
  let named: ObjectReference[] | undefined;
  for (const statement of statements) {
    const references = insertReferences(statement);
    const alike = references !== undefined && named !== undefined && sameNames(references, named);
    named = references;
    if (alike) {
      run.push(statement);
      continue;
    }
    if (run.length > 2) runs.push(run);
    run = [statement];
  }
  if (run.length > 2) runs.push(run);
  return runs;
}

/** What an INSERT names, which makes two of them alike; undefined for any other statement. */
function insertReferences(statement: Statement): ObjectReference[] | undefined {
  if (statement.kind !== 'InsertStmt' || statement.sideEffects || statement.transaction) return undefined;
  return statement.references;
}

/** The same objects in the same roles, in the same order (a data file's rows share their names' objects). */
function sameNames(a: ObjectReference[], b: ObjectReference[]): boolean {
  return (
    a.length === b.length &&
    a.every(({ object, role }, i) => {
      const other = b[i]!;
      if (role !== other.role) return false;
      if (object === other.object) return true;
      return (
        object.kind === other.object.kind && object.schema === other.object.schema && object.name === other.object.name
      );
    })
  );
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
