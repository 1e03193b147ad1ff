/**
 * Where each statement and each token of interest sits in the file.
 *
 * `stmt_location`/`stmt_len` cover everything since the previous semicolon,
 * comments and blank lines included, and stop before the statement's own
 * semicolon; the last statement of a file without a final semicolon has
 * `stmt_len` 0, meaning "to the end". We trim comments and whitespace on
 * both sides so that `start` is the first keyword and `end` the last token.
 */
import type { SourcePosition } from '../types.js';
import { type Node, isNode, location, unwrap } from './ast.js';
import { type Token, findKeyword, findName, isIdentifier, tokenize } from './lexer.js';
import type { PositionMap } from './positions.js';

export class StatementSource {
  constructor(
    readonly text: string,
    readonly map: PositionMap,
    /** Tokens of this statement, comments excluded, in file offsets. */
    readonly tokens: Token[],
  ) {}

  get offset(): number {
    return this.tokens[0]?.start ?? 0;
  }

  get endOffset(): number {
    return this.tokens[this.tokens.length - 1]?.end ?? this.offset;
  }

  get start(): SourcePosition {
    return this.map.position(this.offset);
  }

  /** Position of a parser byte location; the statement start when unknown. */
  at(byteLocation: number | undefined): SourcePosition {
    return byteLocation === undefined ? this.start : this.map.bytePosition(byteLocation);
  }

  /** Position of a node's `location`. */
  atNode(node: Node | undefined): SourcePosition {
    return this.at(location(node));
  }

  /** Index of the first token at or after a parser byte location. */
  tokenIndexAt(byteLocation: number): number {
    const offset = this.map.byteToChar(byteLocation);
    const i = this.tokens.findIndex((t) => t.start >= offset);
    return i < 0 ? this.tokens.length : i;
  }

  /**
   * Position of a name the AST carries without a location: its first
   * spelling after the keyword sequence `after` (e.g. `['execute']`), or
   * anywhere in the statement. The statement start when not found.
   */
  findName(parts: string[], after: string[] = []): SourcePosition {
    let from = 0;
    for (const word of after) {
      const k = findKeyword(this.tokens, word, from);
      if (k >= 0) from = k + 1;
    }
    let i = findName(this.tokens, parts, from);
    if (i < 0) i = findName(this.tokens, parts, 0);
    const token = i >= 0 ? this.tokens[i] : undefined;
    return token ? this.map.position(token.start) : this.start;
  }

  /**
   * Position of the token `at` in the first run of tokens spelling `words`
   * (keywords lower-cased, names as the parser gives them), if any.
   */
  findSequence(words: string[], at = 0): SourcePosition | undefined {
    for (let i = 0; i < this.tokens.length; i++) {
      if (words.every((word, k) => isIdentifier(this.tokens[i + k], word))) {
        return this.map.position(this.tokens[i + at]!.start);
      }
    }
    return undefined;
  }

  /** Source text between two token indexes (inclusive). */
  slice(first: number, last: number): string {
    const a = this.tokens[first];
    const b = this.tokens[last];
    return a && b ? this.text.slice(a.start, b.end) : '';
  }
}

export interface LocatedStatement {
  /** Node type, e.g. `CreateStmt`. */
  kind: string;
  node: Node;
  source: StatementSource;
}

/** Pairs each raw statement of a parse result with its source extent. */
export function locateStatements(parseResult: unknown, text: string, map: PositionMap): LocatedStatement[] {
  const stmts = isNode(parseResult) && Array.isArray(parseResult.stmts) ? parseResult.stmts : [];
  const out: LocatedStatement[] = [];
  for (const raw of stmts) {
    if (!isNode(raw)) continue;
    const typed = unwrap(raw.stmt);
    if (!typed?.type) continue;
    const byteStart = typeof raw.stmt_location === 'number' ? raw.stmt_location : 0;
    const byteLen = typeof raw.stmt_len === 'number' ? raw.stmt_len : 0;
    const from = map.byteToChar(byteStart);
    const to = byteLen > 0 ? map.byteToChar(byteStart + byteLen) : text.length;
    const tokens = tokenize(text, from, to);
    // Defensive: stmt_len stops before the semicolon, but never keep one.
    while (tokens.length > 1 && tokens[tokens.length - 1]?.value === ';') tokens.pop();
    if (tokens.length === 0) continue;
    out.push({ kind: typed.type, node: typed.node, source: new StatementSource(text, map, tokens) });
  }
  return out;
}
