/**
 * `xxgk demo`: the project's own fake portal (test/portal, on a free loopback port) crawled fully
 * into a fresh database — the embedded one under `${dataDir}/demo`, or schema `xxgk_demo` of
 * DATABASE_URL — through the same stages and queue the nightly crawl uses, then a summary.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Settings } from '../config/settings.ts';
import { formatRunSummary, type RunSummary } from './control/summary.ts';
import { BullQueue } from './queue/bullmq.ts';
import { registerStages } from './runner.ts';
import type { Progress } from './runs.ts';
import { pendingFetches, type RunRow, startCrawl } from './runs.ts';
import { collectStatus, type StatusReport } from './status.ts';
import { watchRuns } from './watch.ts';
import { openPipeline } from './wiring.ts';

export interface DemoOptions {
  agencies: number;
  years: number[];
  faults: boolean;
  onProgress?: (p: Progress) => void;
  /** Aborted by Ctrl-C or SIGTERM (control/signals.ts): the demo's runs end `interrupted`. */
  signal?: AbortSignal;
  /** The signal's name, for the summary. */
  signalName?: () => string | null;
  /** Told of a stall as it is acted on. */
  onStall?: (line: string) => void;
  /** Fetch jobs still to do, for the progress view's ETA: set by runDemo once its queue exists. */
  onQueue?: (pending: () => Promise<number>) => void;
}

export interface DemoSummary {
  portal: string;
  database: string;
  queue: 'local' | 'bullmq';
  seconds: number;
  runs: RunRow[];
  agencies: number;
  reportsPerYear: Array<{ year: number | null; reports: number }>;
  /** Env prefix that points the other commands at the demo's database. */
  queryHint: string;
  status: StatusReport;
  /** How the crawl ended: time, counts, retries, why (control/summary.ts). */
  run: RunSummary;
}

export async function runDemo(settings: Settings, logger: Logger, opts: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  // The local portal ships in test/portal/ (it doubles as the crawlers' test fixture); only `demo`
  // and `portal` load it, and only when they run, so no other command pays for its document
  // builders (pdfkit, docx…).
  const { startPortal } = await import('../test/portal/server.ts');
  const { portalSources } = await import('../test/portal/sources.ts');
  const portal = await startPortal({ agencies: opts.agencies, years: opts.years, faults: opts.faults });
  const demoSettings: Settings = settings.databaseUrl
    ? { ...settings, queuePrefix: `${settings.queuePrefix}-demo-${process.pid}` }
    : {
        ...settings,
        dataDir: join(settings.dataDir, 'demo'),
        queuePrefix: `${settings.queuePrefix}-demo-${process.pid}`,
      };
  if (!settings.databaseUrl) rmSync(join(demoSettings.dataDir, 'pglite'), { recursive: true, force: true });
  const dbSchema = settings.databaseUrl ? 'xxgk_demo' : undefined;
  let ctx: Awaited<ReturnType<typeof openPipeline>>;
  try {
    if (dbSchema) await dropSchema(demoSettings, dbSchema);
    ctx = await openPipeline(demoSettings, {
      logger,
      sources: portalSources(portal.url, portal.truth),
      ...(dbSchema ? { dbSchema } : {}),
      retry: { fetch: { attempts: 4, backoffMs: 200 }, discover: { attempts: 3, backoffMs: 200 } },
    });
  } catch (err) {
    // A database or Redis that cannot be reached ends the demo with its one line: the portal's
    // process must not keep the command alive after it.
    await portal.close();
    throw err;
  }
  try {
    registerStages(ctx.queue, ctx.deps, ctx.concurrency, undefined, undefined, ctx.control);
    opts.onQueue?.(() => pendingFetches(ctx.queue));
    const crawlStarted = Date.now();
    const ids = opts.signal?.aborted ? [] : await startCrawl(ctx.db, ctx.queue, ctx.sources, { full: true });
    const outcome = await watchRuns(ctx.db, ctx.queue, ids, {
      pollMs: 300,
      flush: () => ctx.store.flushCounts(),
      stall: { timeoutMs: settings.stallTimeoutMs, action: settings.stallAction },
      jobs: ctx.control.jobs,
      timeouts: ctx.control.timeouts,
      logger,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onStall ? { onStall: opts.onStall } : {}),
      ...(opts.onProgress ? { onTick: opts.onProgress } : {}),
    });
    const { runs } = outcome;
    const run: RunSummary = {
      reason: outcome.reason,
      signal: opts.signalName?.() ?? null,
      stall: outcome.stalls.at(-1) ?? null,
      elapsedMs: Date.now() - crawlStarted,
      runs,
      stages: ctx.control.tally.snapshot(),
    };
    const agencies = await ctx.db.query<{ n: number }>(
      'SELECT count(DISTINCT agency)::int AS n FROM report_list',
    );
    const perYear = await ctx.db.query<{ year: number | null; reports: number }>(
      'SELECT year, count(*)::int AS reports FROM report_list GROUP BY year ORDER BY year NULLS LAST',
    );
    const status = await collectStatus(ctx.db, null);
    if (ctx.queue instanceof BullQueue) await ctx.queue.obliterate();
    return {
      portal: portal.url,
      database: dbSchema ? `PostgreSQL schema ${dbSchema}` : `PGlite ${join(demoSettings.dataDir, 'pglite')}`,
      queue: ctx.queue.kind,
      seconds: (performance.now() - started) / 1000,
      runs,
      agencies: Number(agencies[0]?.n ?? 0),
      reportsPerYear: perYear.map((r) => ({ year: r.year, reports: Number(r.reports) })),
      queryHint: dbSchema ? `XXGK_DB_SCHEMA=${dbSchema}` : `XXGK_DATA_DIR=${demoSettings.dataDir}`,
      status,
      run,
    };
  } finally {
    await ctx.close();
    await portal.close();
  }
}

