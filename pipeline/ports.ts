/**
 * What the stages need from the rest of xxgk, as narrow ports. The stages depend on these
 * shapes only; pipeline/wiring.ts plugs in crawlers/, extractors/ and db/. Keeping the seam
 * here lets the runner be tested with small fakes and keeps bodies out of job payloads.
 */
import type { Logger } from 'pino';
import type { Source } from '../config/sources/schema.ts';
import type { DocumentRef, FetchedDocument } from '../crawlers/types.ts';
import type {
  CrawlCounts,
  CrawlMode,
  ListWalkStart,
  LoadContext,
  LoadResult,
  RefSighting,
  RefUpsert,
  StoredDocument,
} from '../db/index.ts';
import type { ReportRecord } from '../extractors/record.ts';
import type { ListTarget, NextJob, PageHints } from './payloads.ts';

/** The document shape is db/'s (one source of truth); the stages read only some of it. */
export type { StoredDocument } from '../db/index.ts';

/** Enough to name a ref row: attachments are first seen by the fetch stage, not by discover. */
export type RefKey = Pick<DocumentRef, 'source' | 'url' | 'parentUrl'> & { kind: string };

export type RunCounter = keyof CrawlCounts;

/** Persistence the stages use (SQL against db/'s tables, see store/). */
export interface PipelineStore {
  /** A discovered link's fetch state and first sighting (what stages/stop-rule.ts decides on); null if never seen. */
  refSighting(url: string): Promise<RefSighting | null>;
  /**
   * A walk of the list starts now: returns its start and the list's history (start of its last
   * completed walk, start of the run).
   */
  startListWalk(sourceId: string, listUrl: string, runId: number | null): Promise<ListWalkStart>;
  /** The walk that started at `startedAt` completed: later incremental walks may stop at refs older than it. */
  completeListWalk(sourceId: string, listUrl: string, startedAt: Date): Promise<void>;
  /** Records a page of discovered links at once: per URL, whether it is new, and its fetch state. */
  upsertRefs(refs: DocumentRef[]): Promise<RefUpsert[]>;
  /**
   * Refs of a source whose work a killed crawl left unfinished: never fetched, or fetched with no
   * report, extraction failure or attachment on record after it (db's `unfinishedDocumentRefs`).
   */
  unfinishedRefs(sourceId: string): Promise<DocumentRef[]>;
  /** The stored document already fetched for this URL, if any. */
  documentIdForUrl(url: string): Promise<number | null>;
  /**
   * Stores the fetched bytes (once per sha256); `document` is what was stored, as this fetch saw it,
   * so nothing needs reading back.
   */
  storeDocument(
    sourceName: string,
    doc: FetchedDocument,
    parentUrl: string | null,
  ): Promise<{ id: number; created: boolean; document: StoredDocument }>;
  /**
   * `storeDocument` and `markFetched` for a fetch that leads to nothing else to record first (no
   * attachments): written with other jobs' fetches in one transaction (store/coalescer.ts); resolves
   * once committed.
   */
  storeFetched(
    sourceName: string,
    doc: FetchedDocument,
    ref: RefKey,
  ): Promise<{ id: number; created: boolean; document: StoredDocument }>;
  /** The URL's ref is now fetched (attachments found on a page get their ref here); its fetch failure is cleared. */
  markFetched(ref: RefKey, documentId: number): Promise<void>;
  recordFetchFailure(ref: RefKey, code: string, reason: string): Promise<void>;
  /** A stored document: the one this process just stored when it still has it, else from the table. */
  getDocument(id: number): Promise<StoredDocument>;
  /** The stored page a document was linked from (attachments), to recover the page's meta. */
  documentByUrl(url: string): Promise<StoredDocument | null>;
  saveExtraction(documentId: number, extractorVersion: string, record: ReportRecord): Promise<number>;
  getExtraction(id: number): Promise<{ documentId: number; extractorVersion: string; record: ReportRecord }>;
  /**
   * Loads a record into the dataset, batched with other jobs' loads (store/batch-loader.ts): resolves
   * once it is committed, its document's extraction failures cleared.
   */
  loadReport(record: ReportRecord, ctx: LoadContext): Promise<LoadResult>;
  recordExtractionFailure(
    documentId: number,
    extractorVersion: string,
    code: string,
    message: string,
  ): Promise<void>;
  /** Counts for a run, in memory: written within a flush interval, by `flushCounts`, or on close. */
  bumpRun(runId: number | null, counter: RunCounter, by?: number): Promise<void>;
  flushCounts(): Promise<void>;
  /** Resolves once the counts made so far are written (gathered with other jobs'; never rejects). */
  settleCounts(): Promise<void>;
  /** Waits for loads under way, writes the counts. */
  close(): Promise<void>;
  /** Opens a crawl_runs row (a scheduled discover job arrives without one). */
  startRun(sourceId: string, mode: CrawlMode): Promise<number>;
  /** Notes why a run went wrong (a source whose lists could not be read); messages accumulate. */
  failRun(runId: number | null, message: string): Promise<void>;
}

