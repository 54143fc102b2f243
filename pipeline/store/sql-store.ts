/**
 * PipelineStore over db/'s repository functions: no SQL here, only the translation between the
 * stages' vocabulary (refs, runs, extractions) and db/'s. Every write is idempotent or additive,
 * so any number of worker processes can share one database.
 *
 * Three things are kept in this process's memory, each only to save a round trip: source ids (a
 * source row never changes id), the documents just stored (handed to the extract stage when it
 * runs here, read from the table when it runs elsewhere or after a crash; bounded), and the run
 * counters (run-counts.ts).
 */
import { NonRetryableError } from '../../config/errors.ts';
import type { DocumentRef, FetchedDocument } from '../../crawlers/types.ts';
import type { Database } from '../../db/index.ts';
import {
  clearExtractionFailures,
  completeListWalk,
  documentIdForUrl,
  type FetchedInput,
  getDocument,
  getExtraction,
  loadReports,
  markRefFetched,
  noteCrawlRunError,
  recordExtractionFailure,
  recordFetchFailure,
  refSighting,
  resolveSources,
  type StoredDocument,
  saveExtraction,
  startCrawlRun,
  startListWalk,
  storeDocument,
  storeFetchedDocuments,
  unfinishedDocumentRefs,
  upsertDocumentRef,
  upsertDocumentRefs,
} from '../../db/index.ts';
import { ReportRecord } from '../../extractors/record.ts';
import type { PipelineStore, RefKey } from '../ports.ts';
import { BatchLoader, type BatchLoaderOptions } from './batch-loader.ts';
import { Coalescer, type CoalescerOptions } from './coalescer.ts';
import { RunCounts, type RunCountsOptions } from './run-counts.ts';

export class MissingRowError extends NonRetryableError {}

export interface SqlStoreOptions extends RunCountsOptions {
  /** How loads are batched (batch-loader.ts). */
  load?: Omit<BatchLoaderOptions, 'afterBatch' | 'logger'>;
  /** How fetched documents are gathered into one write (coalescer.ts). */
  fetched?: Omit<CoalescerOptions, 'logger' | 'what'>;
  /** Bytes of just-stored documents kept for the extract stage (default 32 MB; the oldest go first). */
  handoverBytes?: number;
}

