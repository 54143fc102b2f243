/**
 * extract: stored bytes → ReportRecord, no network. When this process also loads (`loadInline`),
 * the record is loaded here, batched with other jobs' records, and the job ends once it is
 * committed: a job killed before that is run again, and loading is idempotent. Otherwise the
 * record is stored (pipeline_extractions) and the load job carries only its id. A record the
 * extractor calls `failed` is listed as a failure for the operator to repair with `xxgk reextract
 * --failed`; it is loaded too when it is a report with no table read (the agency published, and the
 * dataset must show it), never when the input is not a report (a challenge or unrelated page).
 */
import { isXxgkError, XxgkError } from '../../config/errors.ts';
import { cellCount } from '../../db/load-inputs.ts';
import { filenameOf } from '../../extractors/hints.ts';
import { isReport } from '../../extractors/input-checks.ts';
import type { ReportRecord } from '../../extractors/record.ts';
import { type ExtractPayload, jobIds, type PageHints } from '../payloads.ts';
import type { ExtractHints, StageDeps, StoredDocument } from '../ports.ts';
import { decodeText, isHtml, pageImageUrls } from './fetch.ts';
import type { StageResult } from './result.ts';

export async function extractStage(p: ExtractPayload, deps: StageDeps): Promise<StageResult> {
  const doc = await deps.store.getDocument(p.documentId);
  const hints = await hintsFor(p.parentUrl, p.hints, deps);
  let record: ReportRecord;
  try {
    // Loaded here, the record is read by nothing but the loader (finishExtraction): its cells may
    // stay on the extraction thread. Handed to a load job, they are written to pipeline_extractions.
    record = await deps.extractBytes(doc.bytes, extractHints(p, hints, doc, deps), {
      loadOnly: deps.loadInline === true,
    });
  } catch (err) {
    // A scan: its own stage (own concurrency, time and memory caps) reads it.
    if (!isXxgkError(err) || err.code !== 'input.image_only') throw err;
    deps.logger.debug({ documentId: doc.id, why: err.message }, 'scan: handed to OCR');
    return {
      next: [{ stage: 'ocr', jobId: jobIds.ocr(doc.id, deps.extractorVersion, p.url), data: p }],
      summary: { documentId: doc.id, ocr: true },
    };
  }
  // A page whose text holds no table but which shows pictures (stored with it by the fetch stage):
  // a scanned report shown page by page. OCR reads the pictures; the page's text gives the meta.
  // (Attachments have a parent page; a .docx's content type says "xml" and is no page.)
  if (
    cellCount(record) === 0 &&
    p.parentUrl === null &&
    isHtml(doc) &&
    (await storedPageImages(doc, p, deps)).length > 0
  ) {
    deps.logger.debug({ documentId: doc.id }, 'page of pictures: handed to OCR');
    return {
      next: [{ stage: 'ocr', jobId: jobIds.ocr(doc.id, deps.extractorVersion, p.url), data: p }],
      summary: { documentId: doc.id, ocr: true },
    };
  }
  return finishExtraction(p, doc.id, record, deps);
}

/** The stored pictures of a detail page, in page order (those the fetch stage could fetch). */
export async function storedPageImages(
  page: StoredDocument,
  p: Pick<ExtractPayload, 'source'>,
  deps: StageDeps,
): Promise<StoredDocument[]> {
  const out: StoredDocument[] = [];
  for (const url of pageImageUrls(page, deps, deps.source(p.source))) {
    const doc = await deps.store.documentByUrl(url);
    if (doc) out.push(doc);
  }
  return out;
}

/** What the extractor is told about a stored document (shared with the OCR stage). */
export function extractHints(
  p: ExtractPayload,
  hints: PageHints,
  doc: Pick<StoredDocument, 'contentType' | 'encoding'>,
  deps: StageDeps,
): ExtractHints {
  const contentSelector = contentSelectorOf(p.source, deps);
  return {
    ...hints,
    url: p.url,
    filename: filenameOf(p.url),
    contentType: doc.contentType,
    charset: doc.encoding,
    ...(contentSelector ? { contentSelector } : {}),
    ...(deps.rejectShapes.length > 0 ? { rejectShapes: deps.rejectShapes } : {}),
  };
}

