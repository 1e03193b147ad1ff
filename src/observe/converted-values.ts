/**
 * The columns the migration converts to another type by the type's own
 * conversion (no USING), read before it and, after it, read back as their
 * old type. A conversion that keeps every value (integer → bigint, varchar
 * → text, timestamp → timestamptz) reads back as it was; one that rounds or
 * cuts (numeric → integer) does not, and the values whose hashes are gone
 * are the ones it changed.
 */
import type pg from 'pg';
import { attempt } from '../apply/attempt.js';
import { isDatabaseError } from '../apply/send.js';
import type { CatalogSnapshot } from '../catalog/model.js';
import { withPinnedSettings } from '../catalog/snapshot.js';
import { quotedTable } from '../database/literals.js';
import type { ParsedSql } from '../migrations/model.js';
import { MAX_ROWS } from './table-data.js';

/** A column of an existing table converted without USING, with its type before. */
export interface Retyped {
  schema: string;
  table: string;
  column: string;
  type: string;
  position: { line: number; column: number };
}

/** The sorted hashes of each retyped column's values, by `schema.table.column`; a column not read is absent. */
export type ColumnHashes = Map<string, string[]>;

export interface Conversions {
  retyped: Retyped[];
  before: ColumnHashes;
  after?: ColumnHashes;
}

export const columnKey = (r: Retyped): string => `${r.schema}.${r.table}.${r.column}`;

/** Whether the target converts any column without USING: only then is anything read for it. */
export function convertsColumns(target: ParsedSql): boolean {
  return target.statements.some((s) => s.changes?.some((c) => c.kind === 'alter-column-type' && !c.using));
}

/** The columns of tables that existed before that the target converts without a USING. */
export function retypedColumns(target: ParsedSql, before: CatalogSnapshot, searchPath: string[]): Retyped[] {
  const found: Retyped[] = [];
  for (const statement of target.statements) {
    for (const change of statement.changes ?? []) {
      if (change.kind !== 'alter-column-type' || change.using) continue;
      const { schema, name } = change.table;
      const schemas = schema !== undefined ? [schema] : searchPath;
      const table = schemas
        .map((s) => before.tables.find((t) => t.schema === s && t.name === name && t.kind !== 'view'))
        .find(Boolean);
      const column = table?.columns.find((c) => c.name === change.column);
      if (table && column)
        found.push({
          schema: table.schema,
          table: table.name,
          column: column.name,
          type: column.type,
          position: change.position,
        });
    }
  }
  return found;
}

/**
 * Each retyped column's values as text: before the target as they are, after
 * it cast back to the old type. A table over the row cap, or a cast back the
 * server refuses (the old type dropped), leaves the column unread.
 */
export async function readColumns(
  client: pg.Client,
  retyped: Retyped[],
  moment: 'before' | 'after',
  inTransaction: boolean,
): Promise<ColumnHashes> {
  const read: ColumnHashes = new Map();
  if (retyped.length === 0) return read;
  await withPinnedSettings(client, async () => {
    for (const r of retyped) {
      const column = client.escapeIdentifier(r.column);
      const value = moment === 'before' ? column : `CAST(${column} AS ${r.type})`;
      // json keeps its text as written; jsonb its meaning: compared as jsonb, json → jsonb loses nothing.
      const compared = r.type === 'json' ? `(${value})::jsonb` : value;
      const table = quotedTable(client, { schema: r.schema, name: r.table });
      const answer = await attempt(client, inTransaction, () =>
        client.query<{ h: string }>(
          `SELECT left(md5(${compared}::text), 16) AS h FROM (SELECT * FROM ${table} LIMIT ${MAX_ROWS + 1}) t`,
        ),
      );
      if (!isDatabaseError(answer) && answer.rows.length <= MAX_ROWS)
        read.set(columnKey(r), answer.rows.map((row) => row.h ?? 'null').sort());
    }
  });
  return read;
}
