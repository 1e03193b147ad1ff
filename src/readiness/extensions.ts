/**
 * An extension the server lacks (pgvector) fails the migration at its CREATE
 * EXTENSION, and the types and functions it would have made are missing after
 * it: one entry of the pre-flight says so, with them inside it.
 */
import type pg from 'pg';
import { unavailableExtensions as lacking } from '../apply/baseline.js';
import { unavailableHint } from '../hints/index.js';
import type { Statement } from '../migrations/model.js';
import type { SourcePosition } from '../types.js';
import { blockedBy, inFileOrder, type MissingObject } from './prerequisites.js';

interface Unavailable {
  name: string;
  /** The schema its CREATE EXTENSION names (`WITH SCHEMA extensions`). */
  schema?: string;
  statement: Statement;
  position: SourcePosition;
}

/**
 * Folds the missing objects an unavailable extension explains into one entry
 * for the extension. The gate cannot know what an extension it has never seen
 * would create, so it takes the missing types and functions used after the
 * CREATE EXTENSION (nearest first) that nothing else explains, where the
 * extension could have put them — unqualified, in the schema it was given, or
 * in a schema named after it (`cron` of pg_cron) — and the schemas that only
 * qualify them.
 */
export async function withUnavailableExtensions(
  client: pg.Client,
  statements: Statement[],
  missing: MissingObject[],
): Promise<MissingObject[]> {
  const { unavailable, major } = await unavailableExtensions(client, statements);
  if (unavailable.length === 0) return missing;
  const groups = new Map<Unavailable, MissingObject[]>(unavailable.map((u) => [u, []]));
  const grouped = new Set<MissingObject>();
  const group = (entry: MissingObject, owner: Unavailable | undefined): void => {
    if (!owner) return;
    groups.get(owner)!.push(entry);
    grouped.add(entry);
  };
  for (const entry of missing) if (!entry.hint) group(entry, ownerOf(entry, unavailable));
  // Then the schemas, once the objects they qualify are in their groups.
  for (const entry of missing) {
    if (!entry.hint && entry.object.kind === 'schema') group(entry, qualifierOwner(entry, groups));
  }
  const rest = missing.filter((entry) => !grouped.has(entry));
  const folded = unavailable.map((u) => extensionEntry(u, groups.get(u)!, statements, major));
  return [...rest, ...folded].sort(inFileOrder);
}

async function unavailableExtensions(
  client: pg.Client,
  statements: Statement[],
): Promise<{ unavailable: Unavailable[]; major: number }> {
  const created = statements.flatMap((statement) =>
    statement.creates
      .filter((object) => object.kind === 'extension')
      .map((object) => {
        const schema = statement.references.find((r) => r.object.kind === 'schema')?.object.name;
        return { name: object.name, statement, position: object.position, ...(schema ? { schema } : {}) };
      }),
  );
  const lacked = created.length > 0 ? await lacking(client, [...new Set(created.map((c) => c.name))]) : [];
  const names = new Set(lacked.map((l) => l.name));
  return { unavailable: created.filter((c) => names.has(c.name)), major: lacked[0]?.major ?? 0 };
}

/**
 * Of the unavailable extensions created before a missing type or function is
 * first used and that could hold it, the one named like it (type vector of
 * pgvector's `vector`), else the nearest.
 */
function ownerOf(entry: MissingObject, unavailable: Unavailable[]): Unavailable | undefined {
  const { kind, schema, name } = entry.object;
  if (kind !== 'type' && kind !== 'function') return undefined;
  const first = entry.statements[0]!.index;
  const holds = (u: Unavailable): boolean =>
    schema === undefined || schema === 'public' || schema === u.schema || u.name.includes(schema);
  const candidates = unavailable.filter((u) => u.statement.index < first && holds(u));
  return candidates.find((u) => u.name === name) ?? candidates.at(-1);
}

/** The extension whose grouped objects account for every mention of a missing schema. */
function qualifierOwner(entry: MissingObject, groups: Map<Unavailable, MissingObject[]>): Unavailable | undefined {
  const same = (p: SourcePosition, q: SourcePosition): boolean => p.line === q.line && p.column === q.column;
  for (const [owner, members] of groups) {
    const inside = members.filter((m) => m.object.schema === entry.object.name);
    if (entry.positions.every((p) => inside.some((m) => m.positions.some((q) => same(p, q))))) return owner;
  }
  return undefined;
}

function extensionEntry(
  extension: Unavailable,
  provides: MissingObject[],
  statements: Statement[],
  major: number,
): MissingObject {
  provides.sort(inFileOrder);
  const needing = [...new Set(provides.flatMap((p) => p.statements))];
  return {
    object: { kind: 'extension', name: extension.name },
    display: extension.name,
    positions: [extension.position, ...provides.flatMap((p) => p.positions)].sort(
      (a, b) => a.line - b.line || a.column - b.column,
    ),
    statements: [extension.statement, ...needing],
    blocks: blockedBy(needing, statements),
    hint: unavailableHint(extension.name, major),
    provides,
  };
}
