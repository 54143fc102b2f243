/**
 * Crawl runs: one crawl_runs row per source and crawl, counters bumped by the stages, closed when
 * every queue is idle. Any process may close runs (the attached `crawl` command, or a worker's
 * periodic check for scheduled and detached crawls): the UPDATE only touches rows still running.
 */

import type { Source } from '../config/sources/schema.ts';
import type { Database } from '../db/index.ts';
import { finishCrawlRun, startCrawlRun } from '../db/index.ts';
import { jobIds } from './payloads.ts';
import type { JobQueue } from './queue/types.ts';
import { COUNTS_FLUSH_MS } from './store/run-counts.ts';

export interface RunRow {
  id: number;
  source: string | null;
  mode: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  discovered: number;
  fetched: number;
  extracted: number;
  loaded: number;
  failed: number;
  error: string | null;
}

export type Progress = Pick<RunRow, 'discovered' | 'fetched' | 'extracted' | 'loaded' | 'failed'>;

/** Opens a run per source and enqueues its discover job; returns the run ids. */
export async function startCrawl(
  db: Database,
  queue: JobQueue,
  sources: Source[],
  opts: { full: boolean },
): Promise<number[]> {
  const ids: number[] = [];
  for (const s of sources) {
    const runId = await startCrawlRun(db, {
      sourceName: s.id,
      baseUrl: s.baseUrl,
      mode: opts.full ? 'full' : 'incremental',
    });
    await queue.add(
      'discover',
      { runId, source: s.id, full: opts.full, list: null },
      jobIds.discover(s.id, runId),
    );
    ids.push(runId);
  }
  return ids;
}

/**
 * Closes running runs once nothing is queued or active anywhere. Runs younger than `graceMs` are
 * left alone: their discover job may not be enqueued yet. Counters are kept in memory by each
 * process (store/run-counts.ts): `flush` writes this process's first, and with workers in other
 * processes the second look waits long enough for theirs to have been written too.
 */
export async function finishIdleRuns(
  db: Database,
  queue: JobQueue,
  opts: { graceMs?: number; flush?: () => Promise<void> } = {},
): Promise<number[]> {
  if (!(await queue.isIdle())) return [];
  const running = await db.query<{ id: number; error: string | null }>(
    `SELECT id, error FROM crawl_runs WHERE status = 'running' AND started_at < now() - ($1::int * interval '1 millisecond')`,
    [opts.graceMs ?? 2000],
  );
  if (running.length === 0) return [];
  if (queue.kind === 'bullmq') await new Promise((r) => setTimeout(r, 2 * COUNTS_FLUSH_MS));
  await opts.flush?.();
  // A second look: a job finishing between the two checks would have enqueued its follow-up by now.
  if (!(await queue.isIdle())) return [];
  for (const r of running)
    await finishCrawlRun(db, r.id, { status: r.error ? 'failed' : 'done', error: r.error });
  return running.map((r) => r.id);
}

export async function getRuns(db: Database, ids: number[]): Promise<RunRow[]> {
  if (ids.length === 0) return [];
  return db.query<RunRow>(
    `SELECT r.id, s.name AS source, r.mode, r.status, r.started_at, r.finished_at, r.discovered, r.fetched,
            r.extracted, r.loaded, r.failed, r.error
     FROM crawl_runs r LEFT JOIN sources s ON s.id = r.source_id WHERE r.id = ANY($1::int[]) ORDER BY r.id`,
    [ids],
  );
}

/** The latest run of every source. */
export async function lastRuns(db: Database): Promise<RunRow[]> {
  return db.query<RunRow>(
    `SELECT DISTINCT ON (r.source_id) r.id, s.name AS source, r.mode, r.status, r.started_at, r.finished_at,
            r.discovered, r.fetched, r.extracted, r.loaded, r.failed, r.error
     FROM crawl_runs r LEFT JOIN sources s ON s.id = r.source_id ORDER BY r.source_id, r.id DESC`,
  );
}

export function sumProgress(runs: Progress[]): Progress {
  const out: Progress = { discovered: 0, fetched: 0, extracted: 0, loaded: 0, failed: 0 };
  for (const r of runs) for (const k of Object.keys(out) as Array<keyof Progress>) out[k] += Number(r[k]);
  return out;
}

/** Polls until every run of `ids` is closed, closing them itself when the queues go idle. */
export async function waitForRuns(
  db: Database,
  queue: JobQueue,
  ids: number[],
  opts: {
    pollMs?: number;
    onTick?: (p: Progress, runs: RunRow[]) => void;
    graceMs?: number;
    /** Writes this process's run counters (the store's `flushCounts`). */
    flush?: () => Promise<void>;
  } = {},
): Promise<RunRow[]> {
  for (;;) {
    await finishIdleRuns(db, queue, {
      graceMs: opts.graceMs ?? 0,
      ...(opts.flush ? { flush: opts.flush } : {}),
    });
    const runs = await getRuns(db, ids);
    opts.onTick?.(sumProgress(runs), runs);
    if (runs.every((r) => r.status !== 'running')) return runs;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

/** Fetch jobs still to do (waiting, running, waiting to retry): what the heartbeat's ETA divides by the rate. */
export async function pendingFetches(queue: JobQueue): Promise<number> {
  const c = (await queue.counts()).fetch;
  return c.waiting + c.active + c.delayed;
}
