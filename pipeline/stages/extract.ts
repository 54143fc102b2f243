/**
 * extract: stored bytes → ReportRecord, no network. When this process also loads (`loadInline`),
 * the record is loaded here, batched with other jobs' records, and the job ends once it is
 * committed: a job killed before that is run again, and loading is idempotent. Otherwise the
 * record is stored (pipeline_extractions) and the load job carries only its id. A record the
 * extractor calls `failed` is not loaded: it is listed as a failure for the operator to repair
 * with `xxgk reextract --failed`.
 */
import { XxgkError } from '../../config/errors.ts';
import type { ReportRecord } from '../../extractors/record.ts';
import { type ExtractPayload, jobIds, type PageHints } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import { decodeText } from './fetch.ts';
import type { StageResult } from './result.ts';

export async function extractStage(p: ExtractPayload, deps: StageDeps): Promise<StageResult> {
  const doc = await deps.store.getDocument(p.documentId);
  const hints = await hintsFor(p.parentUrl, p.hints, deps);
  const record = await deps.extractBytes(doc.bytes, {
    ...hints,
    url: p.url,
    filename: filenameOf(p.url),
    contentType: doc.contentType,
    charset: doc.encoding,
    ...(deps.rejectShapes.length > 0 ? { rejectShapes: deps.rejectShapes } : {}),
  });
  if (record.status === 'failed') {
    const why = record.findings.find((f) => f.severity === 'error')?.message ?? 'no table found';
    await deps.store.recordExtractionFailure(doc.id, deps.extractorVersion, 'extract.failed', why);
    await deps.store.bumpRun(p.runId, 'failed');
    deps.logger.warn({ documentId: doc.id, url: p.url, why }, 'extraction failed');
    return { next: [], summary: { documentId: doc.id, status: record.status } };
  }
  await deps.store.bumpRun(p.runId, 'extracted');
  if (deps.loadInline) {
    const { reportId, outcome } = await loadRecord(p, record, deps);
    return {
      next: [],
      summary: { documentId: doc.id, status: record.status, cells: record.cells.length, reportId, outcome },
    };
  }
  const extractionId = await deps.store.saveExtraction(doc.id, deps.extractorVersion, record);
  return {
    next: [
      {
        stage: 'load',
        jobId: jobIds.load(extractionId),
        data: { runId: p.runId, source: p.source, documentId: doc.id, extractionId, url: p.url },
      },
    ],
    summary: { documentId: doc.id, extractionId, status: record.status, cells: record.cells.length },
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

function filenameOf(url: string): string | null {
  try {
    const last = new URL(url).pathname.split('/').pop();
    return last ? decodeURIComponent(last) : null;
  } catch {
    return null;
  }
}
