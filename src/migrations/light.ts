/**
 * A file the gate only has to run, not analyse — an earlier migration, a
 * baseline dump, test data — split into statements by the scanner alone. The
 * real parser costs far more than the server's own work on such files (a
 * history of thousands of migrations, a 20 MB fixture); it reads here only
 * the statements a caller asks for (`needsParse`), in one pass over a copy of
 * the file with every other statement blanked, so lines and columns stay
 * exact. What the server rejects is then placed by its own error position.
 */
import type { ObjectReference, ParsedSql, Statement, TransactionControl } from './model.js';
import { PlainInsert, type InsertTarget } from './plain-insert.js';
import type { SourcePosition } from '../types.js';
import { SqlScanner } from './lexer.js';
import { blankMetaCommands } from './meta.js';
import { parseSql } from './parse.js';
import { PositionMap } from './positions.js';

/**
 * What a statement's first words say; enough to run it as its tool does.
 * Worked out as the statement ends, so that no word outlives it: a 20 MB file
 * of 200,000 INSERTs kept every one's words and a set of them (a transient
 * 190 MB, 63 MB kept, 12× the file).
 */
interface Sketch {
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

const LEADING_WORDS = 8;

/**
 * The statements of `text`. `needsParse` picks the statements the caller
 * analyses (it is given every word of each); undefined when the scanner cannot
 * split the file safely (a `BEGIN ATOMIC` body holds semicolons): then parse
 * it all.
 */
export async function splitLight(
  text: string,
  file: string,
  needsParse: (words: ReadonlySet<string>) => boolean,
  /** A plain INSERT (src/migrations/plain-insert.ts) is not parsed whatever `needsParse` says: its table is read here. */
  { plainInserts = false }: { plainInserts?: boolean } = {},
): Promise<ParsedSql | undefined> {
  // The real parser says where a NUL byte is; the scanner would not.
  if (text.includes('\0')) return undefined;
  const { text: sql, metaCommands } = blankMetaCommands(text);
  const source: LightSource = { sql, map: new PositionMap(sql), tables: new Map() };
  // Each statement is made as the scanner ends it; those the caller analyses are parsed after, together.
  const statements: Statement[] = [];
  const chosen: Sketch[] = [];
  const separators = await sketch(sql, needsParse, plainInserts, (s) => {
    if (s.analyse) chosen.push(s);
    statements.push(lightStatement(s, source));
  });
  if (separators === undefined) return undefined;
  const parsed = chosen.length > 0 ? await parseSql(blankAllBut(sql, chosen, separators), file) : undefined;
  if (parsed?.syntaxError) return undefined;
  const indexAt = new Map(chosen.map((s) => [s.start, s.index]));
  for (const analysed of parsed?.statements ?? []) {
    const index = indexAt.get(analysed.offset);
    if (index !== undefined) statements[index] = { ...analysed, index };
  }
  const first = statements[0]?.transaction;
  const managesTransaction = first === 'begin' && statements.slice(1).some((s) => s.transaction === 'commit');
  return { file, text, statements, managesTransaction, metaCommands };
}

/**
 * Statements between two turns of the event loop: a local server starts
 * while the files are split (src/gate.ts), and its steps (the cluster's copy
 * done, the server ready) wait for this thread. A 5,000-table dump takes
 * 40–50 ms to split: in one go, the server's start waited for it, and the
 * dump went to the server 12 ms later (four alternating pairs).
 */
const TURN = 1_000;
/** One turn of the event loop: what waits on I/O (a child process, a socket) runs first. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls `ended` with each statement as the scanner ends it; gives back where the separators are. */
async function sketch(
  sql: string,
  needsParse: (words: ReadonlySet<string>) => boolean,
  plainInserts: boolean,
  ended: (sketch: Sketch) => void,
): Promise<number[] | undefined> {
  const scanner = new SqlScanner(sql);
  const insert = plainInserts ? new PlainInsert() : undefined;
  const separators: number[] = [];
  let index = 0;
  // One statement's words at a time, cleared at its end.
  const leading: string[] = [];
  const words = new Set<string>();
  let start = -1;
  let end = -1;
  const close = (): void => {
    if (start >= 0) {
      const into = insert?.result();
      ended({
        index: index++,
        start,
        end,
        kind: into ? 'InsertStmt' : kindOf(leading),
        transaction: transactionOf(leading),
        nonTransactional: refusesTransactionBlock(leading, () => sql.slice(start, end)),
        analyse: into ? false : needsParse(words),
        ...(into ? { into } : {}),
      });
    }
    insert?.reset();
    start = -1;
    leading.length = 0;
    words.clear();
  };
  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.type === 'comment') continue;
    if (t.type === 'punct' && t.value === ';') {
      separators.push(t.start);
      close();
      if (separators.length % TURN === 0) await nextTurn();
      continue;
    }
    if (start < 0) start = t.start;
    end = t.end;
    insert?.feed(t);
    if (t.type === 'word') {
      if (leading.length < LEADING_WORDS) leading.push(t.value);
      if (t.value === 'atomic' && words.has('begin')) return undefined;
      words.add(t.value);
    }
  }
  close();
  return separators;
}

