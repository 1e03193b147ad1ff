/**
 * Progress lines for the slow steps, and the timings that end up in the report.
 * The sink decides where lines go (stderr for the CLI, the log for the action).
 */
export class Progress {
  readonly timings: Record<string, number> = {};
  private afterStep: (() => void) | undefined;

  constructor(private readonly sink: (line: string) => void = () => undefined) {}

  /** `fn` runs after each step, timed with it: the pipeline gives the step's garbage back there. */
  betweenSteps(fn: () => void): void {
    this.afterStep = fn;
  }

  info(line: string): void {
    this.sink(line);
  }

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.afterStep?.();
      const ms = Math.round(performance.now() - started);
      this.timings[name] = (this.timings[name] ?? 0) + ms;
      this.sink(`${name} … ${ms} ms`);
    }
  }

  /** Like `step`, adding to the timing of `name` without a line: for steps repeated thousands of times. */
  async quietly<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.timings[name] = (this.timings[name] ?? 0) + Math.round(performance.now() - started);
    }
  }
}
