/**
 * ocr: a scanned document (image attachment, PDF whose pages are pictures, or a detail page showing
 * its report as pictures: those, stored with the page, in page order) → ReportRecord, then the same
 * hand-off as extract. Its own queue: OCR takes seconds per page and a core while it
 * runs, so it gets its own concurrency (XXGK_CONCURRENCY_OCR) and caps on each engine process
 * (XXGK_OCR_TIMEOUT_MS, XXGK_OCR_MEMORY_MB); documents with a usable text layer never come here.
 */

import { OcrInputError } from '../../extractors/ocr/errors.ts';
import type { OcrPayload } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import { extractHints, finishExtraction, hintsFor, storedPageImages } from './extract.ts';
import { decodeText, isHtml } from './fetch.ts';
import type { StageResult } from './result.ts';

export async function ocrStage(p: OcrPayload, deps: StageDeps): Promise<StageResult> {
  const doc = await deps.store.getDocument(p.documentId);
  let hints = await hintsFor(p.parentUrl, p.hints, deps);
  let inputs: Uint8Array | Uint8Array[] = doc.bytes;
  if (p.parentUrl === null && isHtml(doc)) {
    const images = await storedPageImages(doc, p, deps);
    if (images.length === 0)
      throw new OcrInputError(
        'input.unsupported',
        `${p.url}: a page of pictures, but none of them is stored`,
      );
    inputs = images.map((i) => i.bytes);
    // The pictures are the report's pages; the page around them names it.
    const meta = deps.extractPageMeta(decodeText(doc));
    hints = {
      ...hints,
      title: meta.title ?? hints.title ?? null,
      agency: meta.agency ?? hints.agency ?? null,
      publishedOn: meta.publishedOn ?? hints.publishedOn ?? null,
      indexNo: meta.indexNo ?? hints.indexNo ?? null,
    };
  }
  const started = Date.now();
  // The job's signal: an abandoned job's child is killed, not left to read on to its deadline.
  const record = await deps.ocrBytes(inputs, extractHints(p, hints, doc, deps), deps.signal);
  const uncertain = record.findings.filter((f) => f.code === 'ocr.low_confidence').length;
  deps.logger.info(
    { documentId: doc.id, ms: Date.now() - started, cells: record.cells.length, uncertain },
    'scan read',
  );
  const result = await finishExtraction(p, doc.id, record, deps);
  return { ...result, summary: { ...result.summary, ocr: true, uncertain } };
}
