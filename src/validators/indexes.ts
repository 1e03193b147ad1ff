import type { Index } from '../catalog/model.js';
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

/**
 * Task `indexes`: the declared indexes exist and are valid, counts match, and
 * every foreign key of the migration's tables has an index leading with its
 * columns (else deletes on the referenced table scan the whole child table).
 */
export function validateIndexes(ctx: ValidationContext): TaskResult {
  const findings: Finding[] = [];
  const declared = created(ctx, 'index');
  for (const object of declared) {
    const name = resolve(ctx, { ...(object.table?.schema ? { schema: object.table.schema } : {}), name: object.name });
    const index = ctx.after.indexes.find((i) => i.schema === name.schema && i.name === name.name);
    if (!index) {
      findings.push(
        finding('indexes', 'error', 'index-missing', `index ${show(name)} does not exist`, ctx, show(name), object),
      );
    } else if (!index.valid || !index.ready) {
      findings.push(
        finding(
          'indexes',
          'error',
          'index-invalid',
          `index ${show(name)} is INVALID (a failed CREATE INDEX CONCURRENTLY?)`,
          ctx,
          show(name),
          object,
        ),
      );
    }
  }

  for (const [key, expected] of Object.entries(ctx.expected.tables ?? {})) {
    const table = findTable(ctx.after, resolveKey(ctx, key));
    if (!table || expected.indexes === undefined) continue;
    const count = plainIndexes(ctx.after.indexes, table).length;
    if (!countMatches(expected.indexes, count)) {
      const at = createdNamed(ctx, 'table', table);
      findings.push(
        finding(
          'indexes',
          'error',
          'index-count',
          `table ${show(table)} has ${count} indexes, expected ${describeCount(expected.indexes)}`,
          ctx,
          show(table),
          at,
        ),
      );
    }
  }
  const found = declared.filter((o) => ctx.after.indexes.some((i) => i.name === o.name)).length;
  if (ctx.expected.indexes !== undefined && !countMatches(ctx.expected.indexes, found)) {
    findings.push(
      finding(
        'indexes',
        'error',
        'index-count',
        `the migration creates ${found} indexes, expected ${describeCount(ctx.expected.indexes)}`,
        ctx,
      ),
    );
  }

  let foreignKeys = 0;
  for (const object of created(ctx, 'table')) {
    const table = findTable(ctx.after, resolve(ctx, object));
    if (!table || table.partitionOf) continue;
    const indexes = ctx.after.indexes.filter(
      (i) => i.schema === table.schema && i.table === table.name && !i.inherited,
    );
    for (const fk of ctx.after.constraints) {
      if (fk.type !== 'f' || fk.inherited || fk.schema !== table.schema || fk.table !== table.name) continue;
      foreignKeys += 1;
      if (!indexes.some((index) => covers(index, fk.columns))) {
        findings.push(
          finding(
            'indexes',
            'warning',
            'unindexed-foreign-key',
            `foreign key ${show(table)}(${fk.columns.join(', ')}) has no index leading with its columns`,
            ctx,
            `${show(table)}.${fk.columns.join(',')}`,
            object,
          ),
        );
      }
    }
  }
  const summary =
    declared.length === 0 && foreignKeys === 0
      ? 'No indexes or foreign keys to check'
      : `${found} indexes, all valid; ${foreignKeys} foreign keys covered`;
  return taskResult('indexes', findings, summary);
}

/** Indexes a user wrote, not those behind constraints or cloned onto partitions. */
function plainIndexes(indexes: Index[], table: { schema: string; name: string }): Index[] {
  return indexes.filter((i) => i.schema === table.schema && i.table === table.name && !i.constraint && !i.inherited);
}

/** The index's leading columns are exactly the key's columns, in any order. */
function covers(index: Index, columns: string[]): boolean {
  if (index.predicate) return false;
  const leading = index.columns.slice(0, columns.length);
  return leading.length === columns.length && columns.every((c) => leading.includes(c));
}
