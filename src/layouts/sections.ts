/**
 * Files that hold both directions (dbmate's `-- migrate:up`, goose's
 * `-- +goose Up`, node-pg-migrate's `-- Up Migration`). Each direction is
 * returned as the whole file with everything else blanked (newlines kept),
 * so every line and column still matches the file.
 */
export interface Sections {
  /** Undefined when the file has no up marker. */
  up?: string;
  down?: string;
  /** The marker lines, in file order, with the direction each opens. */
  markers: { direction: 'up' | 'down'; line: string }[];
}

/** `marker` must be global and multi-line; `directionOf` reads a match. */
export function splitSections(
  text: string,
  marker: RegExp,
  directionOf: (match: RegExpMatchArray) => 'up' | 'down' | undefined,
): Sections {
  const ranges: Record<'up' | 'down', [number, number][]> = { up: [], down: [] };
  const markers: Sections['markers'] = [];
  const matches = [...text.matchAll(marker)].flatMap((m) => {
    const direction = directionOf(m);
    return direction ? [{ match: m, direction }] : [];
  });
  matches.forEach(({ match, direction }, i) => {
    const start = match.index! + match[0].length;
    const end = matches[i + 1]?.match.index ?? text.length;
    ranges[direction].push([start, end]);
    markers.push({ direction, line: match[0] });
  });
  return {
    ...(ranges.up.length > 0 ? { up: keep(text, ranges.up) } : {}),
    ...(ranges.down.length > 0 ? { down: keep(text, ranges.down) } : {}),
    markers,
  };
}

/** The text with everything outside `ranges` blanked, newlines kept. */
export function keep(text: string, ranges: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    out += blank(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  return out + blank(text.slice(at));
}

export function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}
