/**
 * Cascades, exercised: for each foreign key the migration added or changed
 * with ON DELETE CASCADE / SET NULL / SET DEFAULT, one parent row that has
 * children is deleted and every table the deletion reaches is counted
 * before and after. A cascade from a tenant, account or user table into
 * tenant data is a warning with the numbers, unless migration-gate.yml
 * declares that very foreign key's ON DELETE CASCADE.
 */
import type pg from 'pg';
import type { CatalogSnapshot, ForeignKey, Table } from '../catalog/model.js';
import { isDatabaseError } from '../apply/send.js';
import { show, type Qualified } from '../migrations/names.js';
import { key } from '../rules/lints/problem.js';
import { created, resolve, resolveKey, type ValidationContext } from '../validators/common.js';
import { record, type ProbeOutcome } from './model.js';
import { probeFinding, relationPosition } from './place.js';
import type { ProbeScope } from './scope.js';
import { id, relation, trialStatements, type TrialStatement } from './session.js';

const ROOT = /(tenant|org|organi[sz]ation|account|compan|workspace|team|user|member|customer)/i;
const ACTING = new Set(['CASCADE', 'SET NULL', 'SET DEFAULT']);

export async function probeCascades(client: pg.Client, scope: ProbeScope, outcome: ProbeOutcome): Promise<void> {
  const { ctx } = scope;
  const before = new Map(
    ctx.before.constraints.filter((c) => c.type === 'f').map((c) => [`${c.schema}.${c.table}.${c.name}`, c.definition]),
  );
  const keys = ctx.after.constraints.filter(
    (c): c is ForeignKey =>
      c.type === 'f' &&
      !c.inherited &&
      ACTING.has(c.onDelete) &&
      before.get(`${c.schema}.${c.table}.${c.name}`) !== c.definition,
  );
  for (const fk of keys) {
    const parent = ctx.after.tables.find((t) => t.schema === fk.refTable.schema && t.name === fk.refTable.name);
    const child = ctx.after.tables.find((t) => t.schema === fk.schema && t.name === fk.table);
    if (!parent || !child) continue;
    const label = `${show({ schema: fk.schema, name: fk.table })}.${fk.name}`;
    if (!scope.disposable && !scope.tables.some((t) => key(t) === key(parent))) {
      record(
        outcome,
        'integration',
        'cascade',
        label,
        'skipped',
        `not probed: ${show(parent)} existed before, and the gate deletes no row of a database it must not change`,
      );
      continue;
    }
    const blast = await deleteOne(client, ctx.after, parent, fk);
    if (typeof blast === 'string') {
      record(outcome, 'integration', 'cascade', label, 'info', blast);
      continue;
    }
    const summary = blast
      .map(
        (b) =>
          `${b.deleted ? `${b.deleted} deleted` : ''}${b.deleted && b.nulled ? ', ' : ''}${b.nulled ? `${b.nulled} set to NULL` : ''} in ${show(b.table)}`,
      )
      .join('; ');
    const detail = `deleting one row of ${show(parent)}: ${summary || 'no other row changes'}`;
    const tenantData = blast.filter(
      (b) => b.deleted > 0 && b.table !== parent && b.table.columns.some((c) => c.name === ctx.tenantColumn),
    );
    const wipes = fk.onDelete === 'CASCADE' && isRoot(parent, fk, ctx.tenantColumn) && tenantData.length > 0;
    if (wipes && !declared(ctx, fk)) {
      const rows = tenantData.reduce((n, b) => n + b.deleted, 0);
      const message = `ON DELETE CASCADE from ${show(parent)}: deleting one of its rows deletes ${rows} rows of tenant data in ${tenantData.length} tables (${tenantData.map((b) => `${show(b.table)} ${b.deleted}`).join(', ')})`;
      outcome.findings.push(
        probeFinding(ctx, 'integration', 'warning', 'tenant-cascade', message, label, foreignKeyPosition(ctx, fk)),
      );
      record(outcome, 'integration', 'cascade', label, 'warn', message);
    } else {
      record(outcome, 'integration', 'cascade', label, 'pass', detail);
    }
  }
}

interface Blast {
  table: Table;
  deleted: number;
  nulled: number;
}

