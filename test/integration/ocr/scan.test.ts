/**
 * The OCR path with the real engines (Tesseract chi_sim + eng, poppler) on generated scans:
 * every cell right, or null with a finding saying why; never a wrong number.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import { ocrBytes } from '../../../extractors/ocr/index.ts';
import { buildableOf } from '../../support/documents/portal-doc.ts';
import { expectedCells, generateReport } from '../../support/generate.ts';
import { CLEAN, scanReport, scanToPdf } from '../../support/scans/index.ts';
import { scoreCells } from '../../support/scans/score.ts';

const report = generateReport(5, { dense: true });
const truth = expectedCells(report);
let pdf: Uint8Array;
let pages: Buffer[];

beforeAll(async () => {
  const scan = await scanReport(buildableOf(report), { dpi: 300, damage: CLEAN, seed: 5 });
  pages = scan.pages;
  pdf = await scanToPdf(scan);
});

describe('scanned report, 300 dpi, clean', () => {
  it('an image-only PDF is refused by the text path as input.image_only', async () => {
    await expect(extractBytes(pdf, { filename: 'scan.pdf' })).rejects.toMatchObject({
      code: 'input.image_only',
    });
    await expect(extractBytes(new Uint8Array(pages[0]!), { filename: 'p1.png' })).rejects.toMatchObject({
      code: 'input.image_only',
    });
  });

  it('reads the tables: no wrong number, every missing one explained, cells traced to page and box', async () => {
    const { record, ocrPages } = await ocrBytes(pdf, { filename: 'scan.pdf' });
    expect(ocrPages).toBe(pages.length);
    expect(record.meta).toMatchObject({ agency: report.meta.agency, year: report.meta.year });
    const s = scoreCells(truth, record);
    expect(s.wrongCells).toEqual([]);
    expect(s.unexplained).toEqual([]);
    // Measured 193–198 of 200 on these seeds (the target is 100%: see bench/ocr.ts).
    expect(s.right / s.total).toBeGreaterThanOrEqual(0.95);
    for (const c of record.cells.filter((x) => x.value !== null)) {
      expect(c.source?.page).toBeGreaterThanOrEqual(1);
      expect(c.source?.box).toHaveLength(4);
      expect(c.source?.confidence).toBeGreaterThan(0);
    }
    for (const f of record.findings.filter((x) => x.code === 'ocr.low_confidence')) {
      const c = record.cells.find((x) => x.table === f.table && x.row === f.row && x.col === f.col)!;
      expect(c.value).toBeNull();
    }
  }, 300_000);
});
