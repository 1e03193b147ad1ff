/**
 * Progress lines for the slow steps, and the timings that end up in the report.
 * The sink decides where lines go (stderr for the CLI, the log for the action).
 */
export class Progress {
  /** Unrounded sums: a step repeated thousands of times in well under a millisecond each must still add up. */
  private readonly exact: Record<string, number> = {};
  /**
   * Step names in the order they started: two that overlap (the parse and the
   * cluster's copy) end in either order from one run to the next.
   */
  private readonly order: string[] = [];
  private afterStep: (() => void) | undefined;

  constructor(private readonly sink: (line: string) => void = () => undefined) {}

  /** Each finished step's total in whole milliseconds, rounded once from the exact sum, in the order steps started. */
  get timings(): Record<string, number> {
    return Object.fromEntries(
      this.order.filter((name) => name in this.exact).map((name) => [name, Math.round(this.exact[name]!)]),
    );
  }

  /** `fn` runs after each step, timed with it: the pipeline gives the step's garbage back there. */
  betweenSteps(fn: () => void): void {
    this.afterStep = fn;
  }

  info(line: string): void {
    this.sink(line);
  }

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.order.includes(name)) this.order.push(name);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.afterStep?.();
      const ms = performance.now() - started;
      this.add(name, ms);
      this.sink(`${name} … ${Math.round(ms)} ms`);
    }
  }

  /** Like `step`, adding to the timing of `name` without a line: for steps repeated thousands of times. */
  async quietly<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.order.includes(name)) this.order.push(name);
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  private add(name: string, ms: number): void {
    this.exact[name] = (this.exact[name] ?? 0) + ms;
  }
}
