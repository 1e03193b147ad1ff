/**
 * "Did you mean …?": the candidate one edit away from what was typed (a
 * letter added, dropped, changed, or two neighbours swapped), when exactly one
 * is. Further than one edit, a guess is more often wrong than helpful.
 */
export function didYouMean(typed: string, candidates: Iterable<string>): string | undefined {
  const close = [...new Set(candidates)].filter((candidate) => candidate !== typed && oneEditApart(typed, candidate));
  return close.length === 1 ? close[0] : undefined;
}

/** Optimal string alignment distance ≤ 1, case-insensitively. */
export function oneEditApart(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return a !== b;
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (x.length === y.length) {
    // One letter changed, or two neighbours swapped.
    return (
      x.slice(i + 1) === y.slice(i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2))
    );
  }
  // One letter added or dropped.
  return x.length > y.length ? x.slice(i + 1) === y.slice(i) : x.slice(i) === y.slice(i + 1);
}
