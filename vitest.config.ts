import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Guards against a hang, not speed checks (those are `npm run bench`). At load 20 on two cores
    // (CI beside four busy helpers, 5761e72) a PGlite start, a migration or a re-extraction of the
    // demo's 137 reports each took over 60 s; a hang still fails, three minutes later.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Integration suites share one PostgreSQL and one Redis; each test isolates itself
    // (own schema / queue prefix), so files may run in parallel, but two cores is all we have.
    maxWorkers: 2,
    pool: 'forks',
  },
});
