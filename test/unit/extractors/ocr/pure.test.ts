import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { applyOcr, explainOcr } from '../../../../extractors/ocr/apply.ts';
import { findTables } from '../../../../extractors/ocr/grid.ts';
import { cellAt, toHtml } from '../../../../extractors/ocr/html.ts';
import { rowLabelOk, snapLabel } from '../../../../extractors/ocr/labels.ts';
import {
  estimateSkew,
  type Gray,
  grayFromRgba,
  inkMask,
  otsu,
  removeRules,
  rotate,
} from '../../../../extractors/ocr/raster.ts';
import type { OcrCell, OcrDocument, OcrTable } from '../../../../extractors/ocr/read.ts';
import { LOW_MARK } from '../../../../extractors/ocr/read.ts';
import { getTemplate } from '../../../../extractors/templates/index.ts';

function lines(width: number, height: number, every: number): Gray {
  const data = new Uint8Array(width * height).fill(255);
  for (let y = every; y < height; y += every) data.fill(0, y * width + 20, y * width + width - 20);
  return { width, height, data };
}

describe('raster', () => {
  it('finds the skew of a rotated page and rotation undoes it', () => {
    const page = lines(600, 400, 25);
    for (const deg of [-1.2, 0.7]) {
      const skewed = rotate(page, -deg);
      const found = estimateSkew(inkMask(skewed), 600, 400);
      expect(Math.abs(found - deg)).toBeLessThan(0.1);
      const straight = rotate(skewed, found);
      expect(Math.abs(estimateSkew(inkMask(straight), 600, 400))).toBeLessThan(0.1);
    }
  });
});

describe('seals', () => {
  it('a red seal stamped over a ruling leaves the ruling ink and the seal on paper paper', () => {
    // Grey paper (210), a black ruling across row 50, a semi-opaque red seal over the middle.
    const w = 200;
    const h = 100;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const j = (y * w + x) * 4;
        const under = y >= 49 && y <= 51 ? 0 : 210;
        const sealed = x >= 60 && x < 140;
        const a = 0.7;
        rgba[j] = sealed ? a * 215 + (1 - a) * under : under;
        rgba[j + 1] = sealed ? a * 30 + (1 - a) * under : under;
        rgba[j + 2] = sealed ? a * 40 + (1 - a) * under : under;
        rgba[j + 3] = 255;
      }
    }
    const g = grayFromRgba(rgba, w, h);
    const t = otsu(g);
    // The ruling stays ink under the seal, the seal on paper is paper.
    for (const x of [10, 100, 190]) expect(g.data[50 * w + x]!).toBeLessThanOrEqual(t);
    expect(g.data[20 * w + 100]!).toBeGreaterThan(t);
    expect(Math.abs(g.data[20 * w + 100]! - 210)).toBeLessThan(20);
  });

  it("a seal's ring over a ruled table adds no cell border", () => {
    // A 4×3 table (rows 75 px, columns 170 px, rulings 4 px: 300 dpi), a ring of radius 120 px
    // and width 9 px over its middle, as a photocopy leaves a seal: grey, as dark as the print.
    const w = 700;
    const h = 420;
    const data = new Uint8Array(w * h).fill(230);
    const x0 = 50;
    const y0 = 50;
    for (let r = 0; r <= 4; r++)
      for (let y = y0 + r * 75; y < y0 + r * 75 + 4; y++) data.fill(20, y * w + x0, y * w + x0 + 514);
    for (let c = 0; c <= 3; c++)
      for (let y = y0; y < y0 + 304; y++)
        for (let x = x0 + c * 170; x < x0 + c * 170 + 4; x++) data[y * w + x] = 20;
    const cx = 300;
    const cy = 200;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d >= 111 && d <= 120) data[y * w + x] = 40;
      }
    const img: Gray = { width: w, height: h, data };
    const { mask } = removeRules(img, inkMask(img), 66);
    const [t] = findTables(mask, w, h, 2, 18);
    expect(t).toMatchObject({ rows: 4, cols: 3 });
    expect(t!.cells).toHaveLength(12);
  });
});

