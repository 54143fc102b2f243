/**
 * extractBytes sees the same report as extractText, whatever the encoding at the byte edge:
 * a detail page served as GBK (declared in <meta charset>, or only in the Content-Type hint),
 * and text with a UTF-8 BOM.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../../extractors/index.ts';
import { diffCells } from '../../../support/compare.ts';
import { expectedCells, expectedShortRows, generateReport } from '../../../support/generate.ts';
import { SHAPES } from '../../../support/render/index.ts';

const reports = [
  generateReport(5000),
  generateReport(5001, { year: 2020 }),
  generateReport(5002, { subtotals: true }),
];

describe('extractBytes', () => {
  it.each(reports.map((r, i) => [i, r] as const))(
    'report %i: GBK page with <meta charset="gbk">',
    async (_i, report) => {
      const html = SHAPES.html!(report).replace('<meta charset="utf-8">', '<meta charset="gbk">');
      const record = await extractBytes(new Uint8Array(iconv.encode(html, 'gbk')), {
        contentType: 'text/html',
      });
      expect(
        diffCells(record.cells, expectedCells(report), { shortRows: expectedShortRows(report) }),
      ).toEqual([]);
      expect(record.meta.agency).toBe(report.meta.agency);
    },
  );

  it.each(reports.map((r, i) => [i, r] as const))(
    'report %i: GBK page declared only in Content-Type',
    async (_i, report) => {
      const html = SHAPES.html!(report).replace('<meta charset="utf-8">', '');
      const record = await extractBytes(new Uint8Array(iconv.encode(html, 'gbk')), {
        contentType: 'text/html; charset=GBK',
        charset: 'gbk',
      });
      expect(
        diffCells(record.cells, expectedCells(report), { shortRows: expectedShortRows(report) }),
      ).toEqual([]);
    },
  );

  it.each(Object.keys(SHAPES).filter((s) => s !== 'html'))('%s text with a UTF-8 BOM', async (shape) => {
    const report = reports[0]!;
    const bytes = new Uint8Array(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SHAPES[shape]!(report), 'utf8')]),
    );
    const record = await extractBytes(bytes, { contentType: 'text/plain' });
    expect(diffCells(record.cells, expectedCells(report), { shortRows: expectedShortRows(report) })).toEqual(
      [],
    );
  });
});