export interface PageMeta {
  title: string | null;
  agency: string | null;
  publishedOn: string | null;
  indexNo: string | null;
}

/** What an extracted record is for: an extractor on another thread sends back only what is read. */
export interface ExtractUse {
  /**
   * The record goes to this process's loader and nowhere else (no pipeline_extractions row): its
   * cells need not cross from an extraction thread when the loader will not read them, their COPY
   * block, hash and key figures being handed over with it (db/load-inputs.ts). Reading them then
   * throws.
   */
  loadOnly?: boolean;
}

export interface ExtractHints extends PageHints {
  url: string;
  filename: string | null;
  contentType: string | null;
  charset: string | null;
  rejectShapes?: string[];
}

export interface StageDeps {
  store: PipelineStore;
  logger: Logger;
  extractorVersion: string;
  /** Shapes the extractor must reject (tests of the repair flow; normally empty). */
  rejectShapes: string[];
  /** The source declaration by id; throws for an unknown id. */
  source(id: string): Source;
  /** The lists to walk: the source's own plus its directory's; a directory that fails goes to onError. */
  lists(source: Source, onError: (url: string, err: unknown) => void): Promise<ListTarget[]>;
  /**
   * One list's new refs, page by page; an incremental walk stops at the first ref `isKnown` says it
   * may stop at. Ends normally only when the walk is complete (list end or such a ref); throws if the
   * list fails.
   */
  walkList(
    source: Source,
    list: ListTarget,
    opts: { full: boolean; isKnown: (url: string) => Promise<boolean> },
  ): AsyncIterable<DocumentRef[]>;
  fetch(url: string, source: Source): Promise<FetchedDocument>;
  findAttachments(
    html: string,
    baseUrl: string,
    source: Source,
  ): Array<{ url: string; title?: string | null }>;
  /**
   * Pictures of the report inside a detail page without an HTML table (`<img>` in the content,
   * links to .jpg/.png/.tif), in page order: fetched with the page, read by OCR when its text
   * holds no table.
   */
  findPageImages(html: string, baseUrl: string, source: Source): Array<{ url: string }>;
  extractPageMeta(html: string): PageMeta;
  extractBytes(bytes: Uint8Array, hints: ExtractHints, use?: ExtractUse): Promise<ReportRecord>;
  /**
   * A scan (the extractor said input.image_only) → its record, by OCR under the configured caps.
   * Several inputs are the pages of one report, in order (a detail page's pictures).
   */
  ocrBytes(
    bytes: Uint8Array | Uint8Array[],
    hints: ExtractHints,
    signal?: AbortSignal,
  ): Promise<ReportRecord>;
  /**
   * Set by the runner for each job: aborted (with the job's error) when the runner abandons the
   * job (its time limit, a stall, a shutdown). Ports that start work outside this process (the OCR
   * child) take it and stop that work.
   */
  signal?: AbortSignal;
  /**
   * Set by the runner for each job: enqueue follow-ups now rather than when the job ends, so a
   * long list walk feeds the fetchers as it goes. Re-running the job re-emits; job ids dedupe.
   */
  emit?: (jobs: NextJob[]) => Promise<void>;
  /**
   * Set when this process runs the load stage too: the extract stage loads its record itself
   * (batched with other jobs', see store/batch-loader.ts) and its job ends once the record is
   * committed. Otherwise the record goes through pipeline_extractions and a load job.
   */
  loadInline?: boolean;
  /**
   * Pages one fetch job may take (FetchPayload.more), set by the runner on BullMQ: a queue job costs
   * Redis round trips and scripts whatever it does, and a list page's new pages share one. Unset or
   * 1: a job per page.
   */
  fetchBatch?: number;
}