/**
 * The source's report container (`detail.contentSelector`): on a detail page the extractor reads
 * the report inside it, so the page's own chrome (metadata table, navigation, share bars) stays
 * out of the tables. Files loaded from disk and re-extractions of a source no longer declared have none.
 */
function contentSelectorOf(sourceId: string, deps: Pick<StageDeps, 'source'>): string | null {
  try {
    return deps.source(sourceId).detail.contentSelector ?? null;
  } catch {
    return null;
  }
}

/**
 * A record → loaded here (`loadInline`) or stored and handed to load; a `failed` one is recorded
 * as a failure for the operator. Shared by extract and ocr.
 */
export async function finishExtraction(
  p: ExtractPayload,
  documentId: number,
  record: ReportRecord,
  deps: StageDeps,
): Promise<StageResult> {
  let failure: { code: string; reason: string } | Record<string, never> = {};
  if (record.status === 'failed') {
    const first = record.findings.find((f) => f.severity === 'error');
    const why = first?.message ?? 'no table found';
    await deps.store.recordExtractionFailure(documentId, deps.extractorVersion, 'extract.failed', why);
    await deps.store.bumpRun(p.runId, 'failed');
    deps.logger.warn({ documentId, url: p.url, why }, 'extraction failed');
    // The reason travels with the result: `xxgk reextract` tells the operator this, not a generic line.
    failure = { code: first?.code ?? 'extract.failed', reason: why };
    if (!isReport(record)) return { next: [], summary: { documentId, status: record.status, ...failure } };
  } else {
    await deps.store.bumpRun(p.runId, 'extracted');
  }
  if (deps.loadInline) {
    const { reportId, outcome } = await loadRecord(p, record, deps);
    return {
      next: [],
      summary: {
        documentId,
        status: record.status,
        cells: cellCount(record),
        reportId,
        outcome,
        ...failure,
      },
    };
  }
  const extractionId = await deps.store.saveExtraction(documentId, deps.extractorVersion, record);
  return {
    next: [
      {
        stage: 'load',
        jobId: jobIds.load(extractionId),
        data: { runId: p.runId, source: p.source, documentId, extractionId, url: p.url },
      },
    ],
    summary: { documentId, extractionId, status: record.status, cells: cellCount(record), ...failure },
  };
}

/** A load failure inside the extract job keeps the load stage's code (`load.…`) for the operator. */
export class InlineLoadError extends XxgkError {}

async function loadRecord(p: ExtractPayload, record: ReportRecord, deps: StageDeps) {
  try {
    return await loadExtracted(p, record, deps.extractorVersion, deps);
  } catch (err) {
    if (!(err instanceof XxgkError)) throw err;
    throw new InlineLoadError(`load.${err.code}`, err.message, { cause: err, retryable: err.retryable });
  }
}

/** The record into the dataset as the report at the job's URL (both load paths end here). */
export async function loadExtracted(
  p: Pick<ExtractPayload, 'runId' | 'documentId' | 'url' | 'source'>,
  record: ReportRecord,
  extractorVersion: string,
  deps: StageDeps,
) {
  const result = await deps.store.loadReport(record, {
    documentId: p.documentId,
    sourceUrl: p.url,
    sourceName: p.source,
    region: null,
    extractorVersion,
  });
  await deps.store.bumpRun(p.runId, 'loaded');
  return result;
}

/**
 * Hints from the job, completed from the stored parent page for attachments: re-extraction
 * (which has no job hints) then sees the same agency and date as the crawl did.
 */
export async function hintsFor(
  parentUrl: string | null,
  given: PageHints,
  deps: StageDeps,
): Promise<PageHints> {
  if (given.agency || !parentUrl) return given;
  const parent = await deps.store.documentByUrl(parentUrl);
  if (!parent) return given;
  const meta = deps.extractPageMeta(decodeText(parent));
  return {
    title: given.title ?? meta.title,
    agency: meta.agency,
    publishedOn: given.publishedOn ?? meta.publishedOn,
    indexNo: given.indexNo ?? meta.indexNo,
    year: given.year ?? null,
  };
}
