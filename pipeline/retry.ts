/**
 * `retry --failed-fetches`: every ref whose fetch failed finally is fetched again, under a new crawl
 * run per source — except failures another try cannot change (404, robots.txt, redirect loop…:
 * crawlers/errors.ts PERMANENT_FETCH_CODES), which are counted and skipped unless asked for. Job
 * ids get a per-retry suffix: BullMQ keeps failed jobs (for inspection) and would otherwise ignore
 * an add with the same id.
 */
import { NonRetryableError } from '../config/errors.ts';
import { nearestKeys } from '../config/unknown-keys.ts';
import { FETCH_ERROR_CODES, PERMANENT_FETCH_CODES } from '../crawlers/errors.ts';
import type { Database } from '../db/index.ts';
import { startCrawlRun } from '../db/index.ts';
import { jobIds, type NextJob } from './payloads.ts';
import type { JobQueue } from './queue/types.ts';

export interface FailedRef {
  url: string;
  kind: string;
  parentUrl: string | null;
  source: string;
  /** The code of its last failure (`fetch.http_5xx`); `unknown` when none was recorded. */
  code: string;
}

export interface FailedFetchFilter {
  /** Only these sources. */
  sources?: string[];
  /** Only failures with these codes (`fetch.http_404` or `http_404`); naming a permanent code asks for it. */
  codes?: string[];
  /** Also the failures another attempt cannot change (PERMANENT_FETCH_CODES). */
  includePermanent?: boolean;
}

export interface FailedFetches {
  /** What to fetch again. */
  refs: FailedRef[];
  /** Left alone as permanent (404, robots, redirect loop…), per code: what `--include-permanent` would add. */
  skipped: Array<{ code: string; count: number }>;
}

export class RetryOptionError extends NonRetryableError {}

/** `http_404` → `fetch.http_404`; codes of other stages are kept as written. */
export function normaliseCode(code: string): string {
  const c = code.trim();
  return c.includes('.') ? c : `fetch.${c}`;
}

/**
 * The refs whose fetch failed, split into what to retry and what is skipped as permanent. `--code`
 * values are checked against the fetch codes xxgk knows and those recorded: a typo is an error
 * naming the option and the nearest code, not an empty retry.
 */
export async function failedFetches(db: Database, filter: FailedFetchFilter = {}): Promise<FailedFetches> {
  const rows = await db.query<{
    url: string;
    kind: string;
    parent_url: string | null;
    source: string;
    code: string | null;
  }>(
    `SELECT r.url, r.kind, r.parent_url, s.name AS source, f.code
     FROM document_refs r JOIN sources s ON s.id = r.source_id LEFT JOIN fetch_failures f ON f.url = r.url
     WHERE r.state = 'failed' AND ($1::text[] IS NULL OR s.name = ANY($1::text[])) ORDER BY r.id`,
    [filter.sources && filter.sources.length > 0 ? filter.sources : null],
  );
  if (filter.sources && filter.sources.length > 0) {
    const names = (await db.query<{ name: string }>('SELECT name FROM sources ORDER BY name')).map(
      (r) => r.name,
    );
    const unknown = filter.sources.filter((n) => !names.includes(n));
    if (unknown.length > 0)
      throw new RetryOptionError(
        'retry.source',
        `--source ${unknown.join(', ')}: no such source in the dataset (known: ${names.join(', ') || 'none yet'})`,
      );
  }
  const all = rows.map((r) => ({
    url: r.url,
    kind: r.kind,
    parentUrl: r.parent_url,
    source: r.source,
    code: r.code ?? 'unknown',
  }));
  const codes = filter.codes
    ?.flatMap((c) => c.split(','))
    .filter((c) => c.trim() !== '')
    .map(normaliseCode);
  if (codes && codes.length > 0) {
    const known = [...new Set<string>([...FETCH_ERROR_CODES, ...all.map((r) => r.code)])].sort();
    for (const c of codes) {
      if (known.includes(c)) continue;
      const near = nearestKeys(c, known);
      throw new RetryOptionError(
        'retry.code',
        `--code ${c}: no such fetch failure code (${near.length > 0 ? `did you mean ${near.join(' or ')}?` : `known: ${known.join(', ')}`})`,
      );
    }
  }
  const wanted = codes && codes.length > 0 ? all.filter((r) => codes.includes(r.code)) : all;
  const refs: FailedRef[] = [];
  const skipped = new Map<string, number>();
  for (const r of wanted) {
    // A code named with --code is asked for, permanent or not.
    const asked = filter.includePermanent || (codes?.includes(r.code) ?? false);
    if (PERMANENT_FETCH_CODES.has(r.code) && !asked) skipped.set(r.code, (skipped.get(r.code) ?? 0) + 1);
    else refs.push(r);
  }
  return {
    refs,
    skipped: [...skipped]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
  };
}

/** `3 skipped as permanent (fetch.http_404 ×2, fetch.robots_disallowed ×1)`, or '' when none were. */
export function describeSkipped(skipped: FailedFetches['skipped']): string {
  const n = skipped.reduce((a, s) => a + s.count, 0);
  if (n === 0) return '';
  return `${n} skipped as permanent (${skipped.map((s) => `${s.code} ×${s.count}`).join(', ')}): another try cannot change them; --include-permanent retries them too`;
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
