import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites share one PostgreSQL and one Redis; each test isolates itself
    // (own schema / queue prefix), so files may run in parallel, but two cores is all we have.
    maxWorkers: 2,
    pool: 'forks',
  },
});
