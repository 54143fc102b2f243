/**
 * Crawl throughput and memory: the local portal (in its own process, politeness off, no faults)
 * serves ≥ 2,000 report pages; the crawler discovers them through the directory and the list pages,
 * fetches, decodes (charset detection, attachment scan) and stores each one, 32 at a time.
 * Prints detail pages/s and peak RSS, with RSS at checkpoints so a growing crawl shows flat memory.
 *
 * Usage: tsx bench/crawl.ts [--pages N] [--concurrency N] [--store files|memory|pglite|pg]
 *   files  (default) content-addressed files under a temp dir, keyed by sha256 — memory stays flat;
 *   memory a Map sha256 → bytes (memory grows with the corpus by design);
 *   pglite / pg  db/storeDocument into an in-memory PGlite or XXGK_TEST_DATABASE_URL (own schema).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../config/logger.ts';
import { crawlSource } from '../crawlers/crawl.ts';
import { createLocalLimiter } from '../crawlers/http/limiter.ts';
import { createHttpStack } from '../crawlers/stack.ts';
import type { FetchedDocument } from '../crawlers/types.ts';
import { startPortalProcess } from '../test/portal/remote.ts';
import { portalSources } from '../test/portal/sources.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const PAGES = Number(arg('pages', '2000'));
const CONCURRENCY = Number(arg('concurrency', '32'));
const STORE = arg('store', 'files');
if (!Number.isInteger(PAGES) || PAGES < 1) throw new Error('bench crawl: --pages must be a positive integer');
if (!['files', 'memory', 'pglite', 'pg'].includes(STORE))
  throw new Error(`bench crawl: unknown --store ${STORE}`);

const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const agencies = Math.ceil(PAGES / YEARS.length);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

type Store = { put(doc: FetchedDocument): Promise<void>; close(): Promise<void> };

async function openStore(): Promise<Store> {
  if (STORE === 'memory') {
    const m = new Map<string, Uint8Array>();
    return { put: async (d) => void m.set(d.sha256, d.bytes), close: async () => m.clear() };
  }
  if (STORE === 'files') {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-bench-crawl-'));
    for (let i = 0; i < 256; i++) mkdirSync(join(dir, i.toString(16).padStart(2, '0')));
    return {
      // Asynchronous writes: a synchronous store would stall the fetches sharing the event loop.
      put: (d) => writeFile(join(dir, d.sha256.slice(0, 2), d.sha256), d.bytes),
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const { openDatabase, migrate, storeDocument } = await import('../db/index.ts');
  const schema = `bench_crawl_${process.pid}`;
  const db =
    STORE === 'pg'
      ? await openDatabase(
          {
            databaseUrl: process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
            dataDir: '',
          },
          { schema },
        )
      : await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
  await migrate(db);
  return {
    put: async (d) => void (await storeDocument(db, d)),
    close: async () => {
      if (STORE === 'pg') await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

// Pages are rendered ahead (prewarm) so the portal's own rendering does not set the pace.
const portal = await startPortalProcess({
  agencies,
  faults: false,
  seeds: false,
  attachments: false,
  years: YEARS,
  prewarm: true,
});
const truth = await portal.truth({ cells: false });
const expected = truth.reports.filter((r) =>
  truth.lists.some((l) => l.kind === 'static' && l.url === r.listUrl),
).length;
const [gzjkq] = portalSources(portal.url, truth, 0);
const source = { ...gzjkq!, concurrency: CONCURRENCY };
const stack = createHttpStack([source], {
  userAgent: 'xxgk-bench',
  limiter: createLocalLimiter(0),
  logger: silentLogger,
  connections: CONCURRENCY,
});
const store = await openStore();

let peak = process.memoryUsage().rss;
const checkpoints = new Set([0.25, 0.5, 0.75, 1].map((f) => Math.floor(expected * f)));
let stored = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
console.log(
  `crawl: portal ${portal.url} serves ${expected} report pages in ${truth.lists.length - 2} gzjkq lists; store=${STORE}, concurrency=${CONCURRENCY}`,
);

const started = performance.now();
const result = await crawlSource(source, {
  fetcher: stack.fetcher,
  concurrency: CONCURRENCY,
  store: async (doc) => {
    await store.put(doc);
    stored++;
    if (checkpoints.has(stored)) {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      console.log(`  ${stored} pages stored: RSS ${mb(rss)}`);
    }
  },
});
const secs = (performance.now() - started) / 1000;
clearInterval(sampler);

const detail = result.refs.filter((r) => r.kind === 'detail').length;
const requests = (await portal.requests()).length;
console.log(
  `crawl: ${stored} pages, ${(stored / secs).toFixed(1)} pages/s, peak RSS ${mb(peak)} (${requests} requests incl. lists, ${(requests / secs).toFixed(0)} req/s, ${secs.toFixed(2)} s)`,
);
await stack.close();
await store.close();
await portal.close();
if (result.failures.length || detail !== expected || stored !== detail) {
  console.error(
    `crawl: FAILED — ${result.failures.length} failures, ${detail}/${expected} found, ${stored} stored`,
  );
  process.exit(1);
}
