/**
 * Values of SQL string literals, each character with the place it was written,
 * so that SQL held in a string (a DO block's body, a command run by EXECUTE)
 * can be parsed and its findings still point at the file.
 */
import { type Token, tokenize } from './lexer.js';
import { type DrawnText, throughSource } from './positions.js';

const DOLLAR_TAG = /^\$[^$]*\$/;

/**
 * The value of a `'…'` or `$tag$…$tag$` token of `text`, with offsets into
 * `text`. Undefined for other literals (`E'…'`, `U&'…'`): their escapes are not
 * decoded, and a wrong value would be worse than none.
 */
export function literalValue(text: string, token: Token): DrawnText | undefined {
  const raw = text.slice(token.start, token.end);
  const tag = DOLLAR_TAG.exec(raw)?.[0];
  if (tag !== undefined) {
    if (raw.length < 2 * tag.length || !raw.endsWith(tag)) return undefined;
    const from = token.start + tag.length;
    const to = token.end - tag.length;
    return { text: text.slice(from, to), offsets: Array.from({ length: to - from }, (_, i) => from + i) };
  }
  if (raw.length < 2 || !raw.startsWith("'") || !raw.endsWith("'")) return undefined;
  const units: string[] = [];
  const offsets: number[] = [];
  for (let i = token.start + 1; i < token.end - 1; i++) {
    units.push(text.charAt(i));
    offsets.push(i);
    if (text.charAt(i) === "'") i++; // '' stands for one quote
  }
  return { text: units.join(''), offsets };
}

/**
 * The value of `'…' || '…' || …` found in `source` between two offsets, with
 * offsets into the text `source` was drawn from; undefined when anything but
 * literals is concatenated (`format(…)`, a variable): the value is only known
 * when the code runs.
 */
export function concatenatedLiterals(source: DrawnText, from: number, to: number): DrawnText | undefined {
  const tokens = tokenize(source.text, from, to);
  const parts: DrawnText[] = [];
  for (let i = 0; i < tokens.length; i += 3) {
    const literal = tokens[i];
    const value = literal?.type === 'string' ? literalValue(source.text, literal) : undefined;
    if (value === undefined || (i + 1 < tokens.length && !isConcatenation(tokens[i + 1], tokens[i + 2]))) {
      return undefined;
    }
    parts.push(throughSource(value, source));
  }
  if (parts.length === 0) return undefined;
  return { text: parts.map((p) => p.text).join(''), offsets: parts.flatMap((p) => p.offsets) };
}

/** `||`, which the scanner returns as two single-character tokens. */
function isConcatenation(first: Token | undefined, second: Token | undefined): boolean {
  return first?.value === '|' && second?.value === '|' && first.end === second.start;
}