async function dropSchema(settings: Settings, schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: settings.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Failures that come from this machine rather than from the portal, said once in plain words: a
 * newcomer without Chromium should not go looking for a bug in the portal or the crawler. Pages
 * (fetch failures) and whole lists (a run's error) both count.
 */
function prerequisiteNotes(d: DemoSummary): string[] {
  const CODE = 'fetch.browser_unavailable';
  const pages = d.status.failures.filter((f) => f.code === CODE);
  const lists = d.runs.filter((r) => r.error?.includes(CODE));
  if (pages.length === 0 && lists.length === 0) return [];
  const reason = pages[0]?.reason ?? lists[0]!.error!;
  const what = [
    ...(pages.length ? [`${pages.length} page(s)`] : []),
    ...(lists.length ? [`the lists of ${lists.map((r) => r.source).join(', ')}`] : []),
  ].join(' and ');
  return [
    '',
    `missing prerequisite, not a fault of the portal: ${what} need Chromium, which could not start`,
    `  (${reason.slice(reason.indexOf('Chromium unavailable'))})`,
    '  install it (Debian: apt-get install chromium) or point XXGK_CHROMIUM_PATH at it, then run the demo again',
  ];
}

export function formatDemo(d: DemoSummary): string {
  const s = d.status;
  const lines = [
    `xxgk demo: crawled the local portal ${d.portal} into ${d.database} (${d.queue} queue) in ${d.seconds.toFixed(1)} s`,
    formatRunSummary(d.run, { runs: false }).trimEnd(),
    `agencies: ${d.agencies}`,
    'reports per year:',
    ...d.reportsPerYear.map((r) => `  ${r.year ?? 'unknown'}: ${r.reports}`),
    `reports: ${s.reports}, cells: ${s.cells}, findings: ${s.findings}, documents: ${s.documents}`,
    'runs:',
    ...d.runs.map((r) => `  ${r.source ?? '?'}: ${r.status}${r.error ? ` — ${r.error}` : ''}`),
    `failures: ${s.failed}`,
    ...s.failures.map((f) => `  [${f.stage}] ${f.url}: ${f.code} — ${f.reason}`),
    ...prerequisiteNotes(d),
    ...(d.queryHint
      ? ['', `explore it: ${d.queryHint} npx xxgk sql "SELECT * FROM report_summary LIMIT 10"`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
