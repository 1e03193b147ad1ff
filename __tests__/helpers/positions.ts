import type { ObjectReference } from '../../src/migrations/model.js';
import type { SourcePosition } from '../../src/types.js';

/** 1-based line/column of the n-th occurrence of `needle`, counted in UTF-16 units like the parser output. */
export function posOf(text: string, needle: string, occurrence = 1): SourcePosition {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found`);
  }
  const before = text.slice(0, at);
  return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

/** `role kind schema.name` for compact assertions. */
export const brief = (refs: ObjectReference[]): string[] =>
  refs.map((r) => `${r.role} ${r.object.kind} ${r.object.schema ? r.object.schema + '.' : ''}${r.object.name}`);
