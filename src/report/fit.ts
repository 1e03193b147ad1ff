/**
 * Fitting the Markdown report into a size limit (GitHub comments: 65,536
 * characters) without ever cutting through a table, a code fence or an HTML
 * element.
 */
export const TRUNCATION_NOTE =
  "> Report truncated to fit GitHub's comment limit; the full report is in the job summary / report.md.";

/** A piece of the part below the Quick Status table; `group` marks what may be dropped. */
export interface Chunk {
  text: string;
  group?: string;
}

export interface Layout {
  head: string;
  chunks: Chunk[];
  footer: string;
  collapse: boolean;
  maxLength: number;
}

/**
 * Joins the parts, dropping whole chunks when the result would exceed `maxLength`.
 * Chunks never split a code fence or an HTML element, and `<details>` is closed by
 * the layout, so whatever is dropped the Markdown stays balanced.
 */
export function fitMarkdown({ head, chunks, footer, collapse, maxLength }: Layout): string {
  const open = collapse ? '\n\n<details><summary>Full report</summary>' : '';
  const close = collapse ? '\n\n</details>' : '';
  const wrap = (body: string, note: string): string => head + open + body + close + note + footer;
  const full = wrap(chunks.map((c) => c.text).join(''), '');
  if (full.length <= maxLength) return full;
  const note = `\n\n${TRUNCATION_NOTE}`;
  const budget = maxLength - wrap('', note).length;
  if (budget < 0) return clipHead(head, note, maxLength);
  return wrap(selectChunks(chunks, budget), note);
}

// Room kept for each group's "… N more" line, so announcing a cut never overflows.
const OMISSION_ROOM = 64;

/**
 * Section headings, task headings, required actions and the blocking gate are kept
 * first; droppable chunks fill what is left in document order. Once a chunk of a group
 * is dropped the rest of the group goes too (no list with holes in it), and a line
 * says how many were left out.
 */
function selectChunks(chunks: Chunk[], budget: number): string {
  const groups = new Set(chunks.flatMap((c) => (c.group === undefined ? [] : [c.group])));
  const essential = chunks.reduce((sum, c) => sum + (c.group === undefined ? c.text.length : 0), 0);
  let remaining = budget - essential - groups.size * OMISSION_ROOM;
  if (remaining < 0) return prefixWithin(chunks, budget);
  const omitted = new Map<string, number>();
  const notice = (group: string | undefined): string => {
    const count = group === undefined ? 0 : (omitted.get(group) ?? 0);
    return count > 0 ? `\n\n_… and ${count} more, not shown here._` : '';
  };
  let out = '';
  let previous: string | undefined;
  for (const chunk of chunks) {
    if (chunk.group !== previous) out += notice(previous);
    previous = chunk.group;
    if (chunk.group !== undefined) {
      if (omitted.has(chunk.group) || chunk.text.length > remaining) {
        omitted.set(chunk.group, (omitted.get(chunk.group) ?? 0) + 1);
        continue;
      }
      remaining -= chunk.text.length;
    }
    out += chunk.text;
  }
  return out + notice(previous);
}

function prefixWithin(chunks: Chunk[], budget: number): string {
  let out = '';
  for (const chunk of chunks) {
    if (out.length + chunk.text.length > budget) break;
    out += chunk.text;
  }
  return out;
}

/** Only reachable with an absurdly small limit: the table itself must then be cut. */
function clipHead(head: string, note: string, maxLength: number): string {
  const room = Math.max(0, maxLength - note.length);
  const cut = head.length <= room ? head : head.slice(0, Math.max(0, head.lastIndexOf('\n', room)));
  return `${cut}${note}`.slice(0, maxLength);
}
