/**
 * A parameterised statement of the gate's own as one with literals, so that it
 * can travel in one simple-query message with the savepoints around it (a
 * simple query takes no parameters). Each value becomes the literal of the
 * text pg would have sent as the parameter, untyped like the parameter: the
 * server resolves both the same way.
 */
import type pg from 'pg';

/**
 * Sent in a message of its own, in the transaction, before any statement with
 * literals: the server reads a message's text in the session's
 * client_encoding, and a migration may have SET one (SJIS, say) in which a
 * byte of a UTF-8 character swallows the backslash that escapes a quote
 * (PostgreSQL then refuses the whole message: backslash_quote). pg always
 * writes UTF-8; parameters were read right either way, literals are not.
 */
export const UTF8_FOR_THE_TRANSACTION = "SET LOCAL client_encoding = 'UTF8'";

/** `schema.name` with both parts quoted, as the gate writes a table into its own statements. */
export function quotedTable(
  client: Pick<pg.Client, 'escapeIdentifier'>,
  table: { schema: string; name: string },
): string {
  return `${client.escapeIdentifier(table.schema)}.${client.escapeIdentifier(table.name)}`;
}

/** What the gate passes as parameters: text, numbers, NULL, and arrays of text. */
export type Parameter = string | number | boolean | null | undefined | readonly (string | null)[];

/**
 * `text` with `$1`, `$2`, … replaced by literals; quoted identifiers, string
 * constants and comments are left as they are (a literal's line break in a
 * `--` comment would end it).
 */
export function withLiterals(
  client: Pick<pg.Client, 'escapeLiteral'>,
  text: string,
  values: readonly Parameter[],
): string {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const c = text[at]!;
    const comment = commentEnd(text, at);
    if (comment !== undefined) {
      out += text.slice(at, comment);
      at = comment;
    } else if (c === '"' || c === "'") {
      const end = closingQuote(text, at);
      out += text.slice(at, end);
      at = end;
    } else if (c === '$' && /[0-9]/.test(text[at + 1] ?? '')) {
      let end = at + 1;
      while (/[0-9]/.test(text[end] ?? '')) end += 1;
      const index = Number(text.slice(at + 1, end)) - 1;
      if (index >= values.length) throw new Error(`no value for $${index + 1} in: ${text}`);
      out += literal(client, values[index]);
      at = end;
    } else {
      out += c;
      at += 1;
    }
  }
  return out;
}

/** Past the comment that starts at `start`, if one does. */
function commentEnd(text: string, start: number): number | undefined {
  const opening = text.slice(start, start + 2);
  if (opening === '--') {
    const end = text.indexOf('\n', start);
    return end < 0 ? text.length : end + 1;
  }
  if (opening === '/*') {
    const end = text.indexOf('*/', start + 2);
    return end < 0 ? text.length : end + 2;
  }
  return undefined;
}

/** Past the quote that closes the one at `start` (a doubled quote is part of the text). */
function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  let at = start + 1;
  while (at < text.length) {
    if (text[at] === quote) {
      if (text[at + 1] !== quote) return at + 1;
      at += 2;
    } else at += 1;
  }
  return at;
}

function literal(client: Pick<pg.Client, 'escapeLiteral'>, value: Parameter): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return client.escapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return client.escapeLiteral(String(value));
  return client.escapeLiteral(arrayText(value));
}

/** An array's text form, as pg writes an array parameter. */
function arrayText(values: readonly (string | null)[]): string {
  const element = (v: string | null): string => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`);
  return `{${values.map(element).join(',')}}`;
}
