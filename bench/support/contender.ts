/**
 * One contender of the side-by-side crawl bench (bench/crawlee.ts), in its own process so that its
 * memory and CPU are its own: `tsx bench/support/contender.ts '<json args>'` crawls the portal at
 * `portalUrl` and prints one JSON line (pages, seconds, peak RSS, CPU seconds).
 *
 *   crawlee   Crawlee's CheerioCrawler: directory → lists (following 下一页) → detail pages, each
 *             parsed with cheerio, its title and table rows pushed to Crawlee's dataset (in memory).
 *   xxgk-pg   the whole xxgk pipeline (discover, fetch, store, extract, load) on BullMQ + Redis and
 *             PostgreSQL, in a schema of its own.
 *   xxgk-embedded  the same on the zero-setup default: the in-process queue and PGlite in a fresh
 *             data directory (what `xxgk crawl` and `xxgk demo` use without services).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ContenderArgs {
  kind: 'crawlee' | 'xxgk-pg' | 'xxgk-embedded';
  portalUrl: string;
  /** Lists of the portal's gzjkq source (from its truth). */
  lists: Array<{ url: string; agency: string | null }>;
  concurrency: number;
  /** Detail pages the portal serves (to check the crawl found them all). */
  expected: number;
  pgUrl?: string;
  redisUrl?: string;
}

export interface ContenderResult {
  kind: ContenderArgs['kind'];
  pages: number;
  /** From the crawl's start to its end (the database already open and migrated). */
  seconds: number;
  /** Everything, start-up included. */
  totalSeconds: number;
  peakRssMb: number;
  cpuSeconds: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ContenderArgs;
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { pages, seconds } = args.kind === 'crawlee' ? await runCrawlee(args) : await runXxgk(args);
const totalSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const result: ContenderResult = {
  kind: args.kind,
  pages,
  seconds,
  totalSeconds,
  peakRssMb: Math.round(peak / 1048576),
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);

type Crawled = { pages: number; seconds: number };

async function runCrawlee(a: ContenderArgs): Promise<Crawled> {
  const { CheerioCrawler, Configuration } = await import('@crawlee/cheerio');
  // In-memory storage and no system-load throttling: Crawlee at its fastest, the same concurrency as xxgk.
  const config = new Configuration({ persistStorage: false, purgeOnStart: true, systemInfoV2: false });
  let details = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: a.concurrency,
      maxConcurrency: a.concurrency,
      maxRequestRetries: 3,
      autoscaledPoolOptions: { maybeRunIntervalSecs: 0.01 },
      async requestHandler({ request, $, enqueueLinks, pushData }) {
        if (request.label === 'DETAIL') {
          const rows = $('table tr')
            .map((_, tr) =>
              $(tr)
                .find('td,th')
                .map((__, td) => $(td).text().trim())
                .get()
                .join('|'),
            )
            .get();
          await pushData({ url: request.url, title: $('title').text(), rows });
          details++;
          return;
        }
        // A list page: its report links (the same title filter as the gzjkq source) and the next page.
        const reports = $('ul li a')
          .filter((_, el) => {
            const t = $(el).attr('title') ?? $(el).text();
            return /年度报告|年报/.test(t) && !/要点|通知/.test(t);
          })
          .map((_, el) => new URL($(el).attr('href')!, request.loadedUrl ?? request.url).toString())
          .get();
        await enqueueLinks({ urls: reports, label: 'DETAIL' });
        await enqueueLinks({ selector: '.page a', label: 'LIST' });
      },
    },
    config,
  );
  const started = performance.now();
  await crawler.run(a.lists.map((l) => ({ url: l.url, label: 'LIST' })));
  return { pages: details, seconds: (performance.now() - started) / 1000 };
}

async function runXxgk(a: ContenderArgs): Promise<Crawled> {
  const { createLogger } = await import('../../config/logger.ts');
  const { loadSettings } = await import('../../config/settings.ts');
  const { defaultSourceEntries, defineSource } = await import('../../config/sources/load.ts');
  const { registerStages } = await import('../../pipeline/runner.ts');
  const { startCrawl, waitForRuns } = await import('../../pipeline/runs.ts');
  const { openPipeline } = await import('../../pipeline/wiring.ts');
  const { BullQueue } = await import('../../pipeline/queue/bullmq.ts');
  const pg = a.kind === 'xxgk-pg';
  const schema = `bench_side_${process.pid}`;
  const dataDir = pg ? '' : mkdtempSync(join(tmpdir(), 'xxgk-bench-side-'));
  const prefix = `bench-side-${process.pid}`;
  const settings = loadSettings({
    env: {
      XXGK_LOG_LEVEL: 'error',
      XXGK_DATA_DIR: dataDir,
      ...(pg ? { DATABASE_URL: a.pgUrl!, REDIS_URL: a.redisUrl!, XXGK_QUEUE_PREFIX: prefix } : {}),
      XXGK_CONCURRENCY_DISCOVER: String(Math.min(8, a.concurrency)),
      XXGK_CONCURRENCY_FETCH: String(a.concurrency),
    },
    configFile: '/nonexistent',
  });
  // The gzjkq source on the portal: its directory finds the same lists Crawlee starts from; no politeness delay.
  const gzjkq = defaultSourceEntries().find((s) => s.id === 'gzjkq')!;
  const source = defineSource(
    {
      ...gzjkq,
      baseUrl: a.portalUrl,
      allowPrivate: true,
      rateLimit: { minIntervalMs: 0 },
      concurrency: a.concurrency,
    },
    'bench portal',
  );
  const ctx = await openPipeline(settings, {
    logger: createLogger('error'),
    sources: [source],
    ...(pg ? { dbSchema: schema } : {}),
  });
  try {
    registerStages(ctx.queue, ctx.deps, ctx.concurrency, undefined, undefined, ctx.control);
    const started = performance.now();
    const ids = await startCrawl(ctx.db, ctx.queue, [source], { full: true });
    await waitForRuns(ctx.db, ctx.queue, ids, { pollMs: 100, flush: () => ctx.store.flushCounts() });
    const seconds = (performance.now() - started) / 1000;
    const rows = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE is_current');
    if (ctx.queue instanceof BullQueue) await ctx.queue.obliterate();
    if (pg) await ctx.db.query(`DROP SCHEMA ${schema} CASCADE`);
    return { pages: rows[0]!.n, seconds };
  } finally {
    await ctx.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
