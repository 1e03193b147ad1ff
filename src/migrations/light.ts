/**
 * A file the gate only has to run, not analyse — an earlier migration, a
 * baseline dump, test data — split into statements by the scanner alone (a
 * plain INSERT of constants by one regular expression, plain-insert-text.ts;
 * never parsed, as the parser would find nothing in it to act on). The
 * real parser costs far more than the server's own work on such files (a
 * history of thousands of migrations, a 20 MB fixture); it reads here only
 * the statements a caller asks for (`needsParse`), in one pass over a copy of
 * the file with every other statement blanked, so lines and columns stay
 * exact. What the server rejects is then placed by its own error position.
 */
import type { ParsedSql, Statement, TransactionControl } from './model.js';
import { PlainInsert } from './plain-insert.js';
import { wholePlainInsert } from './plain-insert-text.js';
import { lightStatement, type LightSource, type Sketch } from './light-statement.js';
import { SqlScanner } from './lexer.js';
import { blankMetaCommands } from './meta.js';
import { parseSql } from './parse.js';
import { PositionMap } from './positions.js';

const LEADING_WORDS = 8;
const INSERT_WORDS = ['insert', 'into'];

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
  // One statement's words at a time, cleared at its end; made a set only for a statement not known to be a plain INSERT.
  const leading: string[] = [];
  const words: string[] = [];
  let begins = false;
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
        analyse: into ? false : needsParse(new Set(words)),
        ...(into ? { into } : {}),
      });
    }
    insert?.reset();
    start = -1;
    leading.length = 0;
    words.length = 0;
    begins = false;
  };
  for (;;) {
    if (start < 0) {
      // Between statements: a plain INSERT is read whole, or the scanner reads on from here.
      const whole = wholePlainInsert(sql, scanner.pos);
      if (whole) {
        ended({
          index: index++,
          start: whole.start,
          end: whole.end,
          ...(plainInserts ? { kind: 'InsertStmt', into: whole.into } : { kind: kindOf(INSERT_WORDS) }),
          transaction: undefined,
          nonTransactional: false,
          // Constants into a table: nothing the parser would find there calls or outlives anything.
          analyse: false,
        });
        separators.push(whole.separator);
        scanner.pos = whole.separator + 1;
        if (separators.length % TURN === 0) await nextTurn();
        continue;
      }
    }
    const t = scanner.next();
    if (!t) break;
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
      if (t.value === 'atomic' && begins) return undefined;
      if (t.value === 'begin') begins = true;
      words.push(t.value);
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
  if (a === 'set' && b === 'constraints') return 'ConstraintsSetStmt';
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
