/**
 * A plain INSERT (src/migrations/plain-insert.ts says what that is) read whole
 * by one regular expression, where it is written the usual way: no comment
 * inside it, ASCII names, no E'…', U&'…' or dollar-quoted strings. The
 * scanner spent 0.45 s on the 4.6 million tokens of a 20 MB data file; the
 * expression reads the file in ~45 ms. Whatever it does not match, the
 * scanner reads as before: it only ever matches what the scanner would read
 * as the same plain INSERT, with the same bounds.
 */
import type { InsertTarget } from './plain-insert.js';

/** The scanner's white space (isSpace in lexer.ts); `\s` would take more. */
const WS = '[ \\t\\n\\v\\f\\r]';
/** Where the scanner's word or number ends: its next character could not continue it. */
const ENDS = '(?![A-Za-z0-9_$\\u0080-\\uffff])';
const NAME = `(?:[A-Za-z_][A-Za-z0-9_$]*${ENDS}|"[^"]*(?:""[^"]*)*")`;
const NUMBER = `(?:\\d|\\.\\d)[0-9A-Za-z_.\\u0080-\\uffff]*`;
const VALUE = `(?:'[^']*(?:''[^']*)*'|[-+]?${WS}*${NUMBER}|(?:null|true|false|default)${ENDS})`;
const ROW = `\\(${WS}*${VALUE}(?:${WS}*,${WS}*${VALUE})*${WS}*\\)`;
const COLUMNS = `\\(${WS}*${NAME}(?:${WS}*,${WS}*${NAME})*${WS}*\\)${WS}*`;
const PLAIN_INSERT = new RegExp(
  `(${WS}*)(insert${WS}+into${WS}+)(${NAME})(?:${WS}*\\.${WS}*(${NAME}))?${WS}*(?:${COLUMNS})?values${WS}*${ROW}(?:${WS}*,${WS}*${ROW})*`,
  'iy',
);
const SEPARATOR = new RegExp(`${WS}*;`, 'y');

export interface WholeInsert {
  /** Where the statement's first and past its last character are, and its semicolon. */
  start: number;
  end: number;
  separator: number;
  into: InsertTarget;
}

/** The plain INSERT that starts at `at` (after white space) and ends at a semicolon, if one does. */
export function wholePlainInsert(sql: string, at: number): WholeInsert | undefined {
  PLAIN_INSERT.lastIndex = at;
  const found = PLAIN_INSERT.exec(sql);
  if (!found) return undefined;
  const end = PLAIN_INSERT.lastIndex;
  SEPARATOR.lastIndex = end;
  if (!SEPARATOR.test(sql)) return undefined;
  const start = at + found[1]!.length;
  const first = identifier(found[3]!);
  const nameAt = start + found[2]!.length;
  const into =
    found[4] === undefined ? { name: first, at: nameAt } : { schema: first, name: identifier(found[4]), at: nameAt };
  return { start, end, separator: SEPARATOR.lastIndex - 1, into };
}

/** A name as the scanner reads it: folded when unquoted (ASCII only here), unquoted otherwise. */
function identifier(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}
