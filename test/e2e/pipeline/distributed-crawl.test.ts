/**
 * Two worker processes crawl the local portal through the real Redis and PostgreSQL; one is
 * SIGKILLed mid-crawl. The database must end equal to the portal's truth, a second crawl must
 * change nothing, and an incremental crawl after new reports are published fetches only those.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMANENT_FETCH_CODES } from '../../../crawlers/errors.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import {
  compareWithTruth,
  createTestDatabase,
  E2E_TIMEOUT,
  runCli,
  snapshot,
  spawnCli,
  TEST_REDIS,
  waitFor,
  writeSourcesFile,
} from './helpers.ts';

let portal: Portal;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sources: ReturnType<typeof writeSourcesFile>;
let env: Record<string, string>;
const workers: ChildProcess[] = [];
const prefix = `e2e-${randomUUID().slice(0, 8)}`;

function startWorker(): ChildProcess {
  const w = spawnCli(['worker'], env);
  w.stderr!.on('data', () => {});
  w.stdout!.on('data', () => {});
  workers.push(w);
  return w;
}

const detailRequests = (p: Portal, from: number, urls: Set<string>) =>
  p.requests.slice(from).filter((r) => urls.has(new URL(r.path, p.url).toString()));

beforeAll(async () => {
  portal = await startPortal({
    agencies: 5,
    years: [2019, 2020, 2021, 2022, 2023, 2024],
    seeds: false,
    faults: true,
  });
  db = await createTestDatabase();
  sources = writeSourcesFile(portal.url, portal.truth);
  env = {
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS,
    XXGK_QUEUE_PREFIX: prefix,
    XXGK_SOURCES_FILE: sources.file,
    // Short locks so the killed worker's jobs come back within seconds, but not so short that a live
    // worker starved of CPU (load 30+ on 2 cores) misses its lock renewals three times and has its
    // jobs failed as stalled: at 4 s that happened under load.
    XXGK_QUEUE_LOCK_MS: '10000',
    XXGK_QUEUE_STALLED_MS: '2000',
    XXGK_CONCURRENCY_FETCH: '4',
  };
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  const q = new BullQueue({ redisUrl: TEST_REDIS, prefix });
  await q.obliterate().catch(() => {});
  await q.close();
  await portal?.close();
  await db?.drop();
  sources?.cleanup();
});

describe('distributed crawl (2 workers, Redis, PostgreSQL)', () => {
  it(
    'survives a SIGKILLed worker and ends equal to the portal truth',
    async () => {
      const victim = startWorker();
      startWorker();
      const crawl = runCli(['crawl'], env);
      // Kill one worker once the crawl is well under way.
      await waitFor(
        'fetches to start',
        async () => {
          const r = await db.client
            .query('SELECT coalesce(sum(fetched), 0)::int AS n FROM crawl_runs')
            .catch(() => null);
          return Number(r?.rows[0]?.n ?? 0) >= 8;
        },
        { until: crawl },
      );
      victim.kill('SIGKILL');
      const result = await crawl;
      expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
      expect(result.stdout).toMatch(/gzjkq: done/);

      const diff = await compareWithTruth(db.client, portal.truth);
      if (diff.missing.length > 0) {
        const q = new BullQueue({ redisUrl: TEST_REDIS, prefix });
        for (const s of ['discover', 'fetch', 'extract', 'load'] as const) console.log(s, await q.failed(s));
        await q.close();
      }
      expect(diff.expectedReports).toBeGreaterThan(30);
      expect(diff.missing).toEqual([]);
      expect(diff.duplicates).toEqual([]);
      expect(diff.wrongCells).toEqual([]);
      expect(diff.missingFailures).toEqual([]);
      expect(diff.unexpectedFailures).toEqual([]);
      const current = await db.client.query('SELECT count(*)::int AS n FROM reports WHERE is_current');
      expect(current.rows[0].n).toBe(diff.expectedReports);
      const dupDocs = await db.client.query(
        'SELECT sha256 FROM documents GROUP BY sha256 HAVING count(*) > 1',
      );
      expect(dupDocs.rows).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'a second crawl changes nothing and fetches no report again',
    async () => {
      const before = await snapshot(db.client);
      const from = portal.requests.length;
      const result = await runCli(['crawl'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(await snapshot(db.client)).toEqual(before);
      const reportUrls = new Set(portal.truth.reports.flatMap((r) => [r.url, r.documentUrl]));
      expect(detailRequests(portal, from, reportUrls)).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'an incremental crawl after new reports are published fetches only those',
    async () => {
      const old = new Set(portal.truth.reports.flatMap((r) => [r.url, r.documentUrl]));
      portal.publish(3);
      const fresh = portal.truth.reports.filter((r) => !old.has(r.url));
      expect(fresh.length).toBe(3);
      const from = portal.requests.length;
      const result = await runCli(['crawl'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(detailRequests(portal, from, old)).toEqual([]);
      const freshUrls = new Set(fresh.flatMap((r) => [r.url, r.documentUrl]));
      const fetched = new Set(
        detailRequests(portal, from, freshUrls).map((r) => new URL(r.path, portal.url).toString()),
      );
      expect([...fetched].sort()).toEqual([...freshUrls].sort());
      const diff = await compareWithTruth(db.client, portal.truth);
      expect(diff.missing).toEqual([]);
      expect(diff.wrongCells).toEqual([]);
      expect(diff.duplicates).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'status --json reports the crawl, the dataset and the expected failures',
    async () => {
      const result = await runCli(['status', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      const s = JSON.parse(result.stdout);
      const truthStored = portal.truth.reports.filter((r) => r.expect === 'stored').length;
      expect(s.reports).toBe(truthStored);
      expect(s.cells).toBeGreaterThan(0);
      expect(s.failed).toBe(portal.truth.reports.filter((r) => r.expect !== 'stored').length);
      expect(s.sources.map((x: { source: string }) => x.source)).toContain('gzjkq');
      expect(s.sources.every((x: { lastRun: { status: string } }) => x.lastRun.status === 'done')).toBe(true);
    },
    E2E_TIMEOUT,
  );

  it(
    'retry --failed-fetches leaves permanent failures alone; --include-permanent fetches exactly the failed URLs again',
    async () => {
      const failedBefore = (
        await db.client.query('SELECT url, attempts, code FROM fetch_failures ORDER BY url')
      ).rows;
      expect(failedBefore.length).toBeGreaterThan(0);
      // The portal's failures are all permanent (404, redirect loop, robots): by default none is fetched.
      const permanent = failedBefore.filter((r) => PERMANENT_FETCH_CODES.has(r.code));
      expect(permanent.length).toBe(failedBefore.length);
      const quiet = portal.requests.length;
      const skipped = await runCli(['retry', '--failed-fetches'], env);
      expect(skipped.code, skipped.stderr).toBe(0);
      expect(skipped.stdout).toMatch(
        new RegExp(`^no failed fetches to retry: ${permanent.length} skipped as permanent`),
      );
      expect(portal.requests.length).toBe(quiet);
      const from = portal.requests.length;
      const result = await runCli(['retry', '--failed-fetches', '--include-permanent'], env);
      // They fail again (404, redirect loop, robots): the command says so with exit code 1.
      expect(result.code, result.stderr).toBe(1);
      const after = (await db.client.query('SELECT url, attempts, code FROM fetch_failures ORDER BY url'))
        .rows;
      expect(after.map((r) => r.url)).toEqual(failedBefore.map((r) => r.url));
      for (const [i, r] of after.entries()) expect(r.attempts).toBe(failedBefore[i].attempts + 1);
      const reportUrls = new Set(portal.truth.reports.flatMap((r) => [r.url, r.documentUrl]));
      const refetched = new Set(
        detailRequests(portal, from, reportUrls).map((r) => new URL(r.path, portal.url).toString()),
      );
      const failedUrls = new Set(failedBefore.map((r) => r.url as string));
      for (const u of refetched) expect(failedUrls.has(u), u).toBe(true);
      expect(refetched.size).toBeGreaterThan(0);
      // Recorded as a retry run, not as an incremental crawl.
      const last = await db.client.query('SELECT mode FROM crawl_runs ORDER BY id DESC LIMIT 1');
      expect(last.rows[0].mode).toBe('retry');
    },
    E2E_TIMEOUT,
  );

  it(
    'a worker sent SIGTERM drains and exits cleanly',
    async () => {
      // Signalled once it says it has started (its handlers are installed then), not after a guess
      // at how long start-up takes on a busy machine.
      const w = spawnCli(['worker'], { ...env, XXGK_LOG_LEVEL: 'info' });
      workers.push(w);
      let out = '';
      for (const s of [w.stdout!, w.stderr!]) s.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => w.once('exit', (c) => r(c)));
      await waitFor('the worker to start', async () => out.includes('worker started'), {
        until: exited,
      });
      w.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<string>((r) => setTimeout(() => r('timeout'), 30_000)),
      ]);
      expect(code).toBe(0);
    },
    E2E_TIMEOUT,
  );
});