export function createSqlStore(db: Database, opts: SqlStoreOptions = {}): PipelineStore {
  const ensureRef = (ref: RefKey) =>
    upsertDocumentRef(db, {
      sourceName: ref.source,
      url: ref.url,
      kind: refKind(ref.kind),
      parentUrl: ref.parentUrl,
    });
  const sourceIds = new Map<string, Promise<number>>();
  const sourceId = (name: string, url: string): Promise<number> => {
    let id = sourceIds.get(name);
    if (!id) {
      id = resolveSources(db, new Map([[name, url]])).then((m) => m.get(name)!.id);
      id.catch(() => sourceIds.delete(name));
      sourceIds.set(name, id);
    }
    return id;
  };
  const handover = new Handover(opts.handoverBytes ?? 32 * 1024 * 1024);
  const counts = new RunCounts(db, opts);
  const fetchedWriter = new Coalescer((items: FetchedInput[]) => storeFetchedDocuments(db, items), {
    // One transaction at a time: with the loader's batches it leaves a pooled connection (4) for
    // everything else (list walks, refs, counters), which must not queue behind batches.
    maxInFlight: 1,
    ...opts.fetched,
    what: 'fetched document',
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const loader = new BatchLoader(
    async (items) => {
      const results = await loadReports(db, items);
      // Documents read now: their earlier extraction failures no longer apply. A report loaded
      // with no table read (`failed`) stays listed for the operator.
      await clearExtractionFailures(
        db,
        items
          .filter((it) => it.record.status !== 'failed')
          .map((it) => it.ctx.documentId)
          .filter((id): id is number => typeof id === 'number'),
      );
      return results;
    },
    {
      ...opts.load,
      // PGlite has one session: a second batch under way would only wait for the first one's
      // transaction, and leave with the reports of 20 ms. One at a time, the next batch fills while
      // the previous one is written, so a batch holds what arrived meanwhile (and each statement
      // of a batch, with PGlite's fixed cost per statement, serves more reports).
      ...(db.kind === 'pglite' ? { maxInFlight: 1 } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    },
  );

  return {
    refSighting: (url) => refSighting(db, url),

    startListWalk: async (source, listUrl, runId) =>
      startListWalk(db, { sourceName: source, listUrl, runId, sourceId: await sourceId(source, listUrl) }),

    completeListWalk: (sourceId, listUrl, startedAt) =>
      completeListWalk(db, { sourceName: sourceId, listUrl, startedAt }),

    async upsertRefs(refs: DocumentRef[]) {
      const ids = new Map<string, number>();
      for (const ref of refs)
        if (!ids.has(ref.source)) ids.set(ref.source, await sourceId(ref.source, ref.url));
      return upsertDocumentRefs(
        db,
        refs.map((ref) => ({
          sourceName: ref.source,
          sourceId: ids.get(ref.source) ?? null,
          url: ref.url,
          title: ref.title,
          listDate: isoDate(ref.date),
          kind: ref.kind,
          parentUrl: ref.parentUrl,
        })),
      );
    },

    async unfinishedRefs(sourceId) {
      const rows = await unfinishedDocumentRefs(db, sourceId);
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
      const sid = await sourceId(sourceName, doc.url);
      const r = await storeDocument(db, { ...doc, sourceId: sid, parentUrl });
      const stored = storedOf(doc, r, sourceName, parentUrl);
      // Bytes stored before under another URL keep that row; this fetch's facts (URL, type) go on.
      handover.put(stored);
      return { id: r.id, created: r.created, document: stored };
    },

    async storeFetched(sourceName, doc, ref) {
      const sid = await sourceId(sourceName, doc.url);
      const r = await fetchedWriter.add({
        ...doc,
        sourceId: sid,
        parentUrl: ref.parentUrl,
        ref: { kind: refKind(ref.kind), parentUrl: ref.parentUrl },
      });
      const stored = storedOf(doc, r, sourceName, ref.parentUrl);
      handover.put(stored);
      return { id: r.id, created: r.created, document: stored };
    },

    async markFetched(ref, documentId) {
      await markRefFetched(db, {
        sourceId: await sourceId(ref.source, ref.url),
        url: ref.url,
        kind: refKind(ref.kind),
        parentUrl: ref.parentUrl,
        documentId,
      });
    },

    async recordFetchFailure(ref, code, reason) {
      await ensureRef(ref);
      await recordFetchFailure(db, { sourceName: ref.source, url: ref.url, code, reason });
    },

    async getDocument(id) {
      const d = handover.take(id) ?? (await getDocument(db, id));
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

    loadReport: (record, ctx) => loader.load({ record, ctx }),

    recordExtractionFailure: (documentId, extractorVersion, code, message) =>
      recordExtractionFailure(db, { documentId, extractorVersion, code, message }),

    async bumpRun(runId, counter, by = 1) {
      counts.add(runId, counter, by);
    },

    flushCounts: () => counts.flush(),

    settleCounts: () => counts.settle(),

    async close() {
      await fetchedWriter.drain();
      await loader.drain();
      handover.clear();
      await counts.close();
    },

    startRun: (sourceId, mode) => startCrawlRun(db, { sourceName: sourceId, mode }),

    async failRun(runId, message) {
      if (runId !== null) await noteCrawlRunError(db, runId, message);
    },
  };
}

/**
 * Documents the fetch stage just stored, by id, for the extract stage of the same process: taken
 * once, the oldest dropped past `maxBytes` (then the extract stage reads the row, as it would in
 * another process).
 */
class Handover {
  private readonly docs = new Map<number, StoredDocument>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  put(d: StoredDocument): void {
    if (d.bytes.byteLength > this.maxBytes / 4 || this.docs.has(d.id)) return;
    this.docs.set(d.id, d);
    this.bytes += d.bytes.byteLength;
    for (const [id, old] of this.docs) {
      if (this.bytes <= this.maxBytes) break;
      this.docs.delete(id);
      this.bytes -= old.bytes.byteLength;
    }
  }

  take(id: number): StoredDocument | null {
    const d = this.docs.get(id);
    if (!d) return null;
    this.docs.delete(id);
    this.bytes -= d.bytes.byteLength;
    return d;
  }

  clear(): void {
    this.docs.clear();
    this.bytes = 0;
  }
}

/** What was stored, as this fetch saw it (bytes stored before under another URL keep that row). */
function storedOf(
  doc: FetchedDocument,
  r: { id: number; sha256: string },
  sourceName: string,
  parentUrl: string | null,
): StoredDocument {
  return {
    id: r.id,
    url: doc.url,
    finalUrl: doc.finalUrl,
    status: doc.status,
    headers: doc.headers,
    contentType: doc.contentType,
    encoding: doc.encoding,
    bytes: doc.bytes,
    fetchedAt: doc.fetchedAt,
    sha256: r.sha256,
    sourceName,
    parentUrl,
  };
}

function refKind(kind: string): 'detail' | 'attachment' {
  return kind === 'attachment' ? 'attachment' : 'detail';
}

function isoDate(d: string | null): string | null {
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null;
}
