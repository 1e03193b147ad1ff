/**
 * Whether this run meets each goal the bench measures, a line each, so that
 * a run is read at a glance instead of row by row: issue 13's ratio on
 * every scenario, its memory bound and linear growth, and issue 10's ratio
 * on the seed example. What the lines say is only this run's: on a shared
 * machine a scenario near a goal meets it in one run and not the next.
 */
import type { SizedResult } from './growth.js';

/** One scenario's medians, as the table prints them. */
export interface ScenarioResult {
  name: string;
  /** Median of each gate run's time over the bare run's beside it. */
  ratio: number;
  /** Peak memory of the gate as users run it, and its goal. */
  peakMb: number;
  memoryGoalMb: number;
}

/** Issue 13: the gate at most this many times the bare work, on every scenario. */
export const RATIO_GOAL = 1.2;
/** Issue 10: the whole gate, tracing included, on the seed example. */
export const SEED_RATIO_GOAL = 1.5;

const times = (n: number): string => `${n.toFixed(2)}×`;

export function goalLines(results: ScenarioResult[], sized: SizedResult[], seedName: string): string[] {
  if (results.length === 0) return [];
  const lines: string[] = [];
  const over = results.filter((r) => r.ratio > RATIO_GOAL);
  lines.push(
    `gate/bare ≤ ${RATIO_GOAL}× (issue 13): ${metOn(results.length - over.length, results.length)}${
      over.length > 0 ? `; not on ${over.map((r) => `${r.name} ${times(r.ratio)}`).join(', ')}` : ''
    }`,
  );
  const seed = results.find((r) => r.name === seedName);
  if (seed) {
    const met = seed.ratio <= SEED_RATIO_GOAL;
    lines.push(`seed example ≤ ${SEED_RATIO_GOAL}× (issue 10): ${met ? 'met' : 'not met'}, ${times(seed.ratio)}`);
  }
  const heavy = results.filter((r) => r.peakMb > r.memoryGoalMb);
  lines.push(
    `peak memory ≤ 3× the largest input file + 150 MB (issue 13): ${metOn(results.length - heavy.length, results.length)}${
      heavy.length > 0
        ? `; not on ${heavy.map((r) => `${r.name} ${r.peakMb.toFixed(0)} MB (goal ${r.memoryGoalMb.toFixed(0)})`).join(', ')}`
        : ''
    }`,
  );
  for (const unit of [...new Set(sized.map((s) => s.unit))]) {
    const family = sized.filter((s) => s.unit === unit).sort((a, b) => a.count - b.count);
    if (family.length < 2) continue;
    const [small, large] = [family[0]!, family.at(-1)!];
    const size = large.count / small.count;
    const gate = large.gate / small.gate;
    // The bare work's own growth beside it: PostgreSQL's catalog may itself grow faster than the size.
    const bare = large.bare / small.bare;
    lines.push(
      `growth at most linear, ${unit} (issue 13): ${gate <= size ? 'met' : 'not met'}, ×${gate.toFixed(2)} for ×${size.toFixed(2)} the ${unit} (the bare work ×${bare.toFixed(2)})`,
    );
  }
  return lines;
}

function metOn(met: number, of: number): string {
  if (met < of) return `met on ${met} of ${of} scenarios`;
  return of === 1 ? 'met on the one scenario run' : `met on all ${of} scenarios`;
}
