/**
 * psql meta-commands (`\i`, `\set`, `\connect`, pg_dump's `\restrict`, …) are
 * not SQL: the parser would reject the whole file. They are found with the
 * scanner (so a backslash inside a string, a quoted identifier, a comment or a
 * dollar-quoted function body is never mistaken for one) and blanked with
 * spaces, which keeps every offset, line and column of the remaining SQL.
 */
import type { MetaCommand } from './model.js';
import { SqlScanner } from './lexer.js';

export interface BlankedSql {
  /** The input with each meta-command replaced by as many spaces. */
  text: string;
  metaCommands: MetaCommand[];
}

export function blankMetaCommands(text: string): BlankedSql {
  // Cheap exit for the common case; a file without a backslash has no meta-command.
  if (!text.includes('\\')) return { text, metaCommands: [] };

  const metaCommands: MetaCommand[] = [];
  const ranges: [number, number][] = [];
  const scanner = new SqlScanner(text);
  let line = 1;
  let lineCountedUpTo = 0;

  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.value !== '\\' || t.type !== 'punct' || !startsLine(text, t.start)) continue;
    let eol = text.indexOf('\n', t.start);
    if (eol < 0) eol = text.length;
    let last = eol;
    if (text.charCodeAt(last - 1) === 13) last--; // keep the CR of CRLF files
    for (let i = lineCountedUpTo; i < t.start; i++) if (text.charCodeAt(i) === 10) line++;
    lineCountedUpTo = t.start;
    metaCommands.push({ line, command: text.slice(t.start, last).trimEnd() });
    ranges.push([t.start, last]);
    // psql takes the rest of the line as the command's arguments, quotes and all.
    scanner.pos = eol;
  }
  if (ranges.length === 0) return { text, metaCommands };

  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    parts.push(text.slice(at, from), ' '.repeat(to - from));
    at = to;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), metaCommands };
}

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
