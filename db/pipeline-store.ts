/**
 * The crawl pipeline's bookkeeping: discovered links (document_refs), fetch and extraction
 * failures, crawl runs. Small upserts; the pipeline calls them one job at a time.
 */
import { resolveSources } from './agencies.ts';
import type { Queryable } from './engine.ts';

async function sourceId(db: Queryable, name: string | null | undefined, url: string): Promise<number | null> {
  if (!name) return null;
  return (await resolveSources(db, new Map([[name, url]]))).get(name)!.id;
}

export type RefKind = 'detail' | 'attachment';
export type RefState = 'new' | 'fetched' | 'failed' | 'skipped';

export interface DocumentRefInput {
  sourceName?: string | null;
  url: string;
  title?: string | null;
  listDate?: string | null;
  kind: RefKind;
  parentUrl?: string | null;
}

/** Records a discovered link (or refreshes last_seen); `created` is true the first time. */
export async function upsertDocumentRef(
  db: Queryable,
  r: DocumentRefInput,
): Promise<{ id: number; created: boolean }> {
  const sid = await sourceId(db, r.sourceName, r.url);
  const rows = await db.query<{ id: number; created: boolean }>(
    `INSERT INTO document_refs (source_id, url, title, list_date, kind, parent_url)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (url) DO UPDATE SET last_seen = now(),
       title = coalesce(EXCLUDED.title, document_refs.title),
       list_date = coalesce(EXCLUDED.list_date, document_refs.list_date)
     RETURNING id, (xmax = 0) AS created`,
    [sid, r.url, r.title ?? null, r.listDate ?? null, r.kind, r.parentUrl ?? null],
  );
  return rows[0]!;
}

export async function setDocumentRefState(
  db: Queryable,
  url: string,
  state: RefState,
  documentId?: number | null,
): Promise<void> {
  await db.query(
    'UPDATE document_refs SET state = $2, document_id = coalesce($3, document_id) WHERE url = $1',
    [url, state, documentId ?? null],
  );
}

export interface DocumentRefRow {
  id: number;
  url: string;
  title: string | null;
  list_date: string | null;
  kind: RefKind;
  parent_url: string | null;
  state: RefState;
  document_id: number | null;
}

export async function listDocumentRefs(
  db: Queryable,
  filter: { state?: RefState; sourceName?: string; limit?: number } = {},
): Promise<DocumentRefRow[]> {
  return db.query<DocumentRefRow>(
    `SELECT r.id, r.url, r.title, r.list_date::text AS list_date, r.kind, r.parent_url, r.state, r.document_id
     FROM document_refs r LEFT JOIN sources s ON s.id = r.source_id
     WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR s.name = $2)
     ORDER BY r.id LIMIT $3`,
    [filter.state ?? null, filter.sourceName ?? null, filter.limit ?? 1_000_000],
  );
}

/** Counts a failed fetch (attempts accumulate) and marks the ref failed. */
export async function recordFetchFailure(
  db: Queryable,
  f: { sourceName?: string | null; url: string; code: string; reason: string },
): Promise<void> {
  const sid = await sourceId(db, f.sourceName, f.url);
  await db.query(
    `INSERT INTO fetch_failures (source_id, url, code, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (url) DO UPDATE SET code = EXCLUDED.code, reason = EXCLUDED.reason,
       attempts = fetch_failures.attempts + 1, last_try = now()`,
    [sid, f.url, f.code, f.reason],
  );
  await setDocumentRefState(db, f.url, 'failed');
}

/** A later successful fetch clears the failure. */
export async function clearFetchFailure(db: Queryable, url: string): Promise<void> {
  await db.query('DELETE FROM fetch_failures WHERE url = $1', [url]);
}

export async function listFetchFailures(
  db: Queryable,
): Promise<Array<{ url: string; code: string; reason: string; attempts: number; last_try: Date }>> {
  return db.query('SELECT url, code, reason, attempts, last_try FROM fetch_failures ORDER BY last_try DESC');
}

export async function recordExtractionFailure(
  db: Queryable,
  f: { documentId: number; extractorVersion: string; code: string; message: string },
): Promise<void> {
  await db.query(
    `INSERT INTO extraction_failures (document_id, extractor_version, code, message) VALUES ($1, $2, $3, $4)
     ON CONFLICT (document_id, extractor_version) DO UPDATE SET code = EXCLUDED.code, message = EXCLUDED.message,
       attempts = extraction_failures.attempts + 1, failed_at = now()`,
    [f.documentId, f.extractorVersion, f.code, f.message],
  );
}

export async function listExtractionFailures(db: Queryable): Promise<
  Array<{
    document_id: number;
    url: string;
    extractor_version: string;
    code: string;
    message: string;
    attempts: number;
  }>
> {
  return db.query(
    `SELECT f.document_id, d.url, f.extractor_version, f.code, f.message, f.attempts
     FROM extraction_failures f JOIN documents d ON d.id = f.document_id ORDER BY f.failed_at DESC`,
  );
}

export type CrawlMode = 'full' | 'incremental';
export interface CrawlCounts {
  discovered: number;
  fetched: number;
  extracted: number;
  loaded: number;
  failed: number;
}

export async function startCrawlRun(
  db: Queryable,
  r: { sourceName: string; baseUrl?: string; mode: CrawlMode },
): Promise<number> {
  const sid = await sourceId(db, r.sourceName, r.baseUrl ?? r.sourceName);
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

export async function getCrawlRun(db: Queryable, runId: number) {
  const rows = await db.query<
    CrawlCounts & {
      id: number;
      mode: CrawlMode;
      status: string;
      started_at: Date;
      finished_at: Date | null;
      error: string | null;
    }
  >(
    `SELECT id, mode, status, started_at, finished_at, discovered, fetched, extracted, loaded, failed, error
     FROM crawl_runs WHERE id = $1`,
    [runId],
  );
  return rows[0] ?? null;
}

export async function datasetCounts(
  db: Queryable,
): Promise<{ documents: number; reports: number; cells: number; findings: number; failed: number }> {
  const rows = await db.query<{
    documents: number;
    reports: number;
    cells: number;
    findings: number;
    failed: number;
  }>(
    `SELECT (SELECT count(*) FROM documents)::int AS documents,
            (SELECT count(*) FROM reports WHERE is_current)::int AS reports,
            (SELECT count(*) FROM cells c JOIN reports r ON r.id = c.report_id AND r.is_current)::int AS cells,
            (SELECT count(*) FROM report_findings)::int AS findings,
            (SELECT count(DISTINCT document_id) FROM extraction_failures)::int AS failed`,
  );
  return rows[0]!;
}
