/**
 * `retry --failed-fetches`: every ref whose fetch failed finally is fetched again, under a new crawl
 * run per source. Job ids get a per-retry suffix: BullMQ keeps failed jobs (for inspection) and
 * would otherwise ignore an add with the same id.
 */
import type { Database } from '../db/index.ts';
import { startCrawlRun } from '../db/index.ts';
import { jobIds, type NextJob } from './payloads.ts';
import type { JobQueue } from './queue/types.ts';

export interface FailedRef {
  url: string;
  kind: string;
  parentUrl: string | null;
  source: string;
}

export async function failedFetches(db: Database, sources?: string[]): Promise<FailedRef[]> {
  const rows = await db.query<{ url: string; kind: string; parent_url: string | null; source: string }>(
    `SELECT r.url, r.kind, r.parent_url, s.name AS source FROM document_refs r JOIN sources s ON s.id = r.source_id
     WHERE r.state = 'failed' AND ($1::text[] IS NULL OR s.name = ANY($1::text[])) ORDER BY r.id`,
    [sources && sources.length > 0 ? sources : null],
  );
  return rows.map((r) => ({ url: r.url, kind: r.kind, parentUrl: r.parent_url, source: r.source }));
}

/** Enqueues the fetches; returns the run id opened per source. */
export async function retryFailedFetches(
  db: Database,
  queue: JobQueue,
  refs: FailedRef[],
): Promise<number[]> {
  const runs = new Map<string, number>();
  const stamp = Date.now().toString(36);
  const jobs: NextJob[] = [];
  for (const r of refs) {
    let runId = runs.get(r.source);
    if (runId === undefined) {
      runId = await startCrawlRun(db, { sourceName: r.source, mode: 'retry' });
      runs.set(r.source, runId);
    }
    jobs.push({
      stage: 'fetch',
      jobId: jobIds.fetch(r.url, `retry${stamp}`),
      data: {
        runId,
        source: r.source,
        url: r.url,
        parentUrl: r.parentUrl,
        kind: r.kind,
        force: true,
        hints: {},
      },
    });
  }
  await queue.addBulk('fetch', jobs.map((j) => ({ data: j.data, jobId: j.jobId })) as never);
  return [...runs.values()];
}
