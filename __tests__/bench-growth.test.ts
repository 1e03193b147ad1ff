import { describe, expect, it } from 'vitest';
import { growthLines } from '../bench/growth.js';

describe('the bench says how time grows with size', () => {
  it('compares the largest size of a family with the smallest, gate and bare, beside the size factor', () => {
    const lines = growthLines([
      { unit: 'tables', count: 5000, gate: 7400, bare: 6100 },
      { unit: 'tables', count: 1000, gate: 1900, bare: 1700 },
      { unit: 'migrations', count: 1000, gate: 1300, bare: 1500 },
      { unit: 'migrations', count: 4000, gate: 3900, bare: 4500 },
    ]);
    expect(lines).toEqual([
      'tables 1000 → 5000 (×5.00): gate ×3.89, bare ×3.59, what it adds (gate − bare) ×6.50',
      // The gate adds nothing to a history here: no factor for it.
      'migrations 1000 → 4000 (×4.00): gate ×3.00, bare ×3.00',
    ]);
  });

  it('says nothing of a family measured at one size (BENCH_ONLY)', () => {
    expect(growthLines([{ unit: 'tables', count: 1000, gate: 1900, bare: 1700 }])).toEqual([]);
  });
});
