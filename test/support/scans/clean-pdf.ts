/**
 * A dense generated report scanned clean at 300 dpi, as an image-only PDF: what the OCR child and
 * stage tests hand the pipeline when the reading itself is not what they check.
 */
import { buildableOf } from '../documents/portal-doc.ts';
import { generateReport } from '../generate.ts';
import { CLEAN, scanReport, scanToPdf } from './index.ts';

export async function cleanScanPdf(seed: number): Promise<Uint8Array> {
  const scan = await scanReport(buildableOf(generateReport(seed, { dense: true })), {
    dpi: 300,
    damage: CLEAN,
    seed,
  });
  return scanToPdf(scan);
}

/** The OCR job those tests run on it (document 7 of run 3, a PDF attachment). */
export const cleanScanJob = {
  runId: 3,
  source: 's',
  documentId: 7,
  url: 'http://x/annual-scan.pdf',
  parentUrl: null,
  hints: {},
};
