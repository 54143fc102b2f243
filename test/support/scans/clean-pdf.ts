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
