import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectBetweenSteps, worthCollecting } from '../src/launch/heap.js';

/** Between the pipeline's steps the gate gives back what a large step left behind (src/launch/heap.ts). */
describe('collecting between steps', () => {
  const MB = 1024 * 1024;

  it('only once the heap is large, and then only once it grew by a fifth over what the last collection kept', () => {
    expect(worthCollecting(30 * MB, 0)).toBe(false);
    expect(worthCollecting(40 * MB, 0)).toBe(true);
    expect(worthCollecting(55 * MB, 50 * MB)).toBe(false);
    expect(worthCollecting(60 * MB, 50 * MB)).toBe(true);
  });

  it('gives back the garbage a step left', () => {
    // Twelve arrays of a million numbers, unreachable once the step is over.
    const step = (): number =>
      Array.from({ length: 12 }, (_, k) => Array.from({ length: 1_000_000 }, (_, i) => i + k)).length;
    expect(step()).toBe(12);
    const before = v8.getHeapStatistics().used_heap_size;
    expect(before).toBeGreaterThan(40 * MB);
    collectBetweenSteps();
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 30 * MB);
  });
});
