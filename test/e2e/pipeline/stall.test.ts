/**
 * A real crawl of the local portal (in-process queue, in-memory PGlite) with one detail page that
 * never answers: the run notices it made no progress, names the stuck page, and either ends as
 * `stalled` without it (XXGK_STALL_ACTION=finish) or fails that page's job and finishes the crawl
 * (fail). The stall timeout is small; the fetcher's own 30 s timeout and the 5 min job limit are
 * far off, so only the stall check can end the wait.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../config/logger.ts';
import { loadSettings } from '../../../config/settings.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { registerStages } from '../../../pipeline/runner.ts';
import { startCrawl } from '../../../pipeline/runs.ts';
import { watchRuns } from '../../../pipeline/watch.ts';
import { openPipeline, type PipelineContext } from '../../../pipeline/wiring.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import { portalSources } from '../../portal/sources.ts';
import { createTestDatabase, E2E_TIMEOUT, TEST_REDIS } from './helpers.ts';

// Under heavy load no other job should go this long without any sign of life.
const STALL_MS = 3_000;

let portal: Portal;
let hung: { url: string; target: string };

beforeAll(async () => {
  portal = await startPortal({ agencies: 3, years: [2022, 2023, 2024], seeds: false, faults: false });
  // A report page of the static lists the gzjkq source walks.
  const report = portal.truth.reports.find(
    (r) => r.url === r.documentUrl && r.listUrl.includes('/jkqxxgk/'),
  )!;
  const u = new URL(report.url);
  hung = { url: report.url, target: u.pathname + u.search };
  portal.hang([hung.target]);
});

afterAll(async () => {
  await portal?.close();
});

async function open(
  action: 'fail' | 'finish',
  backend: { databaseUrl: string; redisUrl: string; prefix: string } | null = null,
): Promise<PipelineContext> {
  const settings = loadSettings({
    env: {
      XXGK_STALL_TIMEOUT_MS: String(STALL_MS),
      XXGK_STALL_ACTION: action,
      ...(backend
        ? {
            DATABASE_URL: backend.databaseUrl,
            REDIS_URL: backend.redisUrl,
            XXGK_QUEUE_PREFIX: backend.prefix,
          }
        : { DATABASE_URL: '', REDIS_URL: '' }),
    },
    configFile: '/nonexistent',
  });
  return openPipeline(settings, {
    logger: silentLogger,
    sources: portalSources(portal.url, portal.truth).filter((s) => s.id === 'gzjkq'),
    ...(backend ? {} : { inMemoryDb: true, local: true }),
  });
}

async function crawl(ctx: PipelineContext) {
  registerStages(ctx.queue, ctx.deps, ctx.concurrency, undefined, undefined, ctx.control);
  const ids = await startCrawl(ctx.db, ctx.queue, ctx.sources, { full: true });
  const lines: string[] = [];
  const outcome = await watchRuns(ctx.db, ctx.queue, ids, {
    pollMs: 100,
    flush: () => ctx.store.flushCounts(),
    stall: { timeoutMs: ctx.settings.stallTimeoutMs, action: ctx.settings.stallAction },
    jobs: ctx.control.jobs,
    onStall: (line) => lines.push(line),
  });
  return { outcome, lines };
}

describe('a crawl stuck on a page that never answers', () => {
  it(
    'XXGK_STALL_ACTION=finish: the run ends `stalled`, its row and summary naming the stuck page',
    async () => {
      const ctx = await open('finish');
      try {
        const { outcome, lines } = await crawl(ctx);
        expect(portal.held()).toContain(hung.target);
        expect(outcome.reason).toBe('stalled');
        expect(lines).toHaveLength(1);
        // Longest-running first: list walks waiting on the held host may come before the page.
        expect(lines[0]).toMatch(
          new RegExp(`^stalled: no progress for [^;]+; stuck: .*fetch ${escapeRegExp(hung.url)} \\(running `),
        );
        const [run] = outcome.runs;
        expect(run).toMatchObject({ source: 'gzjkq', status: 'stalled' });
        expect(run!.finished_at).not.toBeNull();
        expect(run!.error).toContain(`fetch ${hung.url} (running `);
        // The stuck page's job failed as stalled, on record for `xxgk status` and `retry --failed-fetches`.
        const failures = await ctx.db.query<{ url: string; code: string }>(
          'SELECT url, code FROM fetch_failures',
        );
        expect(failures.find((f) => f.url === hung.url)?.code).toBe('job.stalled');
        expect(ctx.control.tally.snapshot().fetch?.failed).toBe(failures.length);
      } finally {
        await ctx.close();
      }
    },
    E2E_TIMEOUT,
  );

  it(
    'XXGK_STALL_ACTION=fail: the stuck job fails as job.stalled and the crawl goes on to its end',
    async () => {
      const ctx = await open('fail');
      try {
        const { outcome, lines } = await crawl(ctx);
        expect(outcome.reason).toBe('done');
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines[0]).toContain(`fetch ${hung.url} (running `);
        const [run] = outcome.runs;
        expect(run).toMatchObject({ source: 'gzjkq', status: 'done' });
        expect(Number(run!.failed)).toBeGreaterThanOrEqual(1);
        const failures = await ctx.db.query<{ url: string; code: string; reason: string }>(
          'SELECT url, code, reason FROM fetch_failures',
        );
        const mine = failures.find((f) => f.url === hung.url);
        expect(mine?.code).toBe('job.stalled');
        expect(mine?.reason).toMatch(/stuck: the crawl made no progress for/);
        // Pages queued behind it for the same host (politeness holds the host while a request is
        // unanswered) were stuck too and failed with it; every other report was loaded: none is lost
        // without a failure on record for `xxgk retry --failed-fetches`.
        expect(failures.every((f) => f.code === 'job.stalled')).toBe(true);
        const expected = portal.truth.reports.filter((r) => r.listUrl.includes('/jkqxxgk/'));
        const urls = await ctx.db.query<{ source_url: string }>('SELECT source_url FROM reports');
        const have = new Set([...urls.map((u) => u.source_url), ...failures.map((f) => f.url)]);
        expect(
          expected.filter((r) => !have.has(r.documentUrl) && !have.has(r.url)).map((r) => r.url),
        ).toEqual([]);
      } finally {
        await ctx.close();
      }
    },
    E2E_TIMEOUT,
  );

  it(
    'on PostgreSQL + BullMQ too: the run ends `stalled` naming the stuck page',
    async () => {
      const db = await createTestDatabase();
      const prefix = `t-stall-${randomUUID().slice(0, 8)}`;
      const ctx = await open('finish', { databaseUrl: db.url, redisUrl: TEST_REDIS, prefix });
      try {
        expect(ctx.queue.kind).toBe('bullmq');
        const { outcome, lines } = await crawl(ctx);
        expect(outcome.reason).toBe('stalled');
        expect(lines[0]).toContain(`fetch ${hung.url} (running `);
        expect(outcome.runs[0]).toMatchObject({ source: 'gzjkq', status: 'stalled' });
        expect(outcome.runs[0]!.error).toContain(`fetch ${hung.url} (running `);
        const failures = await db.client.query<{ url: string; code: string }>(
          'SELECT url, code FROM fetch_failures',
        );
        expect(failures.rows.find((f) => f.url === hung.url)?.code).toBe('job.stalled');
      } finally {
        if (ctx.queue instanceof BullQueue) await ctx.queue.obliterate().catch(() => {});
        await ctx.close();
        await db.drop();
      }
    },
    E2E_TIMEOUT,
  );
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
