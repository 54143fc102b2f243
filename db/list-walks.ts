/**
 * list_walks: per source and list, when a walk of the list last started and when one last
 * completed. The pipeline's list job opens a walk before its first page and closes it only when the
 * walk ended well; what a completed walk allows the next one is the pipeline's rule
 * (pipeline/stages/stop-rule.ts).
 *
 * Times are the database clock (the one `document_refs.first_seen` uses) truncated to the
 * millisecond a JavaScript Date holds. Truncating only ever moves a time earlier, so a cut-off read
 * here is never later than the real one, and `a < b` on truncated times implies it on the real ones:
 * the rule can only err towards walking further.
 */
import { resolveSources } from './agencies.ts';
import type { Queryable } from './engine.ts';

export interface ListWalkStart {
  /** When this walk started. */
  startedAt: Date;
  /** Start of the last walk of this list that completed, or null: none ever did. */
  lastCompletedStartedAt: Date | null;
  /** Start of the crawl run the walk belongs to (null without a run). */
  runStartedAt: Date | null;
}

/** Notes that a walk of the list starts now and returns what the walks before it achieved. */
export async function startListWalk(
  db: Queryable,
  w: { sourceName: string; listUrl: string; runId?: number | null; sourceId?: number },
): Promise<ListWalkStart> {
  const sid =
    w.sourceId ?? (await resolveSources(db, new Map([[w.sourceName, w.listUrl]]))).get(w.sourceName)!.id;
  const rows = await db.query<{
    started_at: Date;
    last_completed_started_at: Date | null;
    run_started_at: Date | null;
  }>(
    `INSERT INTO list_walks (source_id, list_url, last_started_at, last_run_id)
     VALUES ($1, $2, date_trunc('milliseconds', now()), $3::int)
     ON CONFLICT (source_id, list_url) DO UPDATE
       SET last_started_at = EXCLUDED.last_started_at, last_run_id = EXCLUDED.last_run_id
     RETURNING last_started_at AS started_at,
       date_trunc('milliseconds', last_completed_started_at) AS last_completed_started_at,
       (SELECT date_trunc('milliseconds', started_at) FROM crawl_runs WHERE id = $3::int) AS run_started_at`,
    [sid, w.listUrl, w.runId ?? null],
  );
  const r = rows[0]!;
  return {
    startedAt: r.started_at,
    lastCompletedStartedAt: r.last_completed_started_at,
    runStartedAt: r.run_started_at,
  };
}

/**
 * Records that the walk which started at `startedAt` completed. Walks of one list by overlapping
 * runs may complete out of order: the latest start wins.
 */
export async function completeListWalk(
  db: Queryable,
  w: { sourceName: string; listUrl: string; startedAt: Date },
): Promise<void> {
  await db.query(
    `UPDATE list_walks SET last_completed_at = now(),
       last_completed_started_at = greatest(last_completed_started_at, $3::timestamptz)
     WHERE source_id = (SELECT id FROM sources WHERE name = $1) AND list_url = $2`,
    [w.sourceName, w.listUrl, w.startedAt],
  );
}

export interface ListWalkRow {
  source: string;
  list_url: string;
  last_started_at: Date;
  last_run_id: number | null;
  last_completed_started_at: Date | null;
  last_completed_at: Date | null;
}

/** Every list walked, per source (`sourceName` narrows), in URL order. */
export async function listListWalks(
  db: Queryable,
  filter: { sourceName?: string } = {},
): Promise<ListWalkRow[]> {
  return db.query<ListWalkRow>(
    `SELECT s.name AS source, w.list_url, w.last_started_at, w.last_run_id, w.last_completed_started_at,
            w.last_completed_at
     FROM list_walks w JOIN sources s ON s.id = w.source_id
     WHERE $1::text IS NULL OR s.name = $1
     ORDER BY s.name, w.list_url`,
    [filter.sourceName ?? null],
  );
}
