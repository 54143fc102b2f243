/** crawl_runs: one row per crawl of one source, counters bumped by the pipeline's stages as they go. */
import { resolveSources } from './agencies.ts';
import type { Queryable } from './engine.ts';
import type { CrawlMode, CrawlRunRow, CrawlStatus } from './schema.ts';

export type { CrawlMode, CrawlStatus } from './schema.ts';
export type CrawlCounts = Pick<CrawlRunRow, 'discovered' | 'fetched' | 'extracted' | 'loaded' | 'failed'>;

export async function startCrawlRun(
  db: Queryable,
  r: { sourceName: string; baseUrl?: string; mode: CrawlMode },
): Promise<number> {
  const sid = (await resolveSources(db, new Map([[r.sourceName, r.baseUrl ?? r.sourceName]]))).get(
    r.sourceName,
  )!.id;
  const rows = await db.query<{ id: number }>(
    'INSERT INTO crawl_runs (source_id, mode) VALUES ($1, $2) RETURNING id',
    [sid, r.mode],
  );
  return rows[0]!.id;
}

/** Adds to a run's counters (concurrent stages may each report their part). */
export async function addCrawlCounts(db: Queryable, runId: number, c: Partial<CrawlCounts>): Promise<void> {
  await db.query(
    `UPDATE crawl_runs SET discovered = discovered + $2, fetched = fetched + $3, extracted = extracted + $4,
       loaded = loaded + $5, failed = failed + $6 WHERE id = $1`,
    [runId, c.discovered ?? 0, c.fetched ?? 0, c.extracted ?? 0, c.loaded ?? 0, c.failed ?? 0],
  );
}

/**
 * Adds several runs' counters in one statement: what the pipeline's in-memory counters flush (each
 * process counts its own jobs and adds its deltas, so concurrent processes add up).
 */
export async function addCrawlCountsMany(
  db: Queryable,
  byRun: Map<number, Partial<CrawlCounts>>,
): Promise<void> {
  if (byRun.size === 0) return;
  const ids = [...byRun.keys()].sort((a, b) => a - b); // one lock order for every process
  const col = (k: keyof CrawlCounts) => ids.map((id) => byRun.get(id)![k] ?? 0);
  await db.query(
    `UPDATE crawl_runs r SET discovered = r.discovered + u.discovered, fetched = r.fetched + u.fetched,
       extracted = r.extracted + u.extracted, loaded = r.loaded + u.loaded, failed = r.failed + u.failed
     FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[])
       AS u(id, discovered, fetched, extracted, loaded, failed)
     WHERE r.id = u.id`,
    [ids, col('discovered'), col('fetched'), col('extracted'), col('loaded'), col('failed')],
  );
}

/**
 * Notes why a run went wrong without closing it. Several list jobs of one run may fail: their
 * messages are appended, not overwritten (capped, so a broken portal cannot grow the row forever).
 */
export async function noteCrawlRunError(db: Queryable, runId: number, message: string): Promise<void> {
  await db.query(
    `UPDATE crawl_runs SET error = left(CASE WHEN error IS NULL OR error = '' THEN $2 ELSE error || '; ' || $2 END, 4000)
     WHERE id = $1`,
    [runId, message.slice(0, 2000)],
  );
}

export async function finishCrawlRun(
  db: Queryable,
  runId: number,
  r: { status: 'done' | 'failed'; error?: string | null },
): Promise<void> {
  await db.query('UPDATE crawl_runs SET finished_at = now(), status = $2, error = $3 WHERE id = $1', [
    runId,
    r.status,
    r.error ?? null,
  ]);
}

/**
 * Ends the runs of `ids` still running, when the crawl stops before its queues are idle: `stalled`
 * (no progress, XXGK_STALL_ACTION=finish) or `interrupted` (Ctrl-C, SIGTERM). The reason is added
 * to the run's error; runs already closed keep what they were. Returns the ids it ended.
 */
export async function endCrawlRuns(
  db: Queryable,
  ids: readonly number[],
  r: { status: Exclude<CrawlStatus, 'running' | 'done' | 'failed'>; reason: string },
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    `UPDATE crawl_runs SET finished_at = now(), status = $2,
       error = left(CASE WHEN error IS NULL OR error = '' THEN $3 ELSE error || '; ' || $3 END, 4000)
     WHERE id = ANY($1::int[]) AND status = 'running' RETURNING id`,
    [ids, r.status, r.reason.slice(0, 2000)],
  );
  return rows.map((x) => x.id);
}

export async function getCrawlRun(db: Queryable, runId: number) {
  const rows = await db.query<
    CrawlCounts &
      Pick<CrawlRunRow, 'id' | 'mode' | 'status' | 'error'> & { started_at: Date; finished_at: Date | null }
  >(
    `SELECT id, mode, status, started_at, finished_at, discovered, fetched, extracted, loaded, failed, error
     FROM crawl_runs WHERE id = $1`,
    [runId],
  );
  return rows[0] ?? null;
}
