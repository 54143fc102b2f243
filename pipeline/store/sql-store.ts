/**
 * PipelineStore over db/'s repository functions; the only SQL here is the hand-off table
 * (pipeline_extractions) and two small reads db/ has no function for. Every write
 * is idempotent or additive, so any number of worker processes can share one database.
 */
import { NonRetryableError } from '../../config/errors.ts';
import type { DocumentRef } from '../../crawlers/types.ts';
import type { Database } from '../../db/index.ts';
import {
  addCrawlCounts,
  clearFetchFailure,
  findDocumentByUrl,
  getDocument,
  loadReport,
  recordExtractionFailure,
  recordFetchFailure,
  setDocumentRefState,
  startCrawlRun,
  storeDocument,
  upsertDocumentRef,
} from '../../db/index.ts';
import { ReportRecord } from '../../extractors/record.ts';
import type { PipelineStore, RefKey, StoredDocument } from '../ports.ts';

export class MissingRowError extends NonRetryableError {}

export function createSqlStore(db: Database): PipelineStore {
  const ensureRef = (ref: RefKey) =>
    upsertDocumentRef(db, {
      sourceName: ref.source,
      url: ref.url,
      kind: refKind(ref.kind),
      parentUrl: ref.parentUrl,
    });

  // Documents are unique by sha256, so a URL whose bytes equal another URL's is found through its ref.
  const documentIdForUrl = async (url: string): Promise<number | null> => {
    const viaRef = await db.query<{ id: number }>(
      'SELECT document_id AS id FROM document_refs WHERE url = $1 AND document_id IS NOT NULL',
      [url],
    );
    if (viaRef[0]) return Number(viaRef[0].id);
    return (await findDocumentByUrl(db, url))?.id ?? null;
  };

  const store: PipelineStore = {
    async isKnownRef(url) {
      return (
        (await db.query("SELECT 1 FROM document_refs WHERE url = $1 AND state <> 'new'", [url])).length > 0
      );
    },

    async upsertRef(ref: DocumentRef) {
      const { created } = await upsertDocumentRef(db, {
        sourceName: ref.source,
        url: ref.url,
        title: ref.title,
        listDate: isoDate(ref.date),
        kind: ref.kind,
        parentUrl: ref.parentUrl,
      });
      if (created) return { created, state: 'new' };
      const rows = await db.query<{ state: string }>('SELECT state FROM document_refs WHERE url = $1', [
        ref.url,
      ]);
      return { created, state: rows[0]?.state ?? 'new' };
    },

    async unfetchedRefs(sourceId) {
      const rows = await db.query<{
        url: string;
        title: string | null;
        list_date: string | null;
        kind: string;
        parent_url: string | null;
      }>(
        `SELECT r.url, r.title, r.list_date::text AS list_date, r.kind, r.parent_url
         FROM document_refs r JOIN sources s ON s.id = r.source_id WHERE s.name = $1 AND r.state = 'new' ORDER BY r.id`,
        [sourceId],
      );
      return rows.map((r) => ({
        source: sourceId,
        url: r.url,
        title: r.title ?? '',
        date: r.list_date,
        listUrl: '',
        kind: refKind(r.kind),
        parentUrl: r.parent_url,
      }));
    },

    async documentIdForUrl(url) {
      return documentIdForUrl(url);
    },

    async storeDocument(sourceName, doc, parentUrl) {
      const r = await storeDocument(db, { ...doc, sourceName, parentUrl });
      return { id: r.id, created: r.created };
    },

    async markFetched(ref, documentId) {
      await ensureRef(ref);
      await setDocumentRefState(db, ref.url, 'fetched', documentId);
      await clearFetchFailure(db, ref.url);
    },

    async recordFetchFailure(ref, code, reason) {
      await ensureRef(ref);
      await recordFetchFailure(db, { sourceName: ref.source, url: ref.url, code, reason });
    },

    async getDocument(id) {
      const d = await getDocument(db, id);
      if (!d) throw new MissingRowError('pipeline.document', `document ${id} is not in the database`);
      return d satisfies StoredDocument;
    },

    async documentByUrl(url) {
      const id = await documentIdForUrl(url);
      return id === null ? null : getDocument(db, id);
    },

    async saveExtraction(documentId, extractorVersion, record) {
      const rows = await db.query<{ id: number }>(
        'INSERT INTO pipeline_extractions (document_id, extractor_version, record) VALUES ($1, $2, $3) RETURNING id',
        [documentId, extractorVersion, JSON.stringify(record)],
      );
      return rows[0]!.id;
    },

    async getExtraction(id) {
      const rows = await db.query<{ document_id: number; extractor_version: string; record: unknown }>(
        'SELECT document_id, extractor_version, record FROM pipeline_extractions WHERE id = $1',
        [id],
      );
      const r = rows[0];
      if (!r) throw new MissingRowError('pipeline.extraction', `extraction ${id} is not in the database`);
      const record = ReportRecord.parse(typeof r.record === 'string' ? JSON.parse(r.record) : r.record);
      return { documentId: r.document_id, extractorVersion: r.extractor_version, record };
    },

    async loadReport(record, ctx) {
      const r = await loadReport(db, record, ctx);
      return { reportId: r.reportId, outcome: String(r.outcome) };
    },

    async recordExtractionFailure(documentId, extractorVersion, code, message) {
      await recordExtractionFailure(db, { documentId, extractorVersion, code, message });
    },

    async clearExtractionFailures(documentId) {
      await db.query('DELETE FROM extraction_failures WHERE document_id = $1', [documentId]);
    },

    async bumpRun(runId, counter, by = 1) {
      if (runId === null || by === 0) return;
      await addCrawlCounts(db, runId, { [counter]: by });
    },

    async startRun(sourceId, mode) {
      return startCrawlRun(db, { sourceName: sourceId, mode });
    },

    async failRun(runId, message) {
      if (runId === null) return;
      await db.query('UPDATE crawl_runs SET error = $2 WHERE id = $1', [runId, message.slice(0, 2000)]);
    },
  };
  return store;
}

function refKind(kind: string): 'detail' | 'attachment' {
  return kind === 'attachment' ? 'attachment' : 'detail';
}

function isoDate(d: string | null): string | null {
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}
