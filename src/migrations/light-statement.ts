/**
 * A statement of a file the gate only runs (src/migrations/light.ts), as the
 * scanner made it: what running it as its tool does needs, with its text,
 * positions and references read from the file when asked.
 */
import type { ObjectName, ObjectReference, Statement, TransactionControl } from './model.js';
import type { InsertTarget } from './plain-insert.js';
import type { PositionMap } from './positions.js';
import type { SourcePosition } from '../types.js';

/**
 * What a statement's first words say; enough to run it as its tool does.
 * Worked out as the statement ends, so that no word outlives it: a 20 MB file
 * of 200,000 INSERTs kept every one's words and a set of them (a transient
 * 190 MB, 63 MB kept, 12× the file).
 */
export interface Sketch {
  /** The statement's place in the file. */
  index: number;
  start: number;
  end: number;
  kind: string;
  transaction: TransactionControl | undefined;
  nonTransactional: boolean;
  /** The caller analyses this one: it goes through the real parser. */
  analyse: boolean;
  /** A plain INSERT's table. */
  into?: InsertTarget;
}

/** Shared by every light statement: nothing reads into them, and 200,000 statements kept three arrays each. */
const NONE: never[] = [];
Object.freeze(NONE);

/** The file a light statement is part of: its text, where each offset sits, the tables its plain INSERTs name. */
export interface LightSource {
  sql: string;
  map: PositionMap;
  tables: Map<string, InsertedTable>;
}

const SOURCE = Symbol('source');
const END = Symbol('end');
const TABLE = Symbol('table');
const TABLE_AT = Symbol('table at');

interface LightFields {
  offset: number;
  [END]: number;
  [SOURCE]: LightSource;
  /** A plain INSERT's table (one object for every INSERT into it), and where its name starts. */
  [TABLE]: InsertedTable | undefined;
  [TABLE_AT]: number;
}

function sqlOf(this: LightFields): string {
  return this[SOURCE].sql.slice(this.offset, this[END]);
}
function startOf(this: LightFields): SourcePosition {
  return this[SOURCE].map.position(this.offset);
}
function endOf(this: LightFields): SourcePosition {
  return this[SOURCE].map.position(Math.max(this.offset, this[END] - 1));
}
function referencesOf(this: LightFields): ObjectReference[] {
  const table = this[TABLE];
  if (!table) return NONE;
  const { map } = this[SOURCE];
  const at = this[TABLE_AT];
  return tableReferences(table, () => map.position(at));
}

/**
 * A light statement's text, positions and references are read from its
 * file when asked for: made up front they were two thirds of what each one
 * kept (237 → 100 bytes; a 20 MB file of 200,000 INSERTs), and a plain
 * INSERT's reference to its table as much again. Enumerable, so a copy made by
 * spreading it, or its JSON, has them as values.
 */
const READ_WHEN_ASKED: PropertyDescriptorMap = {
  sql: { get: sqlOf, enumerable: true },
  start: { get: startOf, enumerable: true },
  end: { get: endOf, enumerable: true },
  references: { get: referencesOf, enumerable: true },
};

/** A table plain INSERTs write to, and its schema, as the parser names them: one of each for every INSERT into it. */
interface InsertedTable {
  table: ObjectName;
  schema: ObjectName | undefined;
}

/** The references of a plain INSERT; where, when asked (most who read a data file's references only look at what they name). */
function tableReferences({ table, schema }: InsertedTable, place: () => SourcePosition): ObjectReference[] {
  const into: ObjectReference = {
    object: table,
    role: 'from',
    get position() {
      return place();
    },
  };
  if (!schema) return [into];
  const qualifier: ObjectReference = {
    object: schema,
    role: 'schema',
    get position() {
      return place();
    },
  };
  return [into, qualifier];
}

export function lightStatement(s: Sketch, source: LightSource): Statement {
  const fields: LightFields & Omit<Statement, 'sql' | 'start' | 'end' | 'references'> = {
    index: s.index,
    offset: s.start,
    [END]: s.end,
    [SOURCE]: source,
    [TABLE]: s.into && tableOf(s.into, source.tables),
    [TABLE_AT]: s.into?.at ?? -1,
    kind: s.kind,
    creates: NONE,
    drops: NONE,
    ...(s.transaction ? { transaction: s.transaction } : {}),
    nonTransactional: s.nonTransactional,
  };
  // The four properties READ_WHEN_ASKED adds are the rest of a Statement.
  return Object.defineProperties(fields, READ_WHEN_ASKED) as unknown as Statement;
}

/** One object per table named, shared by every INSERT into it. */
function tableOf({ schema, name }: InsertTarget, tables: LightSource['tables']): InsertedTable {
  const key = JSON.stringify([schema, name]);
  let table = tables.get(key);
  if (!table) {
    table =
      schema === undefined
        ? { table: { kind: 'table', name }, schema: undefined }
        : { table: { kind: 'table', schema, name }, schema: { kind: 'schema', name: schema } };
    tables.set(key, table);
  }
  return table;
}
