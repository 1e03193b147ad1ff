/**
 * Offset conversions between the parser's view of a file and ours.
 *
 * libpg-query reports node locations as byte offsets into the UTF-8 encoding
 * and syntax-error cursors as code-point offsets, while JavaScript strings are
 * indexed in UTF-16 code units. Columns shown to people are counted in UTF-16
 * code units too (what editors and SARIF's default `columnKind` use).
 */
import type { SourcePosition } from '../types.js';

/**
 * Piecewise-linear map between two offset systems. Between two non-ASCII
 * characters both systems advance one unit per character, so it is enough to
 * remember the pair of offsets right after each character where they diverge;
 * a lookup is a binary search plus the distance since that checkpoint. A file
 * that is mostly ASCII needs almost no memory.
 */
class CheckpointMap {
  private readonly from: number[] = [0];
  private readonly to: number[] = [0];

  add(fromOffset: number, toOffset: number): void {
    this.from.push(fromOffset);
    this.to.push(toOffset);
  }

  map(offset: number): number {
    const from = this.from;
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((from[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.to[lo] as number) + (offset - (from[lo] as number));
  }
}

export class PositionMap {
  readonly length: number;
  readonly byteLength: number;
  private readonly bytes = new CheckpointMap();
  private readonly codePoints = new CheckpointMap();
  private readonly lineStarts: number[] = [0];

  /**
   * Newlines and non-ASCII characters are found by the engine's own searches:
   * a loop over every character took 90 ms on a 20 MB data file. Up to the
   * first non-ASCII character, every system counts the same.
   */
  constructor(text: string) {
    this.length = text.length;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) this.lineStarts.push(nl + 1);
    // What the characters so far take beyond one byte per UTF-16 unit, and how many units beyond one per code point.
    let extraBytes = 0;
    let extraUnits = 0;
    const nonAscii = /[^\0-\x7f]/g;
    for (let found = nonAscii.exec(text); found; found = nonAscii.exec(text)) {
      const i = found.index;
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is 4 bytes for 2 units; any other is 2 or 3 bytes for 1 (a lone surrogate: U+FFFD, 3).
      const units = c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
      extraBytes += c < 0x800 ? 1 : 2;
      const after = i + units;
      nonAscii.lastIndex = after;
      this.bytes.add(after + extraBytes, after);
      if (units === 2) {
        extraUnits += 1;
        this.codePoints.add(after - extraUnits, after);
      }
    }
    this.byteLength = text.length + extraBytes;
  }

  /** UTF-8 byte offset → UTF-16 offset. */
  byteToChar(byteOffset: number): number {
    return this.clamp(this.bytes.map(Math.max(0, byteOffset)));
  }

  /** Code-point offset (what PostgreSQL's error cursor counts) → UTF-16 offset. */
  codePointToChar(codePointOffset: number): number {
    return this.clamp(this.codePoints.map(Math.max(0, codePointOffset)));
  }

  /** UTF-16 offset → 1-based line and column. */
  position(charOffset: number): SourcePosition {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= charOffset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: charOffset - (starts[lo] as number) + 1 };
  }

  /** Byte offset as found in the AST → 1-based line and column. */
  bytePosition(byteOffset: number): SourcePosition {
    return this.position(this.byteToChar(byteOffset));
  }

  private clamp(offset: number): number {
    return Math.min(Math.max(0, offset), this.length);
  }
}

/** Text taken out of another (a string literal's value, a statement inside a PL/pgSQL body) with the offset, in that other text, of each of its UTF-16 units. */
export interface DrawnText {
  text: string;
  offsets: number[];
}

/** `drawn`, taken out of `source`, with its offsets in the text `source` was taken out of. */
export function throughSource(drawn: DrawnText, source: DrawnText): DrawnText {
  return { text: drawn.text, offsets: drawn.offsets.map((offset) => source.offsets[offset] ?? 0) };
}

/**
 * Offsets into text drawn from a file, positions in that file: the parser of
 * the drawn text counts bytes in it, people read lines and columns of the file.
 */
export class DrawnPositionMap extends PositionMap {
  constructor(
    private readonly drawn: DrawnText,
    private readonly file: PositionMap,
  ) {
    super(drawn.text);
  }

  override position(charOffset: number): SourcePosition {
    const offsets = this.drawn.offsets;
    const last = offsets.length - 1;
    // An end-exclusive offset just past the text is one past its last unit.
    const fileOffset = charOffset > last ? (offsets[last] ?? 0) + 1 : (offsets[Math.max(0, charOffset)] ?? 0);
    return this.file.position(fileOffset);
  }
}
