/**
 * PipelineStore over db/'s repository functions: no SQL here, only the translation between the
 * stages' vocabulary (refs, runs, extractions) and db/'s. Every write is idempotent or additive,
 * so any number of worker processes can share one database.
 */
import { NonRetryableError } from '../../config/errors.ts';
import type { DocumentRef } from '../../crawlers/types.ts';
import type { Database } from '../../db/index.ts';
import {
  addCrawlCounts,
  clearExtractionFailures,
  clearFetchFailure,
  completeListWalk,
  documentIdForUrl,
  getDocument,
  getExtraction,
  listDocumentRefs,
  loadReport,
  noteCrawlRunError,
  recordExtractionFailure,
  recordFetchFailure,
  refSighting,
  saveExtraction,
  setDocumentRefState,
  startCrawlRun,
  startListWalk,
  storeDocument,
  upsertDocumentRef,
  upsertDocumentRefs,
} from '../../db/index.ts';
import { ReportRecord } from '../../extractors/record.ts';
import type { PipelineStore, RefKey } from '../ports.ts';

export class MissingRowError extends NonRetryableError {}

export function createSqlStore(db: Database): PipelineStore {
  const ensureRef = (ref: RefKey) =>
    upsertDocumentRef(db, {
      sourceName: ref.source,
      url: ref.url,
      kind: refKind(ref.kind),
      parentUrl: ref.parentUrl,
    });

  return {
    refSighting: (url) => refSighting(db, url),

    startListWalk: (sourceId, listUrl, runId) => startListWalk(db, { sourceName: sourceId, listUrl, runId }),

    completeListWalk: (sourceId, listUrl, startedAt) =>
      completeListWalk(db, { sourceName: sourceId, listUrl, startedAt }),

    upsertRefs: (refs: DocumentRef[]) =>
      upsertDocumentRefs(
        db,
        refs.map((ref) => ({
          sourceName: ref.source,
          url: ref.url,
          title: ref.title,
          listDate: isoDate(ref.date),
          kind: ref.kind,
          parentUrl: ref.parentUrl,
        })),
      ),

    async unfetchedRefs(sourceId) {
      const rows = await listDocumentRefs(db, { state: 'new', sourceName: sourceId });
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

    documentIdForUrl: (url) => documentIdForUrl(db, url),

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
      return d;
    },

    async documentByUrl(url) {
      const id = await documentIdForUrl(db, url);
      return id === null ? null : getDocument(db, id);
    },

    saveExtraction: (documentId, extractorVersion, record) =>
      saveExtraction(db, { documentId, extractorVersion, record }),

    async getExtraction(id) {
      const r = await getExtraction(db, id);
      if (!r) throw new MissingRowError('pipeline.extraction', `extraction ${id} is not in the database`);
      return { ...r, record: ReportRecord.parse(r.record) };
    },

    loadReport: (record, ctx) => loadReport(db, record, ctx),

    recordExtractionFailure: (documentId, extractorVersion, code, message) =>
      recordExtractionFailure(db, { documentId, extractorVersion, code, message }),

    clearExtractionFailures: (documentId) => clearExtractionFailures(db, documentId),

    async bumpRun(runId, counter, by = 1) {
      if (runId === null || by === 0) return;
      await addCrawlCounts(db, runId, { [counter]: by });
    },

    startRun: (sourceId, mode) => startCrawlRun(db, { sourceName: sourceId, mode }),

    async failRun(runId, message) {
      if (runId !== null) await noteCrawlRunError(db, runId, message);
    },
  };
}

function refKind(kind: string): 'detail' | 'attachment' {
  return kind === 'attachment' ? 'attachment' : 'detail';
}

function isoDate(d: string | null): string | null {
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}
