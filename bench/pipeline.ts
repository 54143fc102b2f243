/**
 * The whole pipeline on the local portal: ≥ 2,000 reports discovered, fetched, extracted and loaded
 * through the real stage handlers and queue. Prints reports/s end to end and, per stage, jobs,
 * busy window, jobs/s and mean ms per job (with the stage's concurrency).
 *
 * Usage: tsx bench/pipeline.ts [--scale N] [--redis | --local]. Default: BullMQ on
 * XXGK_TEST_REDIS_URL and PostgreSQL on XXGK_TEST_DATABASE_URL (schema bench_pipeline, dropped first)
 * when both answer, else the in-process queue and an in-memory PGlite (zero setup). --redis and
 * --local force one or the other.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createLogger } from '../config/logger.ts';
import { loadSettings } from '../config/settings.ts';
import { STAGES, type Stage } from '../pipeline/payloads.ts';
import { BullQueue } from '../pipeline/queue/bullmq.ts';
import { registerStages, STAGE_HANDLERS, type StageHandlers } from '../pipeline/runner.ts';
import { startCrawl, waitForRuns } from '../pipeline/runs.ts';
import { openPipeline } from '../pipeline/wiring.ts';
import { startPortalProcess } from '../test/portal/remote.ts';
import { portalSources } from '../test/portal/sources.ts';

const arg = (name: string) => process.argv.indexOf(name);
const scale = arg('--scale') > 0 ? Number(process.argv[arg('--scale') + 1]) : 40;
const PG_URL = process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const useRedis = arg('--redis') > 0 || (arg('--local') < 0 && (await servicesAnswer()));

async function servicesAnswer(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
  r.on('error', () => {}); // the probe's answer is the connect() result
  try {
    await c.connect();
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
    r.disconnect();
  }
}

// The portal runs in its own process: on two cores it must not steal the pipeline's event loop.
const portal = await startPortalProcess({ agencies: 10, scale, seeds: false, faults: false });
const truth = await portal.truth();
const expected = truth.reports.length;
console.log(`portal: ${expected} reports (${truth.lists.length} lists) at ${portal.url}`);
if (expected < 2000) console.log('bench pipeline: fewer than 2,000 reports, raise --scale');

const prefix = `bench-${randomUUID().slice(0, 8)}`;
const settings = loadSettings({
  env: {
    XXGK_LOG_LEVEL: 'error',
    ...(useRedis
      ? {
          DATABASE_URL: PG_URL,
          REDIS_URL: REDIS_URL,
          XXGK_QUEUE_PREFIX: prefix,
        }
      : {}),
    // List jobs wait on the network, one list each: several at once, as one source's walk used to.
    XXGK_CONCURRENCY_DISCOVER: process.env.XXGK_CONCURRENCY_DISCOVER ?? '8',
    XXGK_CONCURRENCY_FETCH: process.env.XXGK_CONCURRENCY_FETCH ?? '16',
    XXGK_CONCURRENCY_EXTRACT: process.env.XXGK_CONCURRENCY_EXTRACT ?? '2',
    XXGK_CONCURRENCY_LOAD: process.env.XXGK_CONCURRENCY_LOAD ?? '4',
  },
  configFile: '/nonexistent',
});
if (useRedis) {
  const c = new pg.Client({ connectionString: settings.databaseUrl });
  await c.connect();
  await c.query('DROP SCHEMA IF EXISTS bench_pipeline CASCADE');
  await c.end();
}
const ctx = await openPipeline(settings, {
  logger: createLogger('error'),
  // No politeness delay: the bench measures the pipeline, not the manners.
  sources: portalSources(portal.url, truth, 0),
  ...(useRedis ? { dbSchema: 'bench_pipeline' } : { inMemoryDb: true }),
});

interface StageStat {
  jobs: number;
  busyMs: number;
  first: number;
  last: number;
}
const stats = Object.fromEntries(
  STAGES.map((s) => [s, { jobs: 0, busyMs: 0, first: Infinity, last: 0 }]),
) as Record<Stage, StageStat>;
const timed = Object.fromEntries(
  STAGES.map((s) => [
    s,
    async (p: never, deps: never) => {
      const t0 = performance.now();
      try {
        return await (STAGE_HANDLERS[s] as unknown as (p: never, d: never) => Promise<never>)(p, deps);
      } finally {
        const t1 = performance.now();
        const st = stats[s];
        st.jobs++;
        st.busyMs += t1 - t0;
        st.first = Math.min(st.first, t0);
        st.last = Math.max(st.last, t1);
      }
    },
  ]),
) as unknown as StageHandlers;

registerStages(ctx.queue, ctx.deps, ctx.concurrency, timed, undefined, ctx.control);
const t0 = performance.now();
const ids = await startCrawl(ctx.db, ctx.queue, ctx.sources, { full: true });
let lastLine = 0;
const runs = await waitForRuns(ctx.db, ctx.queue, ids, {
  pollMs: 500,
  flush: () => ctx.store.flushCounts(),
  onTick: (p) => {
    if (performance.now() - lastLine > 5000) {
      lastLine = performance.now();
      console.log(`  … ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(p)}`);
    }
  },
});
const secs = (performance.now() - t0) / 1000;
const loaded = runs.reduce((n, r) => n + r.loaded, 0);
const failed = runs.reduce((n, r) => n + r.failed, 0);
const reports = Number(
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE is_current'))[0]!.n,
);

console.log(
  `\nqueue ${ctx.queue.kind}, database ${useRedis ? 'PostgreSQL' : 'PGlite (in memory)'}, concurrency ${JSON.stringify(ctx.concurrency)}`,
);
console.log(
  `end to end: ${reports} reports loaded (${loaded} loads, ${failed} failures) in ${secs.toFixed(1)} s = ${(reports / secs).toFixed(1)} reports/s`,
);
// window: first start → last end of the stage (bounded by its upstream); capacity: what the stage
// would do if never starved, from its busy time and concurrency.
console.log('stage      jobs   window s   jobs/s   mean ms/job   capacity jobs/s');
for (const s of STAGES) {
  const st = stats[s];
  const win = st.jobs ? (st.last - st.first) / 1000 : 0;
  console.log(
    `${s.padEnd(9)} ${String(st.jobs).padStart(5)} ${win.toFixed(1).padStart(10)} ${(win ? st.jobs / win : 0).toFixed(1).padStart(8)} ${(st.jobs ? st.busyMs / st.jobs : 0).toFixed(1).padStart(13)} ${(st.busyMs ? (st.jobs * ctx.concurrency[s]) / (st.busyMs / 1000) : 0).toFixed(1).padStart(17)}`,
  );
}
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
if (ctx.queue instanceof BullQueue) await ctx.queue.obliterate();
await ctx.close();
await portal.close();
if (reports < expected) {
  console.log(`bench pipeline: only ${reports} of ${expected} reports loaded`);
  process.exitCode = 1;
}
