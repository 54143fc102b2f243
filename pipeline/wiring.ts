/**
 * Builds a running pipeline from settings: the database (migrated), the sources, the HTTP stack
 * (politeness shared through Redis when there is one), the extractor, the store and the queue
 * (BullMQ when REDIS_URL is set, the in-process executor otherwise). bin/ commands call this;
 * nothing else reads settings.
 */
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import { NonRetryableError } from '../config/errors.ts';
import type { Settings } from '../config/settings.ts';
import { attachmentSelector, type Source } from '../config/sources/schema.ts';
import { discoverList, listByUrl, resolveLists } from '../crawlers/discover/index.ts';
import {
  createBrowserPool,
  createHttpStack,
  createRedisLimiter,
  findAttachments,
  findPageImages,
  type HostInterval,
  type HttpStack,
  loadSources,
} from '../crawlers/index.ts';
import { type Database, migrate, openDatabase, upsertSource } from '../db/index.ts';
import { kindFromHints, sniffMagic } from '../extractors/documents/magic.ts';
import { EXTRACTOR_VERSION, extractBytes, extractPageMeta } from '../extractors/index.ts';
import { imageKind } from '../extractors/ocr/magic.ts';
import { ActiveJobs } from './control/active-jobs.ts';
import { JobTally } from './control/tally.ts';
import { createExtractPool } from './extract-pool.ts';
import { keepHeapNearLive } from './heap.ts';
import { limitConcurrency } from './limit.ts';
import type { Stage } from './payloads.ts';
import type { PipelineStore, StageDeps } from './ports.ts';
import { BullQueue } from './queue/bullmq.ts';
import { LocalQueue } from './queue/local.ts';
import type { JobQueue, RetryPolicy } from './queue/types.ts';
import type { Concurrency, RunControl } from './runner.ts';
import { createSqlStore } from './store/sql-store.ts';

/** The OCR child's deadline when OCR jobs have no time limit (XXGK_OCR_JOB_TIMEOUT_MS=0): a child never runs unbounded. */
const OCR_READ_CAP_MS = 3_600_000;

export interface PipelineContext {
  settings: Settings;
  logger: Logger;
  db: Database;
  store: PipelineStore;
  queue: JobQueue;
  sources: Source[];
  deps: StageDeps;
  concurrency: Concurrency;
  /** Job time limits and this process's running jobs (pass to registerStages). */
  control: RunControl;
  close(): Promise<void>;
}

export interface OpenPipelineOptions {
  logger: Logger;
  /** Sources to crawl; default: settings.sourcesFile, else the default sources file (config/sources). */
  sources?: Source[];
  /** PG schema (tests isolate themselves in one). */
  dbSchema?: string;
  /** Force the in-process executor even when REDIS_URL is set. */
  local?: boolean;
  retry?: Partial<Record<Stage, RetryPolicy>>;
  /** Open the database in memory (PGlite; tests and the bench). */
  inMemoryDb?: boolean;
}

export class UnknownSourceError extends NonRetryableError {}

