/**
 * Renames and drops of what existed before the migration. During a deploy the
 * old application code keeps running against the new schema: a renamed or
 * dropped column or table breaks it, and a dropped table or schema takes its
 * data along. What existed is read from the catalog before the migration and
 * from the relations the statement locked; what the migration created itself
 * it may rename or drop as it likes.
 */
import type { QualifiedName } from '../../migrations/ast.js';
import type { Statement } from '../../migrations/model.js';
import { renamedEnumValue } from '../../migrations/renames.js';
import { shortName, type TracedStatement } from '../../observe/summary.js';
import type { Finding } from '../../types.js';
import { finding, heldRelation, sameRelation, type SafetyContext } from './context.js';

export function compatibilityFindings(context: SafetyContext): Finding[] {
  return context.ran.flatMap((statement) => {
    const traced = context.trace.statements.find((t) => t.statement === statement);
    return [
      ...changeFindings(context, statement, traced),
      ...dropFindings(context, statement, traced),
      ...enumLabelFindings(context, statement),
    ];
  });
}

/** An enum label renamed: code still writing or comparing the old label fails (`invalid input value for enum`). */
function enumLabelFindings(context: SafetyContext, statement: Statement): Finding[] {
  const label = renamedEnumValue(statement);
  if (!label) return [];
  const { type, from, to } = label;
  const named = (e: { schema: string; name: string }) =>
    e.name === type.name && (type.schema === undefined || e.schema === type.schema);
  const before = context.before.enums.find(named);
  const after = context.after?.enums.find(named);
  if (!before?.values.includes(from) || after?.values.includes(from)) return [];
  return [
    finding(context, 'rename-existing', statement, statement.start, {
      message: `enum value '${from}' of ${type.name} existed before and is renamed to '${to}': code still running that writes or compares '${from}' fails`,
      object: `${before.schema}.${before.name}`,
    }),
  ];
}

function changeFindings(context: SafetyContext, statement: Statement, traced: TracedStatement | undefined): Finding[] {
  return (statement.changes ?? []).flatMap((change): Finding[] => {
    const relation = existingRelation(context, traced, change.table);
    if (!relation) return [];
    const table = shortName(relation);
    switch (change.kind) {
      case 'rename-table':
        // The old name kept working (a view over the new one): the expand step of expand and contract.
        if (stillThere(context, relation)) return [];
        return [
          finding(context, 'rename-existing', statement, change.position, {
            message: `table ${table} existed before and is renamed to ${change.to}: code still running uses the old name`,
            object: relation,
          }),
        ];
      case 'rename-column':
        if (!hadColumn(context, relation, change.column)) return [];
        if (stillThere(context, relation, change.column)) return [];
        return [
          finding(context, 'rename-existing', statement, change.position, {
            message: `column ${table}.${change.column} existed before and is renamed to ${change.to}: code still running uses the old name`,
            object: `${relation}.${change.column}`,
          }),
        ];
      case 'drop-column':
        if (!hadColumn(context, relation, change.column)) return [];
        return [
          finding(context, 'drop-existing-column', statement, change.position, {
            message: `column ${table}.${change.column} existed before and is dropped: code still running may use it`,
            object: `${relation}.${change.column}`,
          }),
        ];
      default:
        return [];
    }
  });
}

function dropFindings(context: SafetyContext, statement: Statement, traced: TracedStatement | undefined): Finding[] {
  return statement.drops.flatMap((dropped): Finding[] => {
    if (dropped.kind === 'schema' && context.before.schemas.includes(dropped.name)) {
      return [
        finding(context, 'drop-existing-schema', statement, statement.start, {
          message: `schema ${dropped.name} existed before and is dropped`,
          object: dropped.name,
        }),
      ];
    }
    if (dropped.kind !== 'table') return [];
    const relation = existingRelation(context, traced, dropped);
    if (!relation) return [];
    return [
      finding(context, 'drop-existing-table', statement, statement.start, {
        message: `table ${shortName(relation)} existed before and is dropped with its data`,
        object: relation,
      }),
    ];
  });
}

/** The pre-existing relation a name refers to: the one the statement locked, else the only one of that name. */
function existingRelation(
  context: SafetyContext,
  traced: TracedStatement | undefined,
  name: QualifiedName,
): string | undefined {
  const locked = traced && heldRelation(traced, name);
  if (locked) return locked;
  const candidates = [...context.existing].filter((relation) => sameRelation(relation, name));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function hadColumn(context: SafetyContext, relation: string, column: string): boolean {
  const table = context.before.tables.find((t) => `${t.schema}.${t.name}` === relation);
  return table?.columns.some((c) => c.name === column) ?? false;
}

/** A relation (`schema.name`), or a column of it, that the catalog after the migration still has by that name. */
function stillThere(context: SafetyContext, relation: string, column?: string): boolean {
  const found = context.after?.tables.find((t) => `${t.schema}.${t.name}` === relation);
  return found !== undefined && (column === undefined || found.columns.some((c) => c.name === column));
}
