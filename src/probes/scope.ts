/**
 * What the probes work on: the tables the migration created or changed (on
 * a database the gate must not change, only those it created: rows in them
 * are invisible to everyone else), and the rows to probe with — the
 * fixtures' where there are some, else generated for two tenants, parents
 * that are empty filled too.
 */
import type pg from 'pg';
import type { CatalogSnapshot, Table, Trigger } from '../catalog/model.js';
import { generateRows, noColumnTypes, type ColumnTypes } from '../fixtures/generate.js';
import { same, type Qualified } from '../migrations/names.js';
import { affectedTriggers, changedNames } from './affected.js';
import { key } from '../rules/lints/problem.js';
import { created as createdObjects, resolve, type ValidationContext } from '../validators/common.js';
import { record, type ProbeOutcome } from './model.js';

export interface ProbeScope {
  ctx: ValidationContext;
  /** Tables the probes exercise. */
  tables: Table[];
  /** Triggers that existed before, which the migration may have broken (src/probes/affected.ts). */
  affected: Trigger[];
  /** Tables of those triggers beyond `tables`: filled with rows, probed for their triggers only. */
  triggerTables: Table[];
  /** The database is disposable: tables that existed before may be written inside the savepoint too. */
  disposable: boolean;
  /** Column types the row generator read, kept for the next stage that fills rows (the schema does not change). */
  known: ColumnTypes;
}

export function probeScope(ctx: ValidationContext, disposable: boolean): ProbeScope {
  const created = new Set<string>();
  const named = new Map<string, Qualified>();
  // What the migration left, under the names it left it (a table created and renamed is probed by its new name).
  for (const object of [
    ...createdObjects(ctx, 'table'),
    ...createdObjects(ctx, 'policy'),
    ...createdObjects(ctx, 'trigger'),
  ]) {
    const table = object.kind === 'table' ? object : object.table;
    if (!table) continue;
    const name = resolve(ctx, table);
    if (object.kind === 'table') created.add(key(name));
    named.set(key(name), name);
  }
  // A table whose columns were renamed, dropped or retyped is a changed table, whatever the statement.
  for (const table of changedNames(ctx).tables) named.set(key(table), table);
  for (const statement of ctx.target.statements) {
    if (statement.kind === 'AlterTableStmt') {
      for (const ref of statement.references.filter((r) => r.role === 'alter'))
        named.set(key(resolve(ctx, ref.object)), resolve(ctx, ref.object));
    }
  }
  const tables = ctx.after.tables.filter(
    (t) =>
      named.has(key(t)) &&
      (t.kind === 'table' || t.kind === 'partitioned') &&
      !t.partitionOf &&
      (disposable || created.has(key(t))),
  );
  const own = createdObjects(ctx, 'trigger').map((o) => ({
    name: o.name,
    table: resolve(ctx, o.table ?? { name: '' }),
  }));
  // Only where the gate may write: a probe row is what shows a trigger broken.
  const affected = disposable
    ? affectedTriggers(ctx, (t) =>
        own.some((o) => o.name === t.name && same(o.table, { schema: t.schema, name: t.table })),
      )
    : [];
  const triggerTables = ctx.after.tables.filter(
    (t) => !tables.includes(t) && affected.some((a) => a.schema === t.schema && a.table === t.name),
  );
  return { ctx, tables, affected, triggerTables, disposable, known: noColumnTypes() };
}

/**
 * Rows for the probed tables (and their empty parents, where the database may
 * be written): said per table. Returns the server's refusals by table (a
 * trigger's error on INSERT is one the trigger probe judges).
 */
export async function probeRows(
  client: pg.Client,
  scope: ProbeScope,
  extra: Table[],
  outcome: ProbeOutcome,
): Promise<Map<string, pg.DatabaseError>> {
  const wanted = new Map(scope.tables.map((t) => [key(t), t]));
  if (scope.disposable) {
    for (const t of [...scope.tables, ...extra])
      for (const parent of parents(scope.ctx.after, t)) wanted.set(key(parent), parent);
    for (const t of extra) wanted.set(key(t), t);
  }
  const generation = await generateRows(client, scope.ctx.after, [...wanted.values()], {
    tenantColumn: scope.ctx.tenantColumn,
    inTransaction: true,
    known: scope.known,
  });
  for (const table of scope.tables) {
    const name = key(table);
    const filled = generation.filled.find((f) => f.table === name);
    const unfilled = generation.unfilled.find((f) => f.table === name);
    if (filled)
      record(
        outcome,
        'schema',
        'rows',
        name,
        'pass',
        `${filled.rows} rows generated${filled.reason ? ` (${filled.reason})` : ''}`,
      );
    else if (unfilled) record(outcome, 'schema', 'rows', name, 'info', `no row could be generated: ${unfilled.reason}`);
    else record(outcome, 'schema', 'rows', name, 'pass', 'rows of the fixtures');
  }
  return new Map(generation.unfilled.flatMap((u) => (u.error ? [[u.table, u.error] as const] : [])));
}

/** The tables a table's foreign keys point at, transitively. */
function parents(snapshot: CatalogSnapshot, table: Table, seen = new Set<string>()): Table[] {
  const found: Table[] = [];
  for (const fk of snapshot.constraints) {
    if (fk.type !== 'f' || fk.schema !== table.schema || fk.table !== table.name) continue;
    const parent = snapshot.tables.find((t) => t.schema === fk.refTable.schema && t.name === fk.refTable.name);
    if (!parent || seen.has(key(parent))) continue;
    seen.add(key(parent));
    found.push(parent, ...parents(snapshot, parent, seen));
  }
  return found;
}