describe('grid', () => {
  it('finds cells and spans from a ruling mask', () => {
    // A 3×3 table whose first column's two lower cells are one (rowspan 2).
    const w = 300;
    const h = 200;
    const m = new Uint8Array(w * h);
    const hline = (y: number, x0: number, x1: number) => m.fill(1, y * w + x0, y * w + x1 + 1);
    const vline = (x: number, y0: number, y1: number) => {
      for (let y = y0; y <= y1; y++) m[y * w + x] = 1;
    };
    hline(10, 10, 290);
    hline(70, 10, 290);
    hline(130, 100, 290);
    hline(190, 10, 290);
    for (const x of [10, 100, 200, 290]) vline(x, 10, 190);
    const [t] = findTables(m, w, h, 2, 8);
    expect(t).toBeDefined();
    expect(t!.cells).toHaveLength(8);
    const span = t!.cells.find((c) => c.col === 0 && c.row === 1)!;
    expect(span.rowSpan).toBe(2);
    expect(t!.rows).toBe(3);
    expect(t!.cols).toBe(3);
  });
});

describe('labels', () => {
  it('snaps a near-miss label to the template label, and only then', () => {
    expect(snapLabel('2.其他法律行政法规茜止公开')).toBe('2.其他法律行政法规禁止公开');
    expect(snapLabel('规章')).toBe('规章');
    expect(snapLabel('完全不同的一段文字说明')).toBe('完全不同的一段文字说明');
  });

  it('a misread label does not name another row that it starts like', () => {
    const rows = getTemplate('requests', '2021').rows;
    const misc = rows.find((r) => r.key === 'other_misc')!;
    const prohibited = rows.find((r) => r.key === 'denied_prohibited_by_law')!;
    expect(rowLabelOk('2.其他法律行政法规茜止公开', misc)).toBe(false);
    expect(rowLabelOk('2.其他法律行政法规禁止公开', prohibited)).toBe(true);
    expect(rowLabelOk('3.其他', misc)).toBe(true);
    const regs = getTemplate('active', '2019').rows.find((r) => r.key === 'regulations')!;
    expect(rowLabelOk('规章（市政府令）', regs)).toBe(true);
  });
});

function cell(
  row: number,
  col: number,
  text: string,
  status: OcrCell['status'],
  extra: Partial<OcrCell> = {},
): OcrCell {
  return {
    page: 1,
    box: { x: col * 100, y: row * 40, w: 100, h: 40 },
    row,
    col,
    rowSpan: 1,
    colSpan: 1,
    text,
    reading: text,
    confidence: 96,
    status,
    ...extra,
  };
}

/** The 2019 appeals table as OCR would hand it over: two header rows, one row of values. */
function appealsTable(page: number, values: OcrCell[]): OcrTable {
  const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
  const cells: OcrCell[] = [
    cell(0, 0, '行政复议', 'text', { colSpan: 5, page }),
    cell(0, 5, '行政诉讼', 'text', { colSpan: 10, page }),
    ...outcomes.map((o, i) => cell(1, i, o, 'text', { rowSpan: 2, page })),
    cell(1, 5, '未经复议直接起诉', 'text', { colSpan: 5, page }),
    cell(1, 10, '复议后起诉', 'text', { colSpan: 5, page }),
    ...[...outcomes, ...outcomes].map((o, i) => cell(2, 5 + i, o, 'text', { page })),
    ...values,
  ];
  return { page, box: { x: 0, y: 0, w: 1500, h: 160 }, rows: 4, cols: 15, cells };
}