/** Deletes one parent row that has children (undone) and counts what changed in every table it reaches. */
async function deleteOne(
  client: pg.Client,
  snapshot: CatalogSnapshot,
  parent: Table,
  fk: ForeignKey,
): Promise<Blast[] | string> {
  const reach = reached(snapshot, parent);
  const child = { schema: fk.schema, name: fk.table };
  const match = fk.columns.map((c, i) => `c.${id(client, c)} = p.${id(client, fk.refColumns[i]!)}`).join(' AND ');
  const { rows } = await client.query<{ tableoid: string; ctid: string }>(
    `SELECT p.tableoid::text AS tableoid, p.ctid::text AS ctid FROM ${relation(client, parent)} p WHERE EXISTS (SELECT FROM ${relation(client, child)} c WHERE ${match}) LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return `not probed: no row of ${show(child)} points at a row of ${show(parent)}`;
  const deletion = {
    text: `DELETE FROM ${relation(client, parent)} WHERE tableoid = $1::oid AND ctid = $2::tid`,
    values: [row.tableoid, row.ctid],
  };
  const count = counts(client, reach);
  const results = await trialStatements<CountRow>(client, [count, deletion, count]);
  const counted = isDatabaseError(results)
    ? results
    : reach.map(({ table }, i) => {
        const [start, end] = [results[0]!.rows[i]!, results[2]!.rows[i]!];
        return { table, deleted: start.rows - end.rows, nulled: Math.max(0, end.nulls - start.nulls) };
      });
  if (isDatabaseError(counted)) return `deleting a row of ${show(parent)} fails: ${counted.message}`;
  return counted.filter((b) => b.table !== parent && (b.deleted > 0 || b.nulled > 0));
}

/** The tables a deletion in `root` reaches through acting foreign keys, with the key columns it may set to NULL. */
function reached(snapshot: CatalogSnapshot, root: Table): { table: Table; nullable: string[] }[] {
  const found = new Map<string, { table: Table; nullable: string[] }>([[key(root), { table: root, nullable: [] }]]);
  const queue = [root];
  while (queue.length > 0) {
    const table = queue.shift()!;
    for (const fk of snapshot.constraints) {
      if (
        fk.type !== 'f' ||
        fk.inherited ||
        fk.refTable.schema !== table.schema ||
        fk.refTable.name !== table.name ||
        !ACTING.has(fk.onDelete)
      )
        continue;
      const child = snapshot.tables.find((t) => t.schema === fk.schema && t.name === fk.table);
      if (!child) continue;
      const entry = found.get(key(child)) ?? { table: child, nullable: [] };
      if (fk.onDelete !== 'CASCADE') entry.nullable.push(...fk.columns.filter((c) => !entry.nullable.includes(c)));
      if (!found.has(key(child))) {
        found.set(key(child), entry);
        if (fk.onDelete === 'CASCADE') queue.push(child);
      }
    }
  }
  return [...found.values()];
}

interface CountRow {
  i: number;
  rows: number;
  nulls: number;
}

/** Rows, and rows whose acting key columns are NULL, of each table reached, in order. */
function counts(client: pg.Client, reach: { table: Table; nullable: string[] }[]): TrialStatement {
  const parts = reach.map(({ table, nullable }, i) => {
    const nulls =
      nullable.length === 0
        ? '0'
        : `count(*) FILTER (WHERE ${nullable.map((c) => `${id(client, c)} IS NULL`).join(' OR ')})`;
    return `SELECT ${i} AS i, count(*)::int AS rows, ${nulls}::int AS nulls FROM ${relation(client, table)}`;
  });
  return { text: parts.join(' UNION ALL ') + ' ORDER BY 1' };
}

/** A tenant, account or user table: the key holds the tenant column, or the parent's name says so. */
function isRoot(parent: Table, fk: ForeignKey, tenantColumn: string): boolean {
  return fk.columns.includes(tenantColumn) || ROOT.test(parent.name);
}

/** migration-gate.yml expects this foreign key with ON DELETE CASCADE: the cascade is meant. */
function declared(ctx: ValidationContext, fk: ForeignKey): boolean {
  return (ctx.expected.foreign_keys ?? []).some((expected) => {
    const dot = expected.from.lastIndexOf('.');
    const table = resolveKey(ctx, expected.from.slice(0, dot));
    return (
      table.schema === fk.schema &&
      table.name === fk.table &&
      expected.from.slice(dot + 1) === fk.columns[0] &&
      expected.on_delete === 'CASCADE'
    );
  });
}

export function foreignKeyPosition(ctx: ValidationContext, fk: ForeignKey) {
  const child: Qualified = { schema: fk.schema, name: fk.table };
  const sameTable = (t: { schema?: string; name: string }): boolean => {
    const r = resolve(ctx, t);
    return r.schema === child.schema && r.name === child.name;
  };
  const sameColumns = (columns: string[]): boolean => columns.join(',') === fk.columns.join(',');
  for (const object of created(ctx, 'table')) {
    if (object.details?.kind !== 'table' || !sameTable(object)) continue;
    const def = object.details.foreignKeys.find((f) => (f.name ? f.name === fk.name : sameColumns(f.columns)));
    if (def) return def.position;
  }
  const added = ctx.target.statements
    .flatMap((s) => s.addsForeignKeys ?? [])
    .find(
      (a) =>
        sameTable(a.table) && (a.foreignKey.name ? a.foreignKey.name === fk.name : sameColumns(a.foreignKey.columns)),
    );
  return added?.foreignKey.position ?? relationPosition(ctx, child);
}
