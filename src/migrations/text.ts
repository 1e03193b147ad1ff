/** The lines `from`..`to` (1-based, inclusive) of a text, for excerpts. */
export function linesOf(text: string, from: number, to: number): string {
  return text
    .split('\n')
    .slice(from - 1, to)
    .join('\n');
}