describe('OCR document → record', () => {
  it('maps extracted cells back to their OCR cell, and an uncertain value becomes null with its reading', () => {
    // Every group adds up (1 + 2 + 0 + 0 = 3); then the review's 2 is made uncertain.
    const values = ['1', '2', '0', '0', '3'].flatMap((v, i) =>
      [0, 5, 10].map((g) => cell(3, g + i, v, 'value')),
    );
    values[3] = cell(3, 1, LOW_MARK, 'low', { reading: '2', confidence: 41, why: 'readings disagree' });
    const doc: OcrDocument = {
      pages: [],
      blocks: [
        {
          kind: 'lines',
          page: 1,
          y: 0,
          lines: [
            {
              text: '四、政府信息公开行政复议、行政诉讼情况',
              box: { x: 0, y: 0, w: 1, h: 1 },
              confidence: 95,
            },
          ],
        },
        { kind: 'table', page: 1, y: 10, table: appealsTable(1, values) },
      ],
    };
    const h = toHtml(doc);
    expect(cellAt(h, 0, 3, 1)?.status).toBe('low');
    const { record, causes } = explainOcr(extractText(h.html, { year: 2020 }), h);
    expect([...causes].filter(([k, c]) => k.startsWith('appeals/') && c)).toEqual([
      ['appeals/cases/review_corrected', 'reading'],
    ]);
    const upheld = record.cells.find((c) => c.table === 'appeals' && c.col === 'review_upheld')!;
    expect(upheld.value).toBe(1);
    expect(upheld.source).toMatchObject({ page: 1, box: [0, 120, 100, 40], confidence: 96 });
    const corrected = record.cells.find((c) => c.table === 'appeals' && c.col === 'review_corrected')!;
    expect(corrected).toMatchObject({ value: null, raw: '2' });
    // The other tables are not in this document: one table.missing each, no finding per cell
    // (that would claim readings of cells the scan may not have).
    for (const t of ['active', 'requests'] as const) {
      expect(record.findings.filter((x) => x.table === t).map((x) => [x.code, x.row])).toEqual([
        ['table.missing', null],
      ]);
    }
    const f = record.findings.filter((x) => x.code === 'ocr.low_confidence' && x.table === 'appeals');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ table: 'appeals', row: 'cases', col: 'review_corrected' });
    expect(f[0]!.message).toContain('"2"');
    expect(record.findings.some((x) => x.code === 'value.unreadable')).toBe(false);
    // The review total cannot be checked with an unknown outcome: no appeals.total finding for it.
    expect(record.findings.some((x) => x.code === 'appeals.total' && x.col === 'review_total')).toBe(false);
  });

  it('a row read short leaves each of its cells null with its own ocr.low_confidence', () => {
    // 14 values for 15 columns: which is which is unknown, so none is placed.
    const values = ['1', '2', '0', '0', '3']
      .flatMap((v, i) => [0, 5, 10].map((g) => cell(3, g + i, v, 'value')))
      .filter((c) => c.col !== 7);
    const doc: OcrDocument = {
      pages: [],
      blocks: [
        {
          kind: 'lines',
          page: 1,
          y: 0,
          lines: [
            {
              text: '四、政府信息公开行政复议、行政诉讼情况',
              box: { x: 0, y: 0, w: 1, h: 1 },
              confidence: 95,
            },
          ],
        },
        { kind: 'table', page: 1, y: 10, table: appealsTable(1, values) },
      ],
    };
    const h = toHtml(doc);
    const { record, causes } = explainOcr(extractText(h.html, { year: 2020 }), h);
    expect(record).toEqual(applyOcr(extractText(h.html, { year: 2020 }), h));
    expect(record.findings.some((x) => x.code === 'table.short_row' && x.table === 'appeals')).toBe(true);
    expect(causes.get('appeals/cases/suit_direct_corrected')).toBe('row');
    // The other tables are not in the document at all.
    expect(causes.get('requests/new_received/total')).toBe('table');
    const appeals = record.cells.filter((c) => c.table === 'appeals');
    expect(appeals.length).toBe(15);
    const flagged = record.findings.filter((x) => x.code === 'ocr.low_confidence' && x.table === 'appeals');
    for (const c of appeals) {
      expect(c.value).toBeNull();
      const f = flagged.find((x) => x.row === c.row && x.col === c.col);
      expect(f?.message).toContain('14 values for 15 columns');
    }
  });

  it('a table continued on the next page is one table, its rows numbered on', () => {
    const t1: OcrTable = {
      page: 1,
      box: { x: 0, y: 0, w: 200, h: 80 },
      rows: 2,
      cols: 2,
      cells: [
        cell(0, 0, 'a', 'text'),
        cell(0, 1, '1', 'value'),
        cell(1, 0, 'b', 'text'),
        cell(1, 1, '2', 'value'),
      ],
    };
    const t2: OcrTable = {
      page: 2,
      box: { x: 0, y: 0, w: 200, h: 40 },
      rows: 1,
      cols: 2,
      cells: [cell(0, 0, 'c', 'text', { page: 2 }), cell(0, 1, '3', 'value', { page: 2 })],
    };
    const h = toHtml({
      pages: [],
      blocks: [
        { kind: 'table', page: 1, y: 0, table: t1 },
        {
          kind: 'lines',
          page: 1,
          y: 900,
          lines: [{ text: '- 1 -', box: { x: 0, y: 0, w: 1, h: 1 }, confidence: 90 }],
        },
        { kind: 'table', page: 2, y: 0, table: t2 },
      ],
    });
    expect(h.html.match(/<table>/g)).toHaveLength(1);
    expect(cellAt(h, 0, 2, 1)).toMatchObject({ text: '3', page: 2 });
  });
});
