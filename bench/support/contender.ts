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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procCpu, threadCpu, threadSplit } from './proc-cpu.ts';

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
  /** This process's CPU (user + system), start-up included. */
  cpuSeconds: number;
  /**
   * CPU the database and queue servers spent for this contender during the crawl (xxgk-pg): its
   * own PostgreSQL backends (found by application_name; their whole life is this run's) and the
   * Redis server over the crawl (shared with anyone else using it then: an upper bound).
   */
  serverCpu?: { pg: number; redis: number };
  /**
   * CPU seconds of this process's threads over the crawl (xxgk): the main thread, the busiest other
   * thread (the embedded database's, when there is one) and the rest (GC helpers, libuv's pool).
   */
  threads?: { main: number; top: number; rest: number };
  /**
   * What xxgk loaded, to compare runs: cells, findings and cross-year findings of current reports,
   * and a checksum over every cell's keys, value and raw text (equal datasets, equal fingerprints).
   */
  dataset?: { cells: number; findings: number; yearFindings: number; checksum: string };
}

const raw = process.argv[2] ?? '{}';
const args = JSON.parse(raw.startsWith('@') ? readFileSync(raw.slice(1), 'utf8') : raw) as ContenderArgs;
let peak = process.memoryUsage.rss();
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { pages, seconds, serverCpu, threads, dataset } =
  args.kind === 'crawlee' ? await runCrawlee(args) : await runXxgk(args);
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
  ...(serverCpu ? { serverCpu } : {}),
  ...(threads ? { threads } : {}),
  ...(dataset ? { dataset } : {}),
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);

type Crawled = Pick<ContenderResult, 'pages' | 'seconds' | 'serverCpu' | 'threads' | 'dataset'>;

/**
 * Server CPU spent for one contender: its PostgreSQL backends (by application_name, sampled while
 * the crawl runs so a backend the pool closes is still counted) and the Redis server's delta.
 */
async function watchServers(pgUrl: string, appName: string, redisUrl: string) {
  const pg = (await import('pg')).default;
  const { Redis } = await import('ioredis');
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const redis = new Redis(redisUrl);
  const info = await redis.info('server');
  redis.disconnect();
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
  const redis0 = redisPid ? procCpu(redisPid) : null;
  const backends = new Map<number, number>();
  const sample = async () => {
    const rows = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [appName],
    );
    for (const { pid } of rows.rows) {
      const c = procCpu(pid);
      if (c !== null) backends.set(pid, Math.max(backends.get(pid) ?? 0, c));
    }
  };
  let busy: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy.then(sample).catch(() => {});
  }, 250);
  return {
    async stop(): Promise<{ pg: number; redis: number }> {
      clearInterval(timer);
      await busy;
      await sample().catch(() => {});
      await client.end();
      const r1 = redisPid ? procCpu(redisPid) : null;
      let pgCpu = 0;
      for (const c of backends.values()) pgCpu += c;
      return { pg: pgCpu, redis: redis0 !== null && r1 !== null ? r1 - redis0 : 0 };
    },
  };
}

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

/**
 * XXGK_BENCH_SQL=1: each statement's count and summed wall time (from sending to its answer), by
 * text, printed to stderr at the end: where the database time of a crawl goes, when
 * pg_stat_statements is not loaded on the server. On the embedded path the database's own thread
 * prints the same for its statements when it closes (db/pglite-worker.mjs), migrations included.
 */
