/**
 * A statement of a file the gate only runs (src/migrations/light.ts), as the
 * scanner made it: what running it as its tool does needs, with its text,
 * positions and references read from the file when asked.
 */
import type { ObjectName, ObjectReference, ReferenceRole, Statement, TransactionControl } from './model.js';
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

/**
 * A light statement's text, positions and references are read from its file
 * when asked for: made up front they were two thirds of what each one kept
 * (237 → 100 bytes; a 20 MB file of 200,000 INSERTs), and a plain INSERT's
 * reference to its table as much again. They are getters of the class, not
 * own properties: a spread copy (`{ ...statement }`) does not have them, so
 * a changed copy starts from `withOwnValues` (as `creatingNothing` in
 * src/target-stage.ts does).
 * Defined on each statement instead, they made every one an object of its
 * own shape: a fifth of the time to split a data file, and 133 bytes kept
 * per statement (now 110).
 */
class LightStatement implements Statement {
  declare readonly transaction?: TransactionControl;
  readonly #end: number;
  readonly #source: LightSource;
  /** A plain INSERT's table (one object for every INSERT into it), and where its name starts. */
  readonly #table: InsertedTable | undefined;
  readonly #tableAt: number;

  readonly index: number;
  readonly offset: number;
  readonly kind: string;
  readonly nonTransactional: boolean;

  constructor(s: Sketch, source: LightSource) {
    this.index = s.index;
    this.offset = s.start;
    this.kind = s.kind;
    this.nonTransactional = s.nonTransactional;
    if (s.transaction) this.transaction = s.transaction;
    this.#end = s.end;
    this.#source = source;
    this.#table = s.into && tableOf(s.into, source.tables);
    this.#tableAt = s.into?.at ?? -1;
  }

  // What a light statement creates or drops is never read (the parser reads those statements): one empty list for all.
  get creates(): never[] {
    return NONE;
  }
  get drops(): never[] {
    return NONE;
  }
  get sql(): string {
    return this.#source.sql.slice(this.offset, this.#end);
  }
  get start(): SourcePosition {
    return this.#source.map.position(this.offset);
  }
  get end(): SourcePosition {
    return this.#source.map.position(Math.max(this.offset, this.#end - 1));
  }
  get references(): ObjectReference[] {
    const table = this.#table;
    if (!table) return NONE;
    return tableReferences(table, this.#source.map, this.#tableAt);
  }

  /** Its JSON has what the getters read, as a parsed statement's has. */
  toJSON(): Statement {
    return withOwnValues(this);
  }
}

/** A table plain INSERTs write to, and its schema, as the parser names them: one of each for every INSERT into it. */
interface InsertedTable {
  table: ObjectName;
  schema: ObjectName | undefined;
}

/**
 * A plain INSERT's reference to its table or schema; where, when asked (most
 * who read a data file's references only look at what they name). A getter of
 * the class, not one made for each reference: made per reference, they were
 * most of what reading a data file's references allocated.
 */
class InsertReference implements ObjectReference {
  readonly #map: PositionMap;
  readonly #at: number;

  constructor(
    readonly object: ObjectName,
    readonly role: ReferenceRole,
    map: PositionMap,
    at: number,
  ) {
    this.#map = map;
    this.#at = at;
  }

  get position(): SourcePosition {
    return this.#map.position(this.#at);
  }

  /** Its JSON has its position, as a parsed reference's has. */
  toJSON(): ObjectReference {
    return { object: this.object, role: this.role, position: this.position };
  }
}

/** The references of a plain INSERT, both placed where its table's name starts, as the parser places them. */
function tableReferences({ table, schema }: InsertedTable, map: PositionMap, at: number): ObjectReference[] {
  const into = new InsertReference(table, 'from', map, at);
  return schema ? [into, new InsertReference(schema, 'schema', map, at)] : [into];
}

export function lightStatement(s: Sketch, source: LightSource): Statement {
  return new LightStatement(s, source);
}

/** A plain object of the statement's values, of either kind: a light statement's getters read into own properties. */
export function withOwnValues(statement: Statement): Statement {
  const { sql, start, end, references, creates, drops } = statement;
  return { ...statement, sql, start, end, references, creates, drops };
}

/** One object per table named, shared by every INSERT into it. */
function tableOf({ schema, name }: InsertTarget, tables: LightSource['tables']): InsertedTable {
  // No name holds a NUL: the file would not have been split (light.ts).
  const key = schema === undefined ? `\0${name}` : `${schema}\0${name}`;
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
