/**
 * extract: stored bytes → ReportRecord, no network. The record is stored (pipeline_extractions)
 * and the load job carries only its id. A record the extractor calls `failed` is not loaded:
 * it is listed as a failure for the operator to repair with `xxgk reextract --failed`.
 */
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
  const extractionId = await deps.store.saveExtraction(doc.id, deps.extractorVersion, record);
  await deps.store.bumpRun(p.runId, 'extracted');
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
