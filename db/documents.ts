/** Raw documents: every fetched (or read) file's bytes and HTTP facts, one row per distinct sha256. */

import { resolveSources } from './agencies.ts';
import { sha256Hex } from './content-hash.ts';
import type { Database, Queryable } from './engine.ts';

/** What a fetch (or a file read) tells about a document: its bytes and their HTTP facts. */
interface DocumentFacts {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  encoding: string | null;
  bytes: Uint8Array;
  fetchedAt: Date;
}

export interface DocumentInput extends DocumentFacts {
  sourceName?: string | null;
  /** The source's row id when the caller knows it (the pipeline's fetchers): no lookup by name. */
  sourceId?: number | null;
  /** The bytes' sha256 when the caller has it already (the fetcher computes it): not hashed again. */
  sha256?: string;
  parentUrl?: string | null;
}

export interface StoredDocument extends DocumentFacts {
  id: number;
  sha256: string;
  sourceName: string | null;
  parentUrl: string | null;
}

/** One document's values in the column order both inserts name (storeDocument, the batch below). */
function documentValues(d: DocumentInput, sourceId: number | null | undefined, sha256: string): unknown[] {
  return [
    sourceId ?? null,
    d.url,
    d.finalUrl,
    d.status,
    JSON.stringify(d.headers),
    d.contentType,
    d.encoding,
    sha256,
    d.bytes.byteLength,
    Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength),
    d.parentUrl ?? null,
    d.fetchedAt,
  ];
}

/** Stores a document unless the same bytes are already there; `created` says which. */
export async function storeDocument(
  db: Queryable,
  d: DocumentInput,
): Promise<{ id: number; sha256: string; created: boolean }> {
  const sha256 = d.sha256 ?? sha256Hex(d.bytes);
  const sourceId =
    d.sourceId ??
    (d.sourceName
      ? (await resolveSources(db, new Map([[d.sourceName, d.url]]))).get(d.sourceName)!.id
      : null);
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO documents (source_id, url, final_url, http_status, headers, content_type, encoding, sha256,
       byte_size, bytes, parent_url, fetched_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (sha256) DO NOTHING RETURNING id`,
    documentValues(d, sourceId, sha256),
  );
  if (inserted[0]) return { id: inserted[0].id, sha256, created: true };
  const existing = await db.query<{ id: number }>('SELECT id FROM documents WHERE sha256 = $1', [sha256]);
  return { id: existing[0]!.id, sha256, created: false };
}

export async function getDocument(db: Queryable, id: number): Promise<StoredDocument | null> {
  const rows = await db.query<{
    id: number;
    url: string;
    final_url: string;
    http_status: number;
    headers: Record<string, string>;
    content_type: string | null;
    encoding: string | null;
    bytes: Uint8Array;
    sha256: string;
    source_name: string | null;
    parent_url: string | null;
    fetched_at: Date;
  }>(
    `SELECT d.id, d.url, d.final_url, d.http_status, d.headers, d.content_type, d.encoding, d.bytes, d.sha256,
            s.name AS source_name, d.parent_url, d.fetched_at
     FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    url: r.url,
    finalUrl: r.final_url,
    status: r.http_status,
    headers: r.headers,
    contentType: r.content_type,
    encoding: r.encoding,
    bytes: new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength),
    sha256: r.sha256,
    sourceName: r.source_name,
    parentUrl: r.parent_url,
    fetchedAt: new Date(r.fetched_at),
  };
}

/** The newest document stored for a URL (the pipeline's "have we got this already?"). */
export async function findDocumentByUrl(
  db: Queryable,
  url: string,
): Promise<{ id: number; sha256: string } | null> {
  const rows = await db.query<{ id: number; sha256: string }>(
    'SELECT id, sha256 FROM documents WHERE url = $1 OR final_url = $1 ORDER BY fetched_at DESC, id DESC LIMIT 1',
    [url],
  );
  return rows[0] ?? null;
}

/** A fetched document and the ref it answers (`document_refs`, created if the fetch is the first to see it). */
export interface FetchedInput extends DocumentInput {
  sourceId: number | null;
  ref: { kind: 'detail' | 'attachment'; parentUrl: string | null };
}

/**
 * Stores fetched documents and marks their URLs' refs fetched (their fetch failures cleared), many
 * fetches in one transaction of three statements: what `storeDocument` and `markRefFetched` do for
 * one fetch in two transactions. Rows are written in sha256 and URL order, so concurrent batches
 * cannot deadlock. Per input, in order: its document's id, and whether this input stored it (the
 * first of several inputs with the same bytes).
 */
export async function storeFetchedDocuments(
  db: Database,
  items: FetchedInput[],
): Promise<Array<{ id: number; sha256: string; created: boolean }>> {
  if (items.length === 0) return [];
  const shas = items.map((d) => d.sha256 ?? sha256Hex(d.bytes));
  const firstOf = new Map<string, number>();
  shas.forEach((s, i) => {
    if (!firstOf.has(s)) firstOf.set(s, i);
  });
  const order = [...firstOf.keys()].sort();
  return db.transaction(async (tx) => {
    const params: unknown[] = [];
    const rows = order.map((sha) => {
      const d = items[firstOf.get(sha)!]!;
      const at = params.length;
      const values = documentValues(d, d.sourceId, sha);
      params.push(...values);
      return `(${values.map((_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    const inserted = await tx.query<{ id: number; sha256: string }>(
      `INSERT INTO documents (source_id, url, final_url, http_status, headers, content_type, encoding, sha256,
         byte_size, bytes, parent_url, fetched_at)
       VALUES ${rows.join(', ')}
       ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256`,
      params,
    );
    const ids = new Map(inserted.map((r) => [r.sha256, Number(r.id)]));
    const created = new Set(ids.keys());
    const missing = order.filter((s) => !ids.has(s));
    if (missing.length > 0) {
      const found = await tx.query<{ id: number; sha256: string }>(
        'SELECT id, sha256 FROM documents WHERE sha256 = ANY($1::text[])',
        [missing],
      );
      for (const r of found) ids.set(r.sha256, Number(r.id));
    }
    // One row per URL (the last fetch of it wins), in URL order.
    const refs = new Map<
      string,
      { sourceId: number | null; kind: string; parentUrl: string | null; id: number }
    >();
    for (const [i, d] of items.entries())
      refs.set(d.url, {
        sourceId: d.sourceId,
        kind: d.ref.kind,
        parentUrl: d.ref.parentUrl,
        id: ids.get(shas[i]!)!,
      });
    const urls = [...refs.keys()].sort();
    await tx.query(
      `WITH cleared AS (DELETE FROM fetch_failures WHERE url = ANY($2::text[]))
       INSERT INTO document_refs (source_id, url, kind, parent_url, state, document_id)
       SELECT u.source_id, u.url, u.kind, u.parent_url, 'fetched', u.document_id
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY
         AS u(source_id, url, kind, parent_url, document_id, n)
       ORDER BY u.n
       ON CONFLICT (url) DO UPDATE SET last_seen = now(), state = 'fetched', document_id = EXCLUDED.document_id`,
      [
        urls.map((u) => refs.get(u)!.sourceId),
        urls,
        urls.map((u) => refs.get(u)!.kind),
        urls.map((u) => refs.get(u)!.parentUrl),
        urls.map((u) => refs.get(u)!.id),
      ],
    );
    return items.map((_, i) => {
      const sha = shas[i]!;
      return { id: ids.get(sha)!, sha256: sha, created: created.has(sha) && firstOf.get(sha) === i };
    });
  });
}