/** The text with only the chosen statements, their separators and every newline left in place. */
function blankAllBut(sql: string, keep: Sketch[], separators: number[]): string {
  const ranges = [
    ...keep.map((s): [number, number] => [s.start, s.end]),
    ...separators.map((at): [number, number] => [at, at + 1]),
  ];
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += sql.slice(at, start).replace(/[^\n]/g, ' ') + sql.slice(start, end);
    at = end;
  }
  return out + sql.slice(at).replace(/[^\n]/g, ' ');
}

/** Shared by every light statement: nothing reads into them, and 200,000 statements kept three arrays each. */
const NONE: never[] = [];
Object.freeze(NONE);

/** The file a light statement is part of: its text, where each offset sits, the tables its plain INSERTs name. */
interface LightSource {
  sql: string;
  map: PositionMap;
  tables: Map<string, { schema?: string; name: string }>;
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
  [TABLE]: { schema?: string; name: string } | undefined;
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
  return table ? tableReferences(table, this[SOURCE].map.position(this[TABLE_AT])) : NONE;
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

/** The table a plain INSERT writes to, and its schema, as the parser names them. */
function tableReferences(
  { schema, name }: { schema?: string; name: string },
  position: SourcePosition,
): ObjectReference[] {
  if (schema === undefined) return [{ object: { kind: 'table', name }, role: 'from', position }];
  return [
    { object: { kind: 'table', schema, name }, role: 'from', position },
    { object: { kind: 'schema', name: schema }, role: 'schema', position },
  ];
}

function lightStatement(s: Sketch, source: LightSource): Statement {
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
function tableOf({ schema, name }: InsertTarget, tables: LightSource['tables']): { schema?: string; name: string } {
  const key = JSON.stringify([schema, name]);
  let table = tables.get(key);
  if (!table) tables.set(key, (table = schema === undefined ? { name } : { schema, name }));
  return table;
}

function transactionOf([a, b]: string[]): TransactionControl | undefined {
  switch (a) {
    case 'begin':
    case 'start':
      return 'begin';
    case 'commit':
    case 'end':
      return b === 'prepared' ? undefined : 'commit';
    case 'prepare':
      return b === 'transaction' ? 'commit' : undefined;
    case 'rollback':
    case 'abort':
      return b === 'to' ? 'savepoint' : b === 'prepared' ? undefined : 'rollback';
    case 'savepoint':
      return 'savepoint';
    case 'release':
      return 'release';
    default:
      return undefined;
  }
}

/** The parse node type the words announce, where the gate acts on it. */
function kindOf([a, b, c]: string[]): string {
  if (transactionOf([a ?? '', b ?? ''])) return 'TransactionStmt';
  if (a === 'lock') return 'LockStmt';
  if (a === 'declare') return 'DeclareCursorStmt';
  if (a === 'do') return 'DoStmt';
  if (a === 'create' && (b === 'index' || (b === 'unique' && c === 'index'))) return 'IndexStmt';
  return 'Statement';
}

/** PreventInTransactionBlock's statements, as the parser's flag would say (`text` is read only for the few that need it). */
function refusesTransactionBlock(words: string[], text: () => string): boolean {
  const [a, b, c] = words;
  const concurrently = (): boolean => /\bconcurrently\b/i.test(text());
  if (a === 'create' && (b === 'index' || (b === 'unique' && c === 'index'))) return words.includes('concurrently');
  if (a === 'drop' && b === 'index') return words.includes('concurrently');
  if (a === 'reindex') return concurrently();
  if (a === 'vacuum') return true;
  if ((a === 'create' || a === 'drop') && (b === 'database' || b === 'tablespace')) return true;
  if (a === 'alter' && b === 'system') return true;
  if ((a === 'commit' || a === 'rollback') && b === 'prepared') return true;
  if (a === 'alter' && b === 'table') return concurrently() && /\bdetach\s+partition\b/i.test(text());
  return false;
}
