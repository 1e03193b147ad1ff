import { describe, expect, it } from 'vitest';
import { PositionMap } from '../src/migrations/positions.js';

/** Every offset that does not split a surrogate pair. */
function boundaries(text: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i <= text.length; i++) {
    const low = text.charCodeAt(i);
    const high = text.charCodeAt(i - 1);
    if (!(low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff)) offsets.push(i);
  }
  return offsets;
}

const PIECES = ['a', 'Z', '\n', 'é', '€', '😀', '\ud800', '\udc00', ' ', ';'];

function randomText(seed: number): string {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: next() % 40 }, () => PIECES[next() % PIECES.length]).join('');
}

describe('offsets between the parser and the file', () => {
  it('maps UTF-8 bytes and code points back to UTF-16 offsets, and offsets to lines and columns, as the encoder counts them', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = randomText(seed);
      const map = new PositionMap(text);
      expect(map.byteLength).toBe(Buffer.byteLength(text));
      for (const offset of boundaries(text)) {
        const before = text.slice(0, offset);
        expect(map.byteToChar(Buffer.byteLength(before))).toBe(offset);
        expect(map.codePointToChar([...before].length)).toBe(offset);
        const lines = before.split('\n');
        expect(map.position(offset)).toEqual({ line: lines.length, column: lines.at(-1)!.length + 1 });
      }
    }
  });
});
