/**
 * A deliberately small SQL scanner. The real parser does the real work; this
 * only needs to know where strings, quoted identifiers, dollar quotes and
 * comments begin and end, so that we can find psql meta-commands, trim
 * comments around statements, and locate the tokens the AST gives no location
 * for (e.g. the function name of a trigger).
 */

export type TokenType =
  | 'word' // keyword or unquoted identifier; `value` is lower-cased like PostgreSQL does
  | 'ident' // "quoted identifier"; `value` is unquoted
  | 'string' // '…', E'…', $tag$…$tag$
  | 'number'
  | 'param' // $1
  | 'comment'
  | 'punct'; // any other single character

export interface Token {
  type: TokenType;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  value: string;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** PostgreSQL folds only ASCII letters of unquoted identifiers. */
export function foldIdentifier(word: string): string {
  return word.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

export class SqlScanner {
  pos: number;

  constructor(
    private readonly text: string,
    from = 0,
    private readonly end = text.length,
  ) {
    this.pos = from;
  }

  /** The next token (comments included), or undefined at the end. */
  next(): Token | undefined {
    const text = this.text;
    const end = this.end;
    let i = this.pos;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) {
      this.pos = end;
      return undefined;
    }
    const start = i;
    const c = text.charCodeAt(i);
    const c2 = i + 1 < end ? text.charCodeAt(i + 1) : -1;
    let type: TokenType;
    let value: string | undefined;

    if (c === 45 && c2 === 45) {
      // -- comment
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > end ? end : nl;
      type = 'comment';
    } else if (c === 47 && c2 === 42) {
      // /* comment */ — PostgreSQL lets them nest
      let depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      }
      type = 'comment';
    } else if (c === 39) {
      i = this.skipQuoted(i, 39, false);
      type = 'string';
    } else if ((c === 69 || c === 101) && c2 === 39) {
      // E'…': backslash escapes apply
      i = this.skipQuoted(i + 1, 39, true);
      type = 'string';
    } else if (c === 34) {
      i = this.skipQuoted(i, 34, false);
      type = 'ident';
      value = text.slice(start + 1, text.charCodeAt(i - 1) === 34 ? i - 1 : i).replace(/""/g, '"');
    } else if (c === 36) {
      DOLLAR_TAG.lastIndex = i;
      const m = DOLLAR_TAG.exec(text);
      if (m) {
        const close = text.indexOf(m[0], i + m[0].length);
        i = close < 0 || close + m[0].length > end ? end : close + m[0].length;
        type = 'string';
      } else {
        i++;
        while (i < end && isDigit(text.charCodeAt(i))) i++;
        type = 'param';
      }
    } else if (isIdentStart(c)) {
      // Folded here while the characters pass: a regular expression on every word was a third of splitting a data file.
      let upper = c >= 65 && c <= 90;
      let ascii = c < 0x80;
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (!isIdentPart(d)) break;
        if (d >= 65 && d <= 90) upper = true;
        else if (d >= 0x80) ascii = false;
      }
      type = 'word';
      const word = text.slice(start, i);
      value = !upper ? word : ascii ? word.toLowerCase() : foldIdentifier(word);
    } else if (isDigit(c) || (c === 46 && isDigit(c2))) {
      i++;
      while (i < end) {
        const d = text.charCodeAt(i);
        if (isDigit(d) || d === 46 || d === 95 || isIdentStart(d)) i++;
        else break;
      }
      type = 'number';
    } else {
      i++;
      type = 'punct';
    }
    this.pos = i;
    return { type, start, end: i, value: value ?? text.slice(start, i) };
  }

  /** Offset just past the closing quote (a doubled quote is an escaped one). */
  private skipQuoted(open: number, quote: number, backslashEscapes: boolean): number {
    const text = this.text;
    let i = open + 1;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (backslashEscapes && c === 92) {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (text.charCodeAt(i + 1) === quote && i + 1 < this.end) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return this.end;
  }
}

/** All tokens of text[from, end) except comments. */
export function tokenize(text: string, from = 0, end = text.length): Token[] {
  const scanner = new SqlScanner(text, from, end);
  const tokens: Token[] = [];
  for (let t = scanner.next(); t; t = scanner.next()) {
    if (t.type !== 'comment') tokens.push(t);
  }
  return tokens;
}

/** True when the token is the identifier `name` (folded or quoted). */
export function isIdentifier(token: Token | undefined, name: string): boolean {
  return token !== undefined && (token.type === 'word' || token.type === 'ident') && token.value === name;
}

/**
 * Index of the first token at or after `from` that spells the possibly
 * qualified name `parts` (`a . b`), or -1.
 */
export function findName(tokens: Token[], parts: string[], from = 0): number {
  outer: for (let i = Math.max(0, from); i < tokens.length; i++) {
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p] as string;
      if (!isIdentifier(tokens[i + 2 * p], part)) continue outer;
      if (p > 0 && tokens[i + 2 * p - 1]?.value !== '.') continue outer;
    }
    return i;
  }
  return -1;
}

/** Index of the first keyword `word` at or after `from`, or -1. */
export function findKeyword(tokens: Token[], word: string, from = 0): number {
  for (let i = Math.max(0, from); i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.type === 'word' && t.value === word) return i;
  }
  return -1;
}
