import { declaredForeignKeys, type DeclaredForeignKey } from '../migrations/foreign-keys.js';
import type { CreatedObject, ParsedSql, Statement } from '../migrations/model.js';
import { displayName } from '../migrations/names.js';
import { countOf } from '../readiness/impact.js';
import { TASK_TITLES, type Finding, type TaskId, type TaskResult } from '../types.js';

/** The six object tasks, evaluated against what the migration declares. */
type ObjectTask = Exclude<TaskId, 'readiness' | 'rollback'>;

const TASK_KINDS: Record<ObjectTask, CreatedObject['kind'][]> = {
  schema: ['table'],
  rls: ['policy'],
  indexes: ['index'],
  triggers: ['function', 'trigger'],
  enums: ['type'],
  integration: ['table'],
};

/**
 * When the migration did not apply, the objects it declares were never
 * created (or were rolled back): the six object tasks cannot be evaluated and
 * say so, naming every object they would have checked.
 */
export function blockedTasks(
  target: ParsedSql,
  notApplied: Statement[],
  reason: string,
  missingTargets: Set<string>,
): TaskResult[] {
  const notCreated = notApplied.flatMap((s) => s.creates);
  const foreignKeys = declaredForeignKeys(notApplied);
  return (Object.keys(TASK_KINDS) as ObjectTask[]).map((id) => {
    const objects = notCreated.filter((o) => TASK_KINDS[id].includes(o.kind) && relevant(id, o));
    const findings =
      id === 'integration'
        ? foreignKeyFindings(target, foreignKeys, missingTargets)
        : objectFindings(id, target, objects);
    if (findings.length === 0) {
      // What statements before the failure made is not checked either: the run stopped there.
      const declared = target.statements.some((s) =>
        s.creates.some((o) => TASK_KINDS[id].includes(o.kind) && relevant(id, o)),
      );
      const summary = declared ? `Not checked: ${reason}` : 'Nothing of this kind in the migration';
      return { id, title: TASK_TITLES[id], status: 'N/A', summary, findings };
    }
    return { id, title: TASK_TITLES[id], status: 'BLOCKED', summary: summaryFor(id, objects, reason), findings };
  });
}

function relevant(id: ObjectTask, object: CreatedObject): boolean {
  if (id === 'enums') return object.details?.kind === 'type' && object.details.enumValues !== undefined;
  if (id === 'triggers' && object.kind === 'function')
    return object.details?.kind === 'function' && object.details.returnsTrigger;
  return true;
}

function summaryFor(id: ObjectTask, objects: CreatedObject[], reason: string): string {
  switch (id) {
    case 'schema':
      return `Tables blocked from creation: ${reason}`;
    case 'rls':
      return `Cannot create ${countOf(objects.length, 'policy')}: ${reason}`;
    case 'indexes':
      return `Cannot create ${countOf(objects.length, 'index')}: tables blocked from creation`;
    case 'triggers':
      return `${countOf(objects.filter((o) => o.kind === 'function').length, 'function')}, ${countOf(objects.filter((o) => o.kind === 'trigger').length, 'trigger')} blocked`;
    case 'enums':
      return `${countOf(objects.length, 'type')} not created: ${reason}`;
    case 'integration':
      return `Foreign keys not created: ${reason}`;
  }
}

function objectFindings(id: ObjectTask, target: ParsedSql, objects: CreatedObject[]): Finding[] {
  return objects.map((object) => ({
    severity: 'error',
    rule: 'not-created',
    message: `${object.kind} ${displayName(object)}${describe(object)} was not created`,
    object: displayName(object),
    file: target.file,
    line: object.position.line,
    column: object.position.column,
    task: id,
  }));
}

function describe(object: CreatedObject): string {
  const details = object.details;
  if (details?.kind === 'table' && details.partitionOf)
    return ` (partition of ${displayName({ kind: 'table', ...details.partitionOf })})`;
  if (details?.kind === 'table')
    return ` (${details.columns.length} columns${details.partitioned ? ', partitioned' : ''})`;
  if (details?.kind === 'type' && details.enumValues) return ` (${details.enumValues.length} values)`;
  if (details?.kind === 'policy') return ` (${details.command} on ${object.table?.name ?? '?'})`;
  if (details?.kind === 'trigger')
    return ` (${details.timing} ${details.events.join(' OR ')} on ${object.table?.name ?? '?'})`;
  return '';
}

function foreignKeyFindings(target: ParsedSql, pending: DeclaredForeignKey[], missingTargets: Set<string>): Finding[] {
  return pending.map<Finding>(({ table, foreignKey: fk }) => {
    const from = displayName({ kind: 'table', ...table });
    const to = displayName({ kind: 'table', ...fk.refTable });
    const missing = missingTargets.has(to);
    return {
      severity: 'error',
      rule: missing ? 'foreign-key-target-missing' : 'not-created',
      message: `${from}.${fk.columns.join(', ')} → ${to}.${fk.refColumns.join(', ') || '(primary key)'} (${missing ? 'MISSING TARGET' : 'not created'})`,
      object: `${from}.${fk.columns.join(',')}`,
      file: target.file,
      line: fk.position.line,
      column: fk.position.column,
      task: 'integration',
    };
  });
}
