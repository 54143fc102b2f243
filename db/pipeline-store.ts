/**
 * The crawl pipeline's bookkeeping: discovered links (document_refs), fetch and extraction
 * failures. Small upserts, and one batch upsert per list page (discovery's hot path).
 * Crawl runs are in crawl-runs.ts, the extract → load hand-off in pipeline-extractions.ts.
 */
import { resolveSources } from './agencies.ts';
import { findDocumentByUrl } from './documents.ts';
import type { Queryable } from './engine.ts';

async function sourceId(db: Queryable, name: string | null | undefined, url: string): Promise<number | null> {
  if (!name) return null;
  return (await resolveSources(db, new Map([[name, url]]))).get(name)!.id;
}

export type RefKind = 'detail' | 'attachment';
export type RefState = 'new' | 'fetched' | 'failed' | 'skipped';

export interface DocumentRefInput {
  sourceName?: string | null;
  /** The source's row id when the caller knows it (the pipeline keeps them): no lookup by name. */
  sourceId?: number | null;
  url: string;
  title?: string | null;
  listDate?: string | null;
  kind: RefKind;
  parentUrl?: string | null;
}

export interface RefUpsert {
  url: string;
  created: boolean;
  state: RefState;
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

/**
 * Records a batch of discovered links in one statement (or refreshes their last_seen): per URL,
 * whether it is new and its fetch state. Duplicate URLs in the batch count once; rows are written
 * in URL order so two workers upserting overlapping batches cannot deadlock.
 */
export async function upsertDocumentRefs(db: Queryable, refs: DocumentRefInput[]): Promise<RefUpsert[]> {
  const byUrl = new Map<string, DocumentRefInput>();
  for (const r of refs) if (!byUrl.has(r.url)) byUrl.set(r.url, r);
  if (byUrl.size === 0) return [];
  const batch = [...byUrl.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const names = new Map<string, string>();
  for (const r of batch)
    if (r.sourceId == null && r.sourceName && !names.has(r.sourceName)) names.set(r.sourceName, r.url);
  const sources = names.size > 0 ? await resolveSources(db, names) : new Map<string, { id: number }>();
  const rows = await db.query<RefUpsert>(
    `INSERT INTO document_refs (source_id, url, title, list_date, kind, parent_url)
     SELECT u.source_id, u.url, u.title, u.list_date::date, u.kind, u.parent_url
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
       WITH ORDINALITY AS u(source_id, url, title, list_date, kind, parent_url, n)
     ORDER BY u.n
     ON CONFLICT (url) DO UPDATE SET last_seen = now(),
       title = coalesce(EXCLUDED.title, document_refs.title),
       list_date = coalesce(EXCLUDED.list_date, document_refs.list_date)
     RETURNING url, (xmax = 0) AS created, state`,
    [
      batch.map((r) => r.sourceId ?? (r.sourceName ? sources.get(r.sourceName)!.id : null)),
      batch.map((r) => r.url),
      batch.map((r) => r.title ?? null),
      batch.map((r) => r.listDate ?? null),
      batch.map((r) => r.kind),
      batch.map((r) => r.parentUrl ?? null),
    ],
  );
  const got = new Map(rows.map((r) => [r.url, r]));
  return refs.map((r) => got.get(r.url)!);
}

export interface RefSighting {
  state: RefState;
  /** Truncated to the millisecond, so never later than the stored time (see list-walks.ts). */
  firstSeen: Date;
}

/** A discovered link's fetch state and when it was first seen; null for a URL never discovered. */
export async function refSighting(db: Queryable, url: string): Promise<RefSighting | null> {
  const rows = await db.query<{ state: RefState; first_seen: Date }>(
    `SELECT state, date_trunc('milliseconds', first_seen) AS first_seen FROM document_refs WHERE url = $1`,
    [url],
  );
  const r = rows[0];
  return r ? { state: r.state, firstSeen: r.first_seen } : null;
}

/** The document fetched for a URL: through its ref (documents are unique by sha256, so a URL whose
 * bytes equal another URL's has no documents row of its own), else the newest stored at that URL. */
export async function documentIdForUrl(db: Queryable, url: string): Promise<number | null> {
  const viaRef = await db.query<{ id: number }>(
    'SELECT document_id AS id FROM document_refs WHERE url = $1 AND document_id IS NOT NULL',
    [url],
  );
  if (viaRef[0]) return Number(viaRef[0].id);
  return (await findDocumentByUrl(db, url))?.id ?? null;
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

/**
 * The URL's ref is now fetched, as document `documentId`: created if the fetch stage is the first to
 * see it (attachments), and its fetch failure cleared, in one statement (the fetch stage's hot path).
 */
export async function markRefFetched(
  db: Queryable,
  r: { sourceId: number | null; url: string; kind: RefKind; parentUrl: string | null; documentId: number },
): Promise<void> {
  await db.query(
    `WITH cleared AS (DELETE FROM fetch_failures WHERE url = $2)
     INSERT INTO document_refs (source_id, url, kind, parent_url, state, document_id)
     VALUES ($1, $2, $3, $4, 'fetched', $5)
     ON CONFLICT (url) DO UPDATE SET last_seen = now(), state = 'fetched', document_id = EXCLUDED.document_id`,
    [r.sourceId, r.url, r.kind, r.parentUrl, r.documentId],
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

/**
 * Refs of a source whose work a killed crawl left unfinished. A crawl whose queue lived in memory
 * (no Redis) loses such work when it is killed; the next crawl fetches them again (a stored document
 * costs no request, and the fetch goes on to extraction and load):
 * - never fetched (state `new`; a page's attachments are recorded `new` before the page is done);
 * - a page (no parent) fetched with nothing after it on record: no report from its URL, no
 *   extraction failure for its document, and no attachment under it other than pictures (a page's
 *   pictures are read with the page, never as reports of their own);
 * - an attachment fetched but neither loaded nor failed, unless it is a picture: run again, the
 *   page it belongs to brings it along.
 * The anti-joins are hashed by the planner, so no index on parent_url is needed.
 */
export async function unfinishedDocumentRefs(db: Queryable, sourceName: string): Promise<DocumentRefRow[]> {
  return db.query<DocumentRefRow>(
    `WITH mine AS (
       SELECT r.*, d.content_type LIKE 'image/%' AS picture
       FROM document_refs r JOIN sources s ON s.id = r.source_id
       LEFT JOIN documents d ON d.id = r.document_id
       WHERE s.name = $1)
     SELECT r.id, r.url, r.title, r.list_date::text AS list_date, r.kind, r.parent_url, r.state, r.document_id
     FROM mine r
     WHERE r.state = 'new'
        OR (r.state = 'fetched' AND r.document_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM reports p WHERE p.source_url = r.url)
          AND NOT EXISTS (SELECT 1 FROM extraction_failures f WHERE f.document_id = r.document_id)
          AND ((r.parent_url IS NULL
                AND NOT EXISTS (SELECT 1 FROM mine c WHERE c.parent_url = r.url AND c.picture IS NOT TRUE))
            OR (r.parent_url IS NOT NULL AND r.picture IS NOT TRUE)))
     ORDER BY r.id`,
    [sourceName],
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

/** Documents extracted successfully now: their earlier failures no longer apply. */
export async function clearExtractionFailures(db: Queryable, documentIds: number | number[]): Promise<void> {
  const ids = Array.isArray(documentIds) ? documentIds : [documentIds];
  if (ids.length === 0) return;
  await db.query('DELETE FROM extraction_failures WHERE document_id = ANY($1::int[])', [ids]);
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
