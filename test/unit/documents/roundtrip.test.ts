/**
 * The whole way from attachment bytes to the canonical record: sniffKind → documentToContent →
 * the extractor core (extractBytes). Every cell of the record the document was built from must
 * come back with its value, for each format and both templates.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import {
  type BuildableReport,
  buildCmapPdf,
  buildDocx,
  buildPdf,
  sampleReport,
} from '../../support/documents/index.ts';
import { expectedCells, generateReport } from '../../support/generate.ts';

const FIX = resolve(import.meta.dirname, '../../fixtures/documents');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIX, name)));
const r2019 = sampleReport();
const r2021 = sampleReport(
  { active: '2021', requests: '2021', appeals: '2021' },
  { year: 2022, agency: '赣州经开区机关事务管理中心' },
);

async function expectSameCells(bytes: Uint8Array, filename: string, want: BuildableReport): Promise<void> {
  const got = await extractBytes(bytes, { filename });
  expect(got.templates).toEqual(want.templates);
  const key = (c: { table: string; row: string; col: string }) => `${c.table}.${c.row}.${c.col}`;
  const values = new Map(got.cells.map((c) => [key(c), c.value]));
  const wrong = want.cells
    .filter((c) => values.get(key(c)) !== c.value)
    .map((c) => `${key(c)}: ${c.value} ≠ ${values.get(key(c))}`);
  expect(wrong).toEqual([]);
  expect(got.findings.filter((f) => f.severity === 'error')).toEqual([]);
}

describe('attachment → record round trip', () => {
  it.each([
    ['docx, 2019 template', async () => buildDocx(r2019), 'r.docx', r2019],
    ['docx, 2021 template', async () => buildDocx(r2021), 'r.docx', r2021],
    ['committed .doc, 2019 template', async () => fixture('report-2019.doc'), 'r.doc', r2019],
    ['committed .doc, 2021 template', async () => fixture('report-2021.doc'), 'r.doc', r2021],
    ['committed pdfkit .pdf, 2021 template', async () => fixture('report-2021.pdf'), 'r.pdf', r2021],
    ['STSong-Light/UniGB-UCS2-H .pdf, 2019 template', async () => buildCmapPdf(r2019), 'r.pdf', r2019],
  ] as const)('%s', async (_, make, filename, want) => {
    await expectSameCells(await make(), filename, want);
  });

  it('pdfkit .pdf with top-aligned and centred cells, 2019 template', async () => {
    await expectSameCells(await buildPdf(r2019, { valign: 'top' }), 'r.pdf', r2019);
    await expectSameCells(await buildPdf(r2019, { valign: 'middle' }), 'r.pdf', r2019);
  });

  it('a PDF whose blank cells print nothing still yields every cell (blanks as null)', async () => {
    const blanks = sampleReport();
    for (const c of blanks.cells) if (c.raw === '无') c.raw = '';
    expect(blanks.cells.filter((c) => c.raw === '').length).toBeGreaterThan(10);
    await expectSameCells(buildCmapPdf(blanks), 'r.pdf', blanks);
  });

  it('generated reports (blanks, units, signed changes, both templates) survive .docx and .pdf', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const g = generateReport(seed, { year: 2019 + (seed % 5) });
      const report: BuildableReport = {
        meta: { ...g.meta },
        cells: expectedCells(g),
        templates: g.templates,
        sections: { ...g.prose },
      };
      await expectSameCells(await buildDocx(report), 'r.docx', report);
      await expectSameCells(buildCmapPdf(report), 'r.pdf', report);
    }
  }, 120_000); // 24 conversions and extractions; each PDF is parsed for its text and for its rulings
});