export async function openPipeline(settings: Settings, opts: OpenPipelineOptions): Promise<PipelineContext> {
  const { logger } = opts;
  keepHeapNearLive();
  const sources = opts.sources ?? loadSources(settings.sourcesFile);
  // Redis first: when it is down the command ends in seconds (redis.unavailable), before migrations.
  const queue: JobQueue =
    settings.redisUrl && !opts.local
      ? await BullQueue.open({
          redisUrl: settings.redisUrl,
          connectTimeoutMs: settings.redisConnectTimeoutMs,
          prefix: settings.queuePrefix,
          lockDurationMs: settings.queueLockMs,
          stalledIntervalMs: settings.queueStalledMs,
          drainMs: settings.queueDrainMs,
          logger,
          ...(opts.retry ? { retry: opts.retry } : {}),
        })
      : new LocalQueue({ logger, ...(opts.retry ? { retry: opts.retry } : {}) });
  let db: Database;
  try {
    db = await openDatabase(settings, {
      schema: opts.dbSchema ?? settings.dbSchema,
      // The embedded database runs on its own thread, beside fetching and extraction.
      offThread: true,
      record: settings.pgliteRecord,
      ...(opts.inMemoryDb ? { inMemory: true } : {}),
    });
  } catch (err) {
    await queue.close();
    throw err;
  }
  try {
    await migrate(db);
    for (const s of sources)
      await upsertSource(db, { name: s.id, baseUrl: s.baseUrl, region: s.region ?? null });
  } catch (err) {
    await queue.close();
    await db.close();
    throw err;
  }
  const http = buildHttp(settings, sources, queue, logger);
  const store = createSqlStore(db, {
    logger,
    load: { maxInFlight: settings.concurrencyLoad },
  });
  const byId = new Map(sources.map((s) => [s.id, s]));
  const threads = extractThreadsOf(settings);
  const pool =
    threads > 0 ? createExtractPool({ size: threads, timeoutMs: settings.jobTimeoutMs || undefined }) : null;
  const rejectShapes = settings.rejectShapes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const deps: StageDeps = {
    store,
    logger,
    extractorVersion: EXTRACTOR_VERSION,
    rejectShapes,
    source(id) {
      const s = byId.get(id);
      if (!s)
        throw new UnknownSourceError(
          'pipeline.source',
          `unknown source "${id}" (known: ${[...byId.keys()].join(', ')})`,
        );
      return s;
    },
    lists: async (source, onError) =>
      (await resolveLists(source, http.fetcher, onError)).map((l) => ({ url: l.url, agency: l.agency })),
    walkList: (source, list, o) =>
      discoverList(source, listByUrl(source, list), { fetcher: http.fetcher, ...o }),
    // Fetch jobs may also extract and load (runner.ts `Inline`), so more of them run than fetch at once.
    fetch: limitConcurrency(settings.concurrencyFetch, (url, source) =>
      http.fetcher.fetch(url, source.encoding ? { encoding: source.encoding } : {}),
    ),
    findAttachments: (html, baseUrl, source) => findAttachments(html, baseUrl, attachmentSelector(source)),
    findPageImages: (html, baseUrl, source) => findPageImages(html, baseUrl, attachmentSelector(source)),
    extractPageMeta: (html) => extractPageMeta(html),
    // The extractor's hints are optional fields, never null.
    extractBytes: limitConcurrency(
      Math.max(settings.concurrencyExtract, 2 * threads),
      async (bytes, hints, use) =>
        pool && onThread(bytes, hints)
          ? pool.extract(bytes, withoutNulls(hints), use)
          : extractBytes(bytes, withoutNulls(hints)),
    ),
    // A scan is read in a child process under the OCR memory cap and the OCR job's time limit: its
    // page buffers (~0.5 GB for 2 pages at 300 dpi) never stay in the worker. Its own limit, as the
    // OCR queue's jobs may also run inline behind a fetch.
    // A job abandoned while it waits for its turn starts no child (ocrInChild checks the signal).
    ocrBytes: limitConcurrency(settings.concurrencyOcr, async (bytes, hints, signal) => {
      const { ocrInChild } = await import('../extractors/ocr/child.ts');
      const limits = { timeoutMs: settings.ocrTimeoutMs, memoryMb: settings.ocrMemoryMb };
      const deadlineMs = settings.ocrJobTimeoutMs || OCR_READ_CAP_MS;
      return (
        await ocrInChild(Array.isArray(bytes) ? bytes : [bytes], withoutNulls(hints), {
          limits,
          deadlineMs,
          ...(signal ? { signal } : {}),
        })
      ).record;
    }),
  };
  const concurrency: Concurrency = {
    discover: settings.concurrencyDiscover,
    fetch: settings.concurrencyFetch,
    extract: settings.concurrencyExtract,
    ocr: settings.concurrencyOcr,
    load: settings.concurrencyLoad,
  };
  const control: RunControl = {
    jobs: new ActiveJobs(),
    timeouts: {
      default: settings.jobTimeoutMs,
      listWalk: settings.discoverJobTimeoutMs,
      ocr: settings.ocrJobTimeoutMs,
    },
    tally: new JobTally(),
  };
  return {
    settings,
    logger,
    db,
    store,
    queue,
    sources,
    deps,
    concurrency,
    control,
    async close() {
      await queue.close();
      await store.close();
      await http.close();
      await pool?.close();
      await db.close();
    },
  };
}

/**
 * Extraction threads: the setting; else, on PostgreSQL, one fewer than the cores (at least 1, at
 * most concurrencyExtract). On the embedded database one thread, if there is a second core: its
 * own thread (db/pglite-thread.ts) already works beside this one, and its peak RSS has a 500 MB
 * budget that a second extraction thread would break. With the extractor on this thread the main
 * thread was the crawl's bottleneck (busy ~75 % of the crawl, the other core half idle); moved
 * off, same-run A/Bs on 2 cores gave 232–253 against 187–196 pages/s at the same CPU per page
 * (bench/crawlee.ts, 2,004 pages), the peak held under budget by the thread's smaller young
 * generation (extract-pool.ts) and the main one's (bin/xxgk.mjs).
 */
export function extractThreadsOf(
  settings: Pick<Settings, 'extractThreads' | 'databaseUrl' | 'concurrencyExtract'>,
  cores = availableParallelism(),
): number {
  if (settings.extractThreads !== undefined) return settings.extractThreads;
  if (!settings.databaseUrl) return cores > 1 ? 1 : 0;
  return Math.max(1, Math.min(settings.concurrencyExtract, cores - 1));
}

/**
 * Pages and text go to the extraction threads; documents and pictures stay here (their converters
 * have a pool of their own, a scan goes to OCR).
 */
function onThread(
  bytes: Uint8Array,
  hints: { contentType?: string | null; filename?: string | null },
): boolean {
  if (sniffMagic(bytes) !== null || imageKind(bytes) !== null) return false;
  const declared = kindFromHints({
    ...(hints.contentType ? { contentType: hints.contentType } : {}),
    ...(hints.filename ? { filename: hints.filename } : {}),
  });
  return declared === null || declared === 'html' || declared === 'text';
}

function buildHttp(
  settings: Settings,
  sources: Source[],
  queue: JobQueue,
  logger: Logger,
): HttpStack & { close(): Promise<void> } {
  // Several worker processes must share one schedule per host: the limiter lives in Redis then.
  const limiter =
    queue instanceof BullQueue
      ? (intervalOf: HostInterval) =>
          createRedisLimiter(queue.connection, {
            prefix: settings.queuePrefix,
            minIntervalMs: intervalOf,
            // A SIGKILLed worker never releases its host: its hold must not outlive the time its jobs
            // take to come back (the queue lock), or the survivors idle until the lease runs out.
            leaseMs: 2 * settings.queueLockMs,
          })
      : undefined;
  const browser = createBrowserPool({ executablePath: settings.chromiumPath });
  const stack = createHttpStack(sources, {
    userAgent: settings.userAgent,
    logger,
    browser,
    ...(limiter ? { limiter } : {}),
  });
  return {
    ...stack,
    async close() {
      await stack.close();
      await browser.close();
    },
  };
}

function withoutNulls<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}
