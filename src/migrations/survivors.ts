/**
 * What a migration's CREATE statements leave behind. A staging table, a
 * helper function or a temporary index created and dropped again in the same
 * migration is not expected afterwards; an object created and then renamed
 * or moved (`CREATE UNIQUE INDEX CONCURRENTLY i …; ADD CONSTRAINT c UNIQUE
 * USING INDEX i`, a new table swapped in under the old one's name) is
 * expected under its new name, and so are the foreign keys on it or to it.
 * Each keeps the position of its CREATE.
 */
import type { QualifiedName } from './ast.js';
import type { DeclaredForeignKey } from './foreign-keys.js';
import type { CreatedObject, ObjectName, Statement } from './model.js';
import type { Rename } from './renames.js';

export interface Survivors {
  objects: CreatedObject[];
  /** Foreign keys of created tables and those added by ALTER TABLE, as they are afterwards. */
  foreignKeys: DeclaredForeignKey[];
}

/** `defaultSchema`: where an unqualified name was created, and what it means in a DROP or a rename. */
export function survivingCreates(statements: readonly Statement[], defaultSchema: string): Survivors {
  const schemaOf = (o: { schema?: string }): string => o.schema ?? defaultSchema;
  const same = (a: QualifiedName | undefined, b: QualifiedName | undefined): boolean =>
    a !== undefined && b !== undefined && a.name === b.name && schemaOf(a) === schemaOf(b);
  const matches = (o: ObjectName, n: ObjectName): boolean => {
    if (namespace(o.kind) !== namespace(n.kind) || o.name !== n.name) return false;
    if (o.kind === 'trigger' || o.kind === 'policy') return same(o.table, n.table);
    return UNSCHEMED.has(o.kind) || schemaOf(o) === schemaOf(n);
  };
  // The drop of a table takes its indexes, triggers, policies and foreign keys; that of a schema, all in it.
  const takes = (dropped: ObjectName, table: QualifiedName): boolean =>
    (namespace(dropped.kind) === 'table' && same(table, dropped)) ||
    (dropped.kind === 'schema' && schemaOf(table) === dropped.name);
  const goesWith = (o: CreatedObject, dropped: ObjectName): boolean =>
    matches(o, dropped) || (!UNSCHEMED.has(o.kind) && takes(dropped, o.table ?? o));
  const move = (rename: Rename) => (n: QualifiedName) => moved(n, rename, same);

  let objects: CreatedObject[] = [];
  let foreignKeys: DeclaredForeignKey[] = [];
  // Every name a live object has or is on: a file of 5,000 DROP … IF EXISTS and CREATE pairs
  // looks through the live objects only for the names they could match.
  const mentioned = new Set<string>();
  const mention = (o: { schema?: string; name: string; table?: QualifiedName }): void => {
    mentioned.add(o.name).add(schemaOf(o.table ?? o));
    if (o.table) mentioned.add(o.table.name);
  };
  const declare = (key: DeclaredForeignKey): void => {
    foreignKeys.push(key);
    mention(key.table);
    mention(key.foreignKey.refTable);
  };
  for (const statement of statements) {
    for (const object of statement.creates) {
      objects.push(object);
      mention(object);
      if (object.details?.kind === 'table')
        for (const foreignKey of object.details.foreignKeys) declare({ table: object, foreignKey });
    }
    for (const added of statement.addsForeignKeys ?? []) declare(added);
    for (const dropped of statement.drops) {
      if (!mentioned.has(dropped.name)) continue;
      objects = objects.filter((o) => !goesWith(o, dropped));
      foreignKeys = foreignKeys.filter((k) => !takes(dropped, k.table) && !takes(dropped, k.foreignKey.refTable));
    }
    for (const rename of statement.renames ?? []) {
      if (!mentioned.has(rename.object.name)) continue;
      objects = objects.map((o) => renamed(o, rename, matches, move(rename)));
      foreignKeys = foreignKeys.map(({ table, foreignKey }) => ({
        table: move(rename)(table),
        foreignKey: { ...foreignKey, refTable: move(rename)(foreignKey.refTable) },
      }));
      objects.forEach(mention);
    }
    for (const change of statement.changes ?? []) {
      if (change.kind !== 'rename-column' && change.kind !== 'drop-column') continue;
      if (!mentioned.has(change.table.name)) continue;
      const dropping = change.kind === 'drop-column';
      const column = (columns: string[], on: QualifiedName): string[] | undefined =>
        !same(on, change.table) || !columns.includes(change.column)
          ? columns
          : dropping
            ? undefined
            : columns.map((c) => (c === change.column ? change.to : c));
      objects = objects.flatMap((o): CreatedObject[] => {
        const details = o.details;
        if (details?.kind !== 'table' && details?.kind !== 'index') return [o];
        const columns = column(details.columns, o.table ?? o);
        if (columns === details.columns) return [o];
        // PostgreSQL drops an index with a column it is on; a table just loses the column.
        if (details.kind === 'index') return columns ? [{ ...o, details: { ...details, columns } }] : [];
        return [
          { ...o, details: { ...details, columns: columns ?? details.columns.filter((c) => c !== change.column) } },
        ];
      });
      foreignKeys = foreignKeys.flatMap(({ table, foreignKey }): DeclaredForeignKey[] => {
        const columns = column(foreignKey.columns, table);
        const refColumns = column(foreignKey.refColumns, foreignKey.refTable);
        return columns && refColumns ? [{ table, foreignKey: { ...foreignKey, columns, refColumns } }] : [];
      });
    }
  }
  // A temporary table goes with the session, and what is on it with it.
  for (const temporary of objects.filter((o) => o.temporary)) {
    objects = objects.filter((o) => !goesWith(o, temporary));
    foreignKeys = foreignKeys.filter((k) => !takes(temporary, k.table));
  }
  return { objects, foreignKeys };
}

