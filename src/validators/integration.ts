import type { ForeignKey } from '../catalog/model.js';
import type { CreatedObject, FkAction } from '../migrations/model.js';
import type { Finding, TaskResult } from '../types.js';
import type { RuleId } from '../rules/catalogue.js';
import { createdForeignKeys, finding, taskResult, type ValidationContext, resolve, resolveKey } from './common.js';
import { show, type Qualified } from '../migrations/names.js';
import { misnamedForeignKeys } from './foreign-key-names.js';

interface ForeignKeySpec {
  table: Qualified;
  columns: string[];
  refTable: Qualified;
  refColumns: string[];
  onDelete?: FkAction;
  at?: CreatedObject;
}

/** Task `integration`: foreign keys exist, point where declared, with the declared ON DELETE. */
export function validateIntegration(ctx: ValidationContext): TaskResult {
  const specs: ForeignKeySpec[] = createdForeignKeys(ctx).map(({ table, foreignKey: fk }) => ({
    table: resolve(ctx, table),
    columns: fk.columns,
    refTable: resolve(ctx, fk.refTable),
    refColumns: fk.refColumns,
    onDelete: fk.onDelete,
    at: { kind: 'table', ...table, position: fk.position },
  }));
  for (const expected of ctx.expected.foreign_keys ?? []) {
    const from = splitColumn(ctx, expected.from);
    const to = splitColumn(ctx, expected.to);
    const spec: ForeignKeySpec = {
      table: from.table,
      columns: [from.column],
      refTable: to.table,
      refColumns: [to.column],
    };
    if (expected.on_delete) spec.onDelete = expected.on_delete as FkAction;
    const derived = specs.find((s) => sameKey(s, spec));
    if (derived)
      Object.assign(derived, {
        refTable: spec.refTable,
        refColumns: spec.refColumns,
        ...(spec.onDelete ? { onDelete: spec.onDelete } : {}),
      });
    else specs.push(spec);
  }

  const findings: Finding[] = [];
  for (const spec of specs) {
    const label = `${show(spec.table)}.${spec.columns.join(', ')} → ${show(spec.refTable)}.${spec.refColumns.join(', ') || '(primary key)'}`;
    const fk = ctx.after.constraints.find(
      (c): c is ForeignKey =>
        c.type === 'f' &&
        !c.inherited &&
        c.schema === spec.table.schema &&
        c.table === spec.table.name &&
        sameColumns(c.columns, spec.columns),
    );
    const fail = (rule: RuleId, message: string): void => {
      findings.push(finding('integration', 'error', rule, message, ctx, label, spec.at));
    };
    if (!fk) {
      fail('foreign-key-missing', `foreign key ${label} does not exist`);
      continue;
    }
    if (
      show(fk.refTable) !== show(spec.refTable) ||
      (spec.refColumns.length > 0 && !sameColumns(fk.refColumns, spec.refColumns))
    ) {
      fail(
        'foreign-key-target',
        `foreign key on ${show(spec.table)}(${spec.columns.join(', ')}) points at ${show(fk.refTable)}(${fk.refColumns.join(', ')}), expected ${show(spec.refTable)}(${spec.refColumns.join(', ')})`,
      );
    }
    if (spec.onDelete && fk.onDelete !== spec.onDelete) {
      fail(
        'foreign-key-on-delete',
        `foreign key ${label} is ON DELETE ${fk.onDelete}, expected ON DELETE ${spec.onDelete}`,
      );
    }
  }
  const summary =
    specs.length === 0 ? 'No foreign keys' : `${specs.length} foreign keys, targets and ON DELETE as declared`;
  findings.push(...misnamedForeignKeys(ctx));
  return taskResult('integration', findings, summary);
}

/** `auth.users_extended.id` → table auth.users_extended, column id. */
function splitColumn(ctx: ValidationContext, text: string): { table: Qualified; column: string } {
  const dot = text.lastIndexOf('.');
  return { table: resolveKey(ctx, text.slice(0, dot)), column: text.slice(dot + 1) };
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

function sameKey(a: ForeignKeySpec, b: ForeignKeySpec): boolean {
  return show(a.table) === show(b.table) && sameColumns(a.columns, b.columns);
}