async function sqlStats(): Promise<() => void> {
  const pg = (await import('pg')).default;
  const stats = new Map<string, { n: number; ms: number; kb: number }>();
  const size = (v: unknown): number =>
    v == null
      ? 0
      : Buffer.isBuffer(v)
        ? v.length
        : Array.isArray(v)
          ? v.reduce((a, x) => a + size(x), 0)
          : String(v).length;
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    const text = (typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 110);
    const t0 = performance.now();
    const values = (typeof q === 'object' && q && 'values' in q ? q.values : args[1]) as unknown;
    const kb = size(values) / 1024;
    const done = () => {
      const s = stats.get(text) ?? { n: 0, ms: 0, kb: 0 };
      s.n++;
      s.kb += kb;
      s.ms += performance.now() - t0;
      stats.set(text, s);
    };
    // pg-pool passes a callback; a checked-out client is awaited.
    const cb = args[args.length - 1];
    if (typeof cb === 'function')
      args[args.length - 1] = (...r: unknown[]) => {
        done();
        return cb(...r);
      };
    const out = original.apply(this, args);
    if (typeof cb !== 'function' && out && typeof (out as Promise<unknown>).then === 'function')
      (out as Promise<unknown>).then(done, () => {});
    return out;
  };
  return () => {
    // XXGK_BENCH_SQL=count: by how many times each ran (per-page statements first), else by time.
    const byCount = process.env.XXGK_BENCH_SQL === 'count';
    const rows = [...stats].sort((x, y) => (byCount ? y[1].n - x[1].n : y[1].ms - x[1].ms)).slice(0, 25);
    for (const [text, s] of rows)
      process.stderr.write(
        `${String(s.n).padStart(7)} ${s.ms.toFixed(0).padStart(8)} ms ${s.kb.toFixed(0).padStart(8)} KB  ${text}\n`,
      );
  };
}

async function runXxgk(a: ContenderArgs): Promise<Crawled> {
  const printSql = process.env.XXGK_BENCH_SQL ? await sqlStats() : null;
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
  // Names this contender's PostgreSQL backends, so their CPU is counted with its own.
  const appName = `xxgk-bench-${process.pid}`;
  const pgUrl = pg ? withAppName(a.pgUrl!, appName) : '';
  const settings = loadSettings({
    env: {
      // Settings from the environment (an A/B's `--ab "XXGK_CONCURRENCY_LOAD=4"`, a recording's
      // XXGK_PGLITE_RECORD), under the bench's own conditions below.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([k]) => k.startsWith('XXGK_') && !k.startsWith('XXGK_TEST_') && !k.startsWith('XXGK_BENCH_'),
        ),
      ),
      XXGK_LOG_LEVEL: 'error',
      XXGK_DATA_DIR: dataDir,
      ...(pg ? { DATABASE_URL: pgUrl, REDIS_URL: a.redisUrl!, XXGK_QUEUE_PREFIX: prefix } : {}),
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
    const servers = pg ? await watchServers(a.pgUrl!, appName, a.redisUrl!) : null;
    const threads0 = threadCpu();
    const started = performance.now();
    const ids = await startCrawl(ctx.db, ctx.queue, [source], { full: true });
    await waitForRuns(ctx.db, ctx.queue, ids, { pollMs: 100, flush: () => ctx.store.flushCounts() });
    const seconds = (performance.now() - started) / 1000;
    const threads = threadSplit(threads0);
    const serverCpu = await servers?.stop();
    printSql?.();
    const rows = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE is_current');
    const dataset = await fingerprint(ctx.db);
    if (ctx.queue instanceof BullQueue) await ctx.queue.obliterate();
    if (pg) await ctx.db.query(`DROP SCHEMA ${schema} CASCADE`);
    return { pages: rows[0]!.n, seconds, threads, dataset, ...(serverCpu ? { serverCpu } : {}) };
  } finally {
    await ctx.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The loaded dataset in four numbers (ContenderResult.dataset); report ids differ between runs, URLs do not. */
async function fingerprint(db: { query<T>(sql: string): Promise<T[]> }): Promise<ContenderResult['dataset']> {
  const [c] = await db.query<{ n: number; sum: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(hashtext(concat_ws('|', r.source_url, c.table_key, c.row_key,
       c.col_key, c.value::text, c.raw, c.source_table, c.source_row, c.source_col))::bigint), 0)::text AS sum
     FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.is_current`,
  );
  const [f] = await db.query<{ n: number; sum: string }>(
    `SELECT count(*)::int AS n, coalesce(sum(hashtext(concat_ws('|', r.source_url, f.code, f.table_key, f.row_key,
       f.col_key, f.message))::bigint), 0)::text AS sum
     FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.is_current`,
  );
  const [y] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM year_findings');
  return { cells: c!.n, findings: f!.n, yearFindings: y!.n, checksum: `${c!.sum}/${f!.sum}` };
}

function withAppName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}
