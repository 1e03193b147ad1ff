import type pg from 'pg';
import { createdWithExtension } from '../hints/contrib.js';
import { objectHint, type Present } from '../hints/index.js';
import type { CreatedObject, ObjectName, ObjectReference, ParsedSql, Statement } from '../migrations/model.js';
import type { TableChange } from '../migrations/changes.js';
import { displayName, kindClass, objectKey } from '../migrations/names.js';
import { gateSql } from '../sql-files.js';
import { nameNearMisses } from './near-names.js';
import type { SourcePosition } from '../types.js';

/** An object the migration needs that neither the database nor the migration (earlier on) provides. */
export interface MissingObject {
  object: ObjectName;
  /** `organization`, `auth`, `auth.users_extended`, `auth.uid()`. */
  display: string;
  /** Every place it is referenced, in file order. */
  positions: SourcePosition[];
  /** Statements that need it. */
  statements: Statement[];
  /** What cannot be created because of it: directly, then through what depends on those. */
  blocks: { direct: CreatedObject[]; dependent: CreatedObject[] };
  /** What supplies it, when the gate knows (an extension shipped with PostgreSQL, a prerequisite pack). */
  hint?: string;
  /** For an extension the server does not have: the missing objects it would have created. */
  provides?: MissingObject[];
}

/**
 * Resolves every object the migration references against the database plus
 * what the migration itself creates before the reference, and reports all the
 * missing ones at once — the pre-flight the seed did by hand.
 */
export async function missingDependencies(
  client: pg.Client,
  parsed: ParsedSql,
  present: Present,
): Promise<MissingObject[]> {
  const unique = new Map<string, ObjectName>();
  unresolvedReferences(parsed.statements, (key, { object }) => void unique.set(key, object));
  if (unique.size === 0) return [];
  const objects = [...unique.values()];
  const { rows } = await client.query<{ i: number }>(gateSql('resolve-objects.sql'), [
    objects.map((o) => kindClass(o.kind)),
    objects.map((o) => o.schema ?? null),
    objects.map((o) => o.name),
  ]);
  const existing = new Set(rows.map((row) => objectKey(objects[row.i - 1]!)));
  if (existing.size === objects.length) return [];
  // Where each absent object is referenced, read again: kept for every reference, the places of a data file's
  // 200,000 INSERTs into a table that is there were most of the pre-flight's 70 MB.
  const candidates: Candidate[] = [];
  unresolvedReferences(parsed.statements, (key, reference, statement) => {
    if (!existing.has(key)) candidates.push({ object: reference.object, position: reference.position, statement });
  });
  const missing = new Map<string, MissingObject>();
  for (const candidate of candidates) {
    const key = objectKey(candidate.object);
    const entry = missing.get(key) ?? missingEntry(candidate.object, present);
    entry.positions.push(candidate.position);
    if (!entry.statements.includes(candidate.statement)) entry.statements.push(candidate.statement);
    missing.set(key, entry);
  }
  for (const entry of missing.values()) entry.blocks = blockedBy(entry.statements, parsed.statements);
  await nameNearMisses(client, parsed, [...missing.values()]);
  return [...missing.values()].sort(inFileOrder);
}

function missingEntry(object: ObjectName, present: Present): MissingObject {
  const hint = objectHint(object, present);
  const blocks = { direct: [], dependent: [] };
  return { object, display: displayName(object), positions: [], statements: [], blocks, ...(hint ? { hint } : {}) };
}

/** File order; a schema before the objects in it, as it must be created first. */
export function inFileOrder(a: MissingObject, b: MissingObject): number {
  return (
    a.positions[0]!.line - b.positions[0]!.line ||
    Number(b.object.kind === 'schema') - Number(a.object.kind === 'schema') ||
    a.positions[0]!.column - b.positions[0]!.column
  );
}

interface Candidate {
  object: ObjectName;
  position: SourcePosition;
  statement: Statement;
}

/** Each reference not satisfied by an object the migration created earlier, with its key; its place when asked. */
export function unresolvedReferences(
  statements: Statement[],
  /** A light statement's reference reads its position when asked (src/migrations/light-statement.ts). */
  found: (key: string, reference: ObjectReference, statement: Statement) => void,
): void {
  const created = new Set<string>();
  // The rows of a data file share their table's name (src/migrations/light-statement.ts): its key is made once.
  const keys = new Map<ObjectName, string>();
  const keyOf = (object: ObjectName): string => {
    let key = keys.get(object);
    if (key === undefined) keys.set(object, (key = objectKey(object)));
    return key;
  };
  for (const statement of statements) {
    for (const reference of statement.references) {
      const key = keyOf(reference.object);
      if (!created.has(key)) found(key, reference, statement);
    }
    for (const object of statement.creates) {
      created.add(objectKey(object));
      if (ROW_TYPED.has(object.kind)) created.add(objectKey(rowType(object)));
    }
    for (const object of createdWithExtension(statement)) created.add(objectKey(object));
    // A relation renamed or moved to another schema is there under its new name afterwards.
    // A data file's light statements carry no changes: no array is made for each of their rows.
    for (const change of statement.changes ?? NO_CHANGES) {
      const moved =
        change.kind === 'rename-table'
          ? { ...change.table, name: change.to }
          : change.kind === 'set-schema'
            ? { schema: change.schema, name: change.table.name }
            : undefined;
      if (!moved) continue;
      const table: ObjectName = { kind: 'table', ...moved };
      created.add(objectKey(table));
      created.add(objectKey(rowType(table)));
    }
    for (const object of statement.drops) {
      created.delete(objectKey(object));
      if (ROW_TYPED.has(object.kind)) created.delete(objectKey(rowType(object)));
    }
  }
}

const NO_CHANGES: readonly TableChange[] = [];

/** A table or view brings a composite type of its name (`RETURNS SETOF t`, a column of type `t`). */
const ROW_TYPED = new Set<ObjectName['kind']>(['table', 'view']);

function rowType(object: ObjectName): ObjectName {
  return { kind: 'type', name: object.name, ...(object.schema !== undefined ? { schema: object.schema } : {}) };
}

/** What the statements `needing` an absent object fail to create, and what fails in turn. */
export function blockedBy(needing: Statement[], statements: Statement[]): MissingObject['blocks'] {
  const unavailable = new Set<string>();
  const direct: CreatedObject[] = [];
  const dependent: CreatedObject[] = [];
  for (const statement of statements) {
    const needsMissing = needing.includes(statement);
    const needsBlocked = !needsMissing && statement.references.some((r) => unavailable.has(objectKey(r.object)));
    if (!needsMissing && !needsBlocked) continue;
    for (const object of statement.creates) {
      unavailable.add(objectKey(object));
      (needsMissing ? direct : dependent).push(object);
    }
  }
  return { direct, dependent };
}
