import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each test file starts its own PostgreSQL; two cores allow two at a time.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: ['default', './scripts/count-reporter.ts'],
  },
});
