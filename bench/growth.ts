/**
 * Growth with size, from the same run's medians: issue 13 asks for linear
 * growth, which a ratio per scenario does not show. For each family of
 * scenarios measured at two sizes or more (tables in a baseline, migrations
 * in a history), the largest against the smallest.
 */
/** A scenario's size: what it counts (`tables`, `migrations`) and how many. */
export interface Size {
  unit: string;
  count: number;
}

export interface SizedResult extends Size {
  /** Median wall times in ms. */
  gate: number;
  bare: number;
}

const times = (n: number): string => `×${n.toFixed(2)}`;

/** One line per family: the size's factor beside the gate's and the bare work's. */
export function growthLines(results: SizedResult[]): string[] {
  const units = [...new Set(results.map((r) => r.unit))];
  return units.flatMap((unit) => {
    const sized = results.filter((r) => r.unit === unit).sort((a, b) => a.count - b.count);
    if (sized.length < 2) return [];
    const small = sized[0]!;
    const large = sized.at(-1)!;
    const own = [small.gate - small.bare, large.gate - large.bare];
    // What the gate adds can be nothing or less than nothing (a history, where it batches what the bare work sends
    // file by file): its growth then means nothing.
    const added = own.every((ms) => ms > 0) ? `, what it adds (gate − bare) ${times(own[1]! / own[0]!)}` : '';
    return [
      `${unit} ${small.count} → ${large.count} (${times(large.count / small.count)}): gate ${times(large.gate / small.gate)}, bare ${times(large.bare / small.bare)}${added}`,
    ];
  });
}
