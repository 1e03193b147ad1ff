import type pg from 'pg';
import type { ParsedSql } from '../migrations/model.js';
import { kindClass } from '../migrations/names.js';
import { gateSql } from '../sql-files.js';
import { didYouMean } from '../suggest.js';
import type { MissingObject } from './prerequisites.js';

/**
 * A missing table one edit away from one that exists, or that the migration
 * creates (`organisation` for `organization`), is most likely a typo: its
 * hint says so. Nothing is said when no name, or several, are that close.
 */
export async function nameNearMisses(client: pg.Client, parsed: ParsedSql, missing: MissingObject[]): Promise<void> {
  const relations = missing.filter((m) => kindClass(m.object.kind) === 'relation' && m.hint === undefined);
  const bySchema = new Map<string | null, string[]>();
  for (const entry of relations) {
    const schema = entry.object.schema ?? null;
    if (!bySchema.has(schema)) {
      const { rows } = await client.query<{ name: string }>(gateSql('relation-names.sql'), [schema]);
      const created = parsed.statements
        .flatMap((s) => s.creates)
        .filter((o) => kindClass(o.kind) === 'relation' && (o.schema ?? null) === schema)
        .map((o) => o.name);
      bySchema.set(schema, [...rows.map((r) => r.name), ...created]);
    }
    const meant = didYouMean(entry.object.name, bySchema.get(schema)!);
    if (meant) entry.hint = `Did you mean \`${schema ? `${schema}.${meant}` : meant}\`?`;
  }
}
