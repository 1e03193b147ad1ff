/**
 * dbmate-style files hold both directions: `-- migrate:up` … `-- migrate:down` ….
 * Each direction is returned as the whole file with the other section blanked
 * (newlines kept), so that every line and column still matches the file.
 */
export interface Sections {
  up: string;
  down?: string;
}

const MARKER = /^--\s*migrate:(up|down)\b.*$/gm;

export function splitSections(text: string): Sections {
  const markers = [...text.matchAll(MARKER)];
  if (markers.length === 0) return { up: text };
  const ranges: Record<'up' | 'down', [number, number][]> = { up: [], down: [] };
  markers.forEach((marker, i) => {
    const start = marker.index + marker[0].length;
    const end = markers[i + 1]?.index ?? text.length;
    ranges[marker[1] as 'up' | 'down'].push([start, end]);
  });
  const keep = (wanted: [number, number][]): string =>
    text.replace(/[^\n]/g, (char, offset: number) =>
      wanted.some(([start, end]) => offset >= start && offset < end) ? char : ' ',
    );
  return {
    up: keep(ranges.up),
    ...(ranges.down.length > 0 ? { down: keep(ranges.down) } : {}),
  };
}
