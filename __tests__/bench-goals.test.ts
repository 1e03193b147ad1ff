import { describe, expect, it } from 'vitest';
import { goalLines } from '../bench/goals.js';

const seed = 'seed example (examples/sync-0024)';

describe('the bench says which goals this run meets', () => {
  it('names the scenarios over a goal, with their figures', () => {
    const lines = goalLines(
      [
        { name: seed, ratio: 1.57, peakMb: 96, memoryGoalMb: 150 },
        { name: 'baseline of 1000 tables', ratio: 1.2, peakMb: 103, memoryGoalMb: 151 },
        { name: 'wide table', ratio: 1.71, peakMb: 160, memoryGoalMb: 150 },
      ],
      [
        { unit: 'tables', count: 1000, gate: 1000, bare: 900 },
        { unit: 'tables', count: 5000, gate: 4600, bare: 4500 },
        { unit: 'migrations', count: 1000, gate: 800, bare: 850 },
        { unit: 'migrations', count: 4000, gate: 3300, bare: 3400 },
      ],
      seed,
    );
    expect(lines).toEqual([
      // 1.2× exactly is within the goal.
      `gate/bare ≤ 1.2× (issue 13): met on 1 of 3 scenarios; not on ${seed} 1.57×, wide table 1.71×`,
      'seed example ≤ 1.5× (issue 10): not met, 1.57×',
      'peak memory ≤ 3× the largest input file + 150 MB (issue 13): met on 2 of 3 scenarios; not on wide table 160 MB (goal 150)',
      'growth at most linear, tables (issue 13): met, ×4.60 for ×5.00 the tables (the bare work ×5.00)',
      'growth at most linear, migrations (issue 13): not met, ×4.13 for ×4.00 the migrations (the bare work ×4.00)',
    ]);
  });

  it('says a goal is met on every scenario, and leaves out what the run did not measure (BENCH_ONLY)', () => {
    expect(
      goalLines([{ name: 'history of 1000 migrations', ratio: 0.96, peakMb: 102, memoryGoalMb: 150 }], [], seed),
    ).toEqual([
      'gate/bare ≤ 1.2× (issue 13): met on the one scenario run',
      'peak memory ≤ 3× the largest input file + 150 MB (issue 13): met on the one scenario run',
    ]);
    expect(goalLines([{ name: seed, ratio: 1.44, peakMb: 96, memoryGoalMb: 150 }], [], seed)).toContain(
      'seed example ≤ 1.5× (issue 10): met, 1.44×',
    );
    expect(goalLines([], [], seed)).toEqual([]);
  });
});
