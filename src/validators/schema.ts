import type { Finding, TaskResult } from '../types.js';
import {
  countMatches,
  created,
  createdNamed,
  describeCount,
  findTable,
  finding,
  taskResult,
  type ValidationContext,
  resolve,
  resolveKey,
} from './common.js';
import { show } from '../migrations/names.js';

/** Task `schema`: every table exists with its declared columns and partitioning. */
export function validateSchema(ctx: ValidationContext): TaskResult {
  const findings: Finding[] = [];
  const fail = (message: string, object: string, at?: Parameters<typeof finding>[6]): void => {
    findings.push(finding('schema', 'error', 'schema-mismatch', message, ctx, object, at));
  };
  const tables = created(ctx, 'table');
  for (const object of tables) {
    const name = resolve(ctx, object);
    const table = findTable(ctx.after, name);
    if (!table) {
      fail(`table ${show(name)} does not exist after the migration`, show(name), object);
      continue;
    }
    if (object.details?.kind !== 'table') continue;
    const { columns, partitioned, partitionOf } = object.details;
    const actual = table.columns.map((c) => c.name);
    for (const column of columns.filter((c) => !actual.includes(c))) {
      fail(`table ${show(name)} lacks column ${column}`, `${show(name)}.${column}`, object);
    }
    if (partitioned && table.kind !== 'partitioned') {
      fail(`table ${show(name)} is declared PARTITION BY but is not partitioned`, show(name), object);
    }
    if (partitionOf && !(table.partitionOf && show(table.partitionOf) === show(resolve(ctx, partitionOf)))) {
      fail(`${show(name)} is not a partition of ${show(resolve(ctx, partitionOf))}`, show(name), object);
    }
  }

  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const name = resolveKey(ctx, key);
    const at = createdNamed(ctx, 'table', name);
    const table = findTable(ctx.after, name);
    if (!table) {
      fail(`table ${show(name)} is expected but does not exist`, show(name), at);
      continue;
    }
    const names = table.columns.map((c) => c.name);
    if (Array.isArray(expected.columns)) {
      const missing = expected.columns.filter((c) => !names.includes(c));
      if (missing.length > 0) fail(`table ${show(name)} lacks column(s) ${missing.join(', ')}`, show(name), at);
    } else if (expected.columns !== undefined && !countMatches(expected.columns, names.length)) {
      fail(
        `table ${show(name)} has ${names.length} columns, expected ${describeCount(expected.columns)}`,
        show(name),
        at,
      );
    }
    if (expected.partitioned !== undefined && expected.partitioned !== (table.kind === 'partitioned')) {
      fail(
        `table ${show(name)} is ${expected.partitioned ? 'not ' : ''}partitioned, expected the opposite`,
        show(name),
        at,
      );
    }
    if (expected.partitions !== undefined) {
      const count = partitionsOf(ctx, table).length;
      if (!countMatches(expected.partitions, count)) {
        fail(
          `table ${show(name)} has ${count} partitions, expected ${describeCount(expected.partitions)}`,
          show(name),
          at,
        );
      }
    }
  }
  return taskResult(
    'schema',
    findings,
    passSummary(
      ctx,
      tables.map((o) => resolve(ctx, o)),
    ),
  );
}

function partitionsOf(ctx: ValidationContext, parent: { schema: string; name: string }) {
  return ctx.after.tables.filter((t) => t.partitionOf?.schema === parent.schema && t.partitionOf.name === parent.name);
}

/** "3 tables, 8/16/10 columns, 4 partitions" — the seed's wording. */
function passSummary(ctx: ValidationContext, names: { schema: string; name: string }[]): string {
  const found = names.flatMap((n) => findTable(ctx.after, n) ?? []);
  const tables = found.filter((t) => !t.partitionOf);
  const partitions = found.length - tables.length;
  const partitionCount = `${partitions} ${partitions === 1 ? 'partition' : 'partitions'}`;
  if (tables.length === 0) return partitions > 0 ? partitionCount : 'No tables created; nothing to check';
  const columns = tables.map((t) => t.columns.length).join('/');
  const plural = tables.length === 1 ? 'table' : 'tables';
  return `${tables.length} ${plural}, ${columns} columns${partitions > 0 ? `, ${partitionCount}` : ''}`;
}
