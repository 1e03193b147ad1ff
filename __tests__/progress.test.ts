import { describe, expect, it } from 'vitest';
import { Progress } from '../src/progress.js';

/** Spins for at least `ms`: a step that takes real time, well under a millisecond. */
function spin(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until);
  return Promise.resolve();
}

describe('Progress timings', () => {
  it('adds up a thousand sub-millisecond quiet steps instead of rounding each to zero', async () => {
    const progress = new Progress();
    for (let i = 0; i < 1000; i += 1) await progress.quietly('apply earlier migrations', () => spin(0.3));
    expect(progress.timings['apply earlier migrations']).toBeGreaterThanOrEqual(300);
  });

  it('reports a step once per line and in whole milliseconds', async () => {
    const lines: string[] = [];
    const progress = new Progress((line) => lines.push(line));
    await progress.step('snapshot before', () => spin(2.4));
    await progress.step('snapshot before', () => spin(2.4));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^snapshot before … \d+ ms$/);
    const total = progress.timings['snapshot before'];
    expect(Number.isInteger(total)).toBe(true);
    expect(total).toBeGreaterThanOrEqual(5);
  });

  it('lists steps in the order they started, whichever ends first, and only once they ended', async () => {
    const progress = new Progress();
    let endCopy = (): void => undefined;
    const copy = progress.step('copy cluster', () => new Promise<void>((resolve) => (endCopy = resolve)));
    await progress.step('parse', () => spin(1));
    expect(Object.keys(progress.timings)).toEqual(['parse']);
    endCopy();
    await copy;
    expect(Object.keys(progress.timings)).toEqual(['copy cluster', 'parse']);
  });
});
