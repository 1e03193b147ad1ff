/**
 * Two facts the server states and the text hides: an index the migration
 * builds that the table already had (the catalog after the migration), and a
 * name PostgreSQL cut to 63 bytes (its NOTICE while the migration ran). The
 * parse only says where each was written.
 */
import type { Index } from '../../catalog/model.js';
import type { Statement } from '../../migrations/model.js';
import { PositionMap } from '../../migrations/positions.js';
import type { Finding } from '../../types.js';
import { finding, sameRelation, type SafetyContext } from './context.js';

export function duplicateIndexFindings(context: SafetyContext): Finding[] {
  const { after, before } = context;
  if (!after) return [];
  const existed = new Set(before.indexes.map(key));
  const created = after.indexes
    .filter((index) => !existed.has(key(index)) && !index.inherited)
    .map((index) => ({ index, statement: creatorOf(context, index) }))
    .filter((c): c is { index: Index; statement: Statement } => c.statement !== undefined)
    .sort((a, b) => a.statement.index - b.statement.index);
  // An index duplicates one from before, or one this migration created earlier.
  const earlier = new Set(existed);
  const found: Finding[] = [];
  for (const { index, statement } of created) {
    const twin = after.indexes.find((other) => earlier.has(key(other)) && !other.inherited && duplicates(index, other));
    earlier.add(key(index));
    if (!twin) continue;
    const when = existed.has(key(twin)) ? 'already had' : 'got earlier in this migration';
    found.push(
      finding(context, 'duplicate-index', statement, statement.start, {
        message: `index ${index.name} duplicates ${twin.name}, which ${index.table} ${when}`,
        object: `${index.schema}.${index.name}`,
      }),
    );
  }
  return found;
}

function key(index: Index): string {
  return `${index.schema}.${index.name}`;
}

/**
 * Same table, method, keys (with their operator classes and collations),
 * INCLUDE and predicate; a unique index is not covered by a plain one.
 */
function duplicates(index: Index, other: Index): boolean {
  const same =
    index.schema === other.schema &&
    index.table === other.table &&
    index.method === other.method &&
    index.columns.join('\u0000') === other.columns.join('\u0000') &&
    index.include.join('\u0000') === other.include.join('\u0000') &&
    index.predicate === other.predicate &&
    keysOf(index) === keysOf(other);
  return same && (!index.unique || other.unique);
}

/**
 * The key list as pg_get_indexdef writes it: `(body text_pattern_ops)` and
 * `(body COLLATE "C")` serve other queries. The direction of a single key
 * does not count: a B-tree reads it either way.
 */
function keysOf(index: Pick<Index, 'definition' | 'columns'>): string {
  const using = index.definition.indexOf(' USING ');
  const open = index.definition.indexOf('(', using);
  if (using < 0 || open < 0) return index.definition;
  let depth = 0;
  let close = open;
  for (; close < index.definition.length; close++) {
    if (index.definition[close] === '(') depth++;
    else if (index.definition[close] === ')' && --depth === 0) break;
  }
  const keys = index.definition.slice(open + 1, close);
  return index.columns.length === 1 ? keys.replace(/( (ASC|DESC))?( NULLS (FIRST|LAST))?$/, '') : keys;
}

/** The statement that created the index: by its name, else the index build on its table. */
function creatorOf(context: SafetyContext, index: Index): Statement | undefined {
  const table = { schema: index.schema, name: index.table };
  return (
    context.ran.find((s) => s.creates.some((c) => c.kind === 'index' && c.name === index.name)) ??
    context.ran.find((s) =>
      (s.changes ?? []).some(
        (c) =>
          (c.kind === 'create-index' || c.kind === 'add-constraint') &&
          sameRelation(`${table.schema}.${table.name}`, c.table),
      ),
    )
  );
}

export function truncationFindings(context: SafetyContext): Finding[] {
  const map = new PositionMap(context.target.text);
  return context.truncations.flatMap(({ identifier, truncatedTo }) => {
    const lower = identifier.toLowerCase();
    const statement = context.ran.find((s) => s.sql.toLowerCase().includes(lower));
    if (!statement) return [];
    const position = map.position(statement.offset + statement.sql.toLowerCase().indexOf(lower));
    return [
      finding(context, 'identifier-truncated', statement, position, {
        message: `identifier "${identifier}" is longer than 63 bytes: PostgreSQL names it "${truncatedTo}"`,
        object: truncatedTo,
      }),
    ];
  });
}