const UNSCHEMED = new Set<ObjectName['kind']>(['schema', 'role', 'extension']);

/** Tables, views, sequences and indexes share one namespace: `ALTER TABLE v RENAME` renames a view too. */
function namespace(kind: ObjectName['kind']): string {
  return kind === 'view' || kind === 'sequence' || kind === 'index' ? 'table' : kind;
}

/** A relation's name after a rename or a move: of the relation itself, or of the schema it is in. */
function moved(
  n: QualifiedName,
  { object, to }: Rename,
  same: (a: QualifiedName | undefined, b: QualifiedName | undefined) => boolean,
): QualifiedName {
  if (object.kind === 'schema')
    return n.schema === object.name && to.name !== undefined ? { ...n, schema: to.name } : n;
  if (namespace(object.kind) !== 'table' || !same(n, object)) return n;
  return {
    ...n,
    ...(to.name !== undefined ? { name: to.name } : {}),
    ...(to.schema !== undefined ? { schema: to.schema } : {}),
  };
}

/** The object under its new name; what belonged to a renamed or moved table, on it still. */
function renamed(
  o: CreatedObject,
  rename: Rename,
  matches: (o: ObjectName, n: ObjectName) => boolean,
  move: (n: QualifiedName) => QualifiedName,
): CreatedObject {
  const { object, to } = rename;
  const table = o.table ? { table: move(o.table) } : {};
  if (object.kind === 'schema') {
    if (o.kind === 'schema') return o.name === object.name && to.name !== undefined ? { ...o, name: to.name } : o;
    return {
      ...o,
      ...(o.schema !== undefined ? { schema: move({ schema: o.schema, name: o.name }).schema } : {}),
      ...table,
    };
  }
  if (matches(o, object))
    return {
      ...o,
      ...(to.name !== undefined ? { name: to.name } : {}),
      ...(to.schema !== undefined ? { schema: to.schema } : {}),
    };
  if (!o.table || move(o.table) === o.table) return o;
  // An index lives in its table's schema.
  return { ...o, ...(o.kind === 'index' && to.schema !== undefined ? { schema: to.schema } : {}), ...table };
}
