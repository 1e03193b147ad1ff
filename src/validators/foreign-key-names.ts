/**
 * A foreign key whose column names one table and references another
 * (`invoice_id` → `customers`): usually a copy-paste slip. Said only when
 * the table the name points at exists, so `owner_id` → `users` or
 * `initiated_by` → `users` pass, and when the referenced table's name does
 * not contain the column's stem (`user_id` → `users_extended` passes).
 */
import { show } from '../migrations/names.js';
import type { Finding } from '../types.js';
import { createdForeignKeys, finding, resolve, type ValidationContext } from './common.js';

const SUFFIX = /^(.+?)_(id|uuid|fk|key|ref)$/i;

export function misnamedForeignKeys(ctx: ValidationContext): Finding[] {
  return createdForeignKeys(ctx).flatMap(({ table, foreignKey }) => {
    if (foreignKey.columns.length !== 1) return [];
    const stem = SUFFIX.exec(foreignKey.columns[0]!)?.[1]?.toLowerCase();
    const child = resolve(ctx, table);
    const parent = resolve(ctx, foreignKey.refTable);
    if (!stem || (parent.schema === child.schema && parent.name === child.name)) return [];
    if (
      singular(parent.name.toLowerCase()).includes(singular(stem)) ||
      stem.includes(singular(parent.name.toLowerCase()))
    )
      return [];
    const named = ctx.after.tables.find(
      (t) => (t.kind === 'table' || t.kind === 'partitioned') && singular(t.name.toLowerCase()) === singular(stem),
    );
    if (!named) return [];
    const column = `${show(child)}.${foreignKey.columns[0]}`;
    const message = `foreign key ${column} references ${show(parent)}, but its name says ${show(named)}`;
    return [
      finding('integration', 'warning', 'foreign-key-name-mismatch', message, ctx, column, {
        position: foreignKey.position,
      }),
    ];
  });
}

function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (/(s|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  return name.endsWith('s') && !name.endsWith('ss') ? name.slice(0, -1) : name;
}
