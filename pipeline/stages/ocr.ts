/**
 * ocr: a scanned document (image attachment, PDF whose pages are pictures) → ReportRecord, then
 * the same hand-off as extract. Its own queue: OCR takes seconds per page and a core while it
 * runs, so it gets its own concurrency (XXGK_CONCURRENCY_OCR) and caps on each engine process
 * (XXGK_OCR_TIMEOUT_MS, XXGK_OCR_MEMORY_MB); documents with a usable text layer never come here.
 */
import type { OcrPayload } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import { extractHints, finishExtraction, hintsFor } from './extract.ts';
import type { StageResult } from './result.ts';

export async function ocrStage(p: OcrPayload, deps: StageDeps): Promise<StageResult> {
  const doc = await deps.store.getDocument(p.documentId);
  const hints = await hintsFor(p.parentUrl, p.hints, deps);
  const started = Date.now();
  const record = await deps.ocrBytes(doc.bytes, extractHints(p, hints, doc, deps));
  const uncertain = record.findings.filter((f) => f.code === 'ocr.low_confidence').length;
  deps.logger.info(
    { documentId: doc.id, ms: Date.now() - started, cells: record.cells.length, uncertain },
    'scan read',
  );
  const result = await finishExtraction(p, doc.id, record, deps);
  return { ...result, summary: { ...result.summary, ocr: true, uncertain } };
}
