/**
 * Triggers the migration did not create but may have broken: PostgreSQL
 * follows a renamed or dropped column into views and constraints, never into
 * a PL/pgSQL body. A trigger on a table whose column the migration renamed,
 * dropped or retyped, or whose function names a column or table the
 * migration renamed or dropped, fails on its next event in production with
 * `record "new" has no field …` while the migration itself applies cleanly.
 */
import type { Trigger } from '../catalog/model.js';
import type { QualifiedName } from '../migrations/ast.js';
import type { Qualified } from '../migrations/names.js';
import type { SourcePosition } from '../types.js';
import { resolve, type ValidationContext } from '../validators/common.js';
import { renamedEnumValue } from '../migrations/renames.js';

/** A name the migration took away (renamed from, or dropped), and the statement that did it. */
export interface TakenName {
  name: string;
  /** For a column: its table, as the migration named it. */
  table?: QualifiedName;
  /** What it became, when renamed. */
  to?: string;
  /** For an enum label renamed away: its type. A body uses it as a string literal, 'name'. */
  enumType?: Qualified;
  position: SourcePosition;
}

interface ChangedNames {
  taken: TakenName[];
  tables: Qualified[];
}

const changed = new WeakMap<ValidationContext, ChangedNames>();

/**
 * Column and relation names renamed away or dropped, and the tables whose columns changed (as named after):
 * read from the target once per run, however many triggers, functions and errors ask.
 */
export function changedNames(ctx: ValidationContext): ChangedNames {
  let found = changed.get(ctx);
  if (!found) changed.set(ctx, (found = readChangedNames(ctx)));
  return found;
}

function readChangedNames(ctx: ValidationContext): ChangedNames {
  const taken: TakenName[] = [];
  const tables: Qualified[] = [];
  const table = (name: QualifiedName): void => {
    const resolved = resolve(ctx, name);
    if (!tables.some((t) => t.schema === resolved.schema && t.name === resolved.name)) tables.push(resolved);
  };
  for (const statement of ctx.target.statements) {
    for (const change of statement.changes ?? []) {
      switch (change.kind) {
        case 'rename-column':
        case 'drop-column':
          taken.push({
            name: change.column,
            table: change.table,
            ...(change.kind === 'rename-column' ? { to: change.to } : {}),
            position: change.position,
          });
          table(change.table);
          break;
        case 'alter-column-type':
          table(change.table);
          break;
        case 'rename-table':
          taken.push({ name: change.table.name, to: change.to, position: change.position });
          table({ ...change.table, name: change.to });
          break;
        case 'set-schema':
          table({ schema: change.schema, name: change.table.name });
          break;
        default:
          break;
      }
    }
    for (const dropped of statement.drops)
      if (TAKEN_KINDS.has(dropped.kind)) taken.push({ name: dropped.name, position: statement.start });
    const label = renamedEnumValue(statement);
    if (label)
      taken.push({ name: label.from, to: label.to, enumType: resolve(ctx, label.type), position: statement.start });
    for (const { object, to } of statement.renames ?? [])
      if (to.name !== undefined && object.kind !== 'table' && TAKEN_KINDS.has(object.kind))
        taken.push({ name: object.name, to: to.name, position: statement.start });
  }
  // A name given back (a view dropped and made again, a function replaced by DROP and CREATE) is not taken.
  return { taken: taken.filter((t) => gone(ctx, t)), tables };
}

/** Relations, functions and types whose names a body may use: dropped or renamed, a call or a read fails. */
const TAKEN_KINDS = new Set(['table', 'view', 'sequence', 'function', 'type']);

function gone(ctx: ValidationContext, taken: TakenName): boolean {
  const named = (o: { name: string }): boolean => o.name === taken.name;
  const { enumType } = taken;
  if (enumType) {
    const type = ctx.after.enums.find((e) => e.schema === enumType.schema && e.name === enumType.name);
    return !type?.values.includes(taken.name);
  }
  if (taken.table) {
    const table = resolve(ctx, taken.table);
    const after = ctx.after.tables.find((t) => t.schema === table.schema && t.name === table.name);
    return !after?.columns.some(named);
  }
  return !(
    ctx.after.tables.some(named) ||
    ctx.after.sequences.some(named) ||
    ctx.after.functions.some(named) ||
    ctx.after.enums.some(named) ||
    ctx.after.types.some(named)
  );
}

/**
 * Triggers that existed before on a changed table, or whose function's body
 * names a name taken away; the migration's own triggers are probed anyway.
 */
export function affectedTriggers(ctx: ValidationContext, isCreated: (t: Trigger) => boolean): Trigger[] {
  const { taken, tables } = changedNames(ctx);
  if (taken.length === 0 && tables.length === 0) return [];
  const words = taken.map(written);
  return ctx.after.triggers.filter((trigger) => {
    if (trigger.inherited || isCreated(trigger)) return false;
    if (tables.some((t) => t.schema === trigger.schema && t.name === trigger.table)) return true;
    const source = ctx.after.functions.find(
      (f) => f.schema === trigger.function.schema && f.name === trigger.function.name,
    )?.source;
    return source !== undefined && words.some((w) => w.test(source));
  });
}

/**
 * A name taken away that a body still uses: a column named beside its table
 * (or on `own`, the table a trigger function sits on), or a relation. A
 * statement PL/pgSQL has not run yet is not planned, so a probe row that
 * takes another branch passes; the text still says it.
 */
export function namesIn(ctx: ValidationContext, source: string, own?: Qualified): TakenName | undefined {
  const code = source.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  return changedNames(ctx).taken.find((taken) => {
    if (!written(taken).test(code)) return false;
    if (!taken.table) return true;
    const table = resolve(ctx, taken.table);
    return (
      (own !== undefined && own.schema === table.schema && own.name === table.name) || word(taken.table.name).test(code)
    );
  });
}

/** What the body of a trigger's function still uses of the names taken away. */
export function takenNameInBody(ctx: ValidationContext, trigger: Trigger): TakenName | undefined {
  const source = ctx.after.functions.find(
    (f) => f.schema === trigger.function.schema && f.name === trigger.function.name,
  )?.source;
  return source === undefined ? undefined : namesIn(ctx, source, { schema: trigger.schema, name: trigger.table });
}

/** The name taken away that a server error names, and where the migration took it. */
export function takenNameIn(ctx: ValidationContext, message: string): TakenName | undefined {
  // The server quotes a label it cannot read: invalid input value for enum post_status: "published".
  return changedNames(ctx).taken.find((t) =>
    t.enumType ? message.includes(`"${t.name}"`) : word(t.name).test(message),
  );
}

/** How a body writes the name: an identifier, or an enum label as a string literal. */
function written(taken: TakenName): RegExp {
  return taken.enumType ? new RegExp(`'${escaped(taken.name.replace(/'/g, "''"))}'`) : word(taken.name);
}

/** The name as an identifier in SQL text, quoted or not. */
function word(name: string): RegExp {
  return new RegExp(`(^|[^\\w$"])"?${escaped(name)}"?($|[^\\w$])`, 'i');
}

function escaped(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
