/**
 * Ruled PDF tables: rulings (pdf-rules.ts) → grid cells (pdf-grid.ts) → html-grid lines
 * (pdf-layout.ts pageToLines), on hand-placed rules and text items.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { PdfTextItem } from '../../../extractors/documents/pdf-layout.ts';
import { pageToLines } from '../../../extractors/documents/pdf-layout.ts';
import { type OpCodes, type PageRules, pageRules } from '../../../extractors/documents/pdf-rules.ts';
import { CELL_SEP, ROW_MARK, SPAN_MARK } from '../../../extractors/tokenize/html-grid.ts';

const at = (str: string, x: number, y: number, size = 10): PdfTextItem => ({
  str,
  x,
  y,
  width: [...str].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x7f ? 0.5 : 1) * size, 0),
  height: size,
});

/** Rules of a table: full horizontal lines at `ys`, vertical ones at `xs`, minus `gaps` (merged cells). */
function table(
  xs: number[],
  ys: number[],
  gaps: { v?: [number, number, number][]; h?: [number, number, number][] } = {},
): PageRules {
  const top = Math.max(...ys);
  const bottom = Math.min(...ys);
  const rules: PageRules = { h: [], v: [] };
  for (const y of ys) rules.h.push({ at: y, a: xs[0]!, b: xs.at(-1)! });
  for (const x of xs) rules.v.push({ at: x, a: bottom, b: top });
  // A gap: the rule at `at` is missing between a and b (split into the two pieces around it).
  const cut = (list: PageRules['h'], [pos, a, b]: [number, number, number]) => {
    const i = list.findIndex((r) => r.at === pos && r.a <= a && r.b >= b);
    const r = list[i]!;
    list.splice(i, 1, { at: pos, a: r.a, b: a }, { at: pos, a: b, b: r.b });
  };
  for (const g of gaps.v ?? []) cut(rules.v, g);
  for (const g of gaps.h ?? []) cut(rules.h, g);
  return rules;
}

const cells = (line: string) => line.slice(line.indexOf(ROW_MARK, 1) + 1).split(CELL_SEP);
const gridRows = (lines: string[]) => lines.filter((l) => l.startsWith(ROW_MARK)).map(cells);

describe('pageToLines on ruled tables', () => {
  // Columns: group 50–80, label 80–130, two values 130–160–190. Rows 700–680–640–620.
  // The group cell spans the three rows (no horizontal rule at 680/640 between 50 and 80).
  const rules = table([50, 80, 130, 160, 190], [700, 680, 640, 620], {
    h: [
      [680, 50, 80],
      [640, 50, 80],
    ],
  });

  it('puts a wrapped label and a vertically centred group label in their own cells', () => {
    const items = [
      at('三、', 52, 668),
      at('本年', 52, 656),
      at('1.申请人', 82, 688),
      at('3', 143, 688),
      at('4', 173, 688),
      // A label wrapped over three lines in the narrow label cell, numbers centred beside it.
      at('2.申请人逾', 82, 668),
      at('期未按收费', 82, 657),
      at('通知要求', 82, 646),
      at('12', 140, 657),
      at('0', 173, 657),
      at('3.其他', 82, 626),
      at('5', 143, 626),
      at('6', 173, 626),
    ];
    const { lines, tables } = pageToLines(items, rules, 7);
    expect(tables).toBe(1);
    expect(lines.every((l) => l.startsWith(`${ROW_MARK}7${ROW_MARK}`))).toBe(true);
    expect(gridRows(lines)).toEqual([
      ['三、本年', '1.申请人', '3', '4'],
      [SPAN_MARK, '2.申请人逾期未按收费通知要求', '12', '0'],
      [SPAN_MARK, '3.其他', '5', '6'],
    ]);
  });

  it('keeps a blank cell as an empty cell and text around the table in order', () => {
    const items = [
      at('二、主动公开政府信息情况', 50, 720),
      at('三、', 52, 662),
      at('1.申请人', 82, 688),
      at('4', 173, 688),
      at('2.其他', 82, 657),
      at('12', 140, 657),
      at('0', 173, 657),
      at('3.其他', 82, 626),
      at('5', 143, 626),
      at('6', 173, 626),
      at('三、收到和处理政府信息公开申请情况', 50, 600),
    ];
    const { lines } = pageToLines(items, rules, 0);
    expect(lines[0]).toBe('二、主动公开政府信息情况');
    expect(cells(lines[1]!)).toEqual(['三、', '1.申请人', '', '4']);
    expect(lines.at(-1)).toBe('三、收到和处理政府信息公开申请情况');
  });

  it('never cuts a number wider than its cell: it runs over the border and stays whole', () => {
    const narrow = table([50, 100, 120, 140], [700, 680]);
    // `15402` starts in the last column (120–140) and runs past the table's right edge.
    const { lines } = pageToLines([at('总计', 52, 686), at('3', 108, 686), at('15402', 122, 686)], narrow, 0);
    expect(gridRows(lines)).toEqual([['总计', '3', '15402']]);
  });

  it('joins a full-width number the cell width broke, but refuses cells stacking several rows', () => {
    // `３９` broken after its first digit in a 14 pt-wide cell: one number.
    const narrow = table([50, 100, 114, 128], [700, 670]);
    const broken = pageToLines(
      [at('规章', 52, 682), at('３', 102, 688), at('９', 102, 676), at('5', 116, 682)],
      narrow,
      0,
    );
    expect(gridRows(broken.lines)).toEqual([['规章', '３９', '5']]);
    // Two rows with no rule between them: every value cell holds two short numbers.
    const wide = table([50, 100, 150, 200], [700, 660]);
    const stacked = pageToLines(
      [
        at('规章', 52, 688),
        at('1', 120, 688),
        at('2', 170, 688),
        at('规范性文件', 52, 672),
        at('3', 120, 672),
        at('4', 170, 672),
      ],
      wide,
      0,
    );
    expect(stacked.tables).toBe(0);
    expect(stacked.lines).toEqual(['规章 | 1 | 2', '规范性文件 | 3 | 4']);
  });

  it('reads a cell going on from the page before (no rule above it) as a span, not a blank', () => {
    // The table's top edge has a rule only over the value columns: the first column's cell is
    // the rest of a rowspan sliced by the page break.
    const rules2 = table([50, 80, 130, 160], [700, 680]);
    rules2.h = rules2.h.filter((r) => r.at !== 700);
    rules2.h.push({ at: 700, a: 80, b: 160 });
    const { lines } = pageToLines([at('3.其他', 82, 686), at('5', 143, 686)], rules2, 0);
    expect(gridRows(lines)).toEqual([[SPAN_MARK, '3.其他', '5']]);
  });

  it('a row a page break cuts: empty cells on either side of the break are spans, so the label halves join', () => {
    // Bottom of a page: the last row has no rule below it; its values are on the next page.
    const bottom = table([50, 130, 160], [700, 680, 650]);
    bottom.h = bottom.h.filter((r) => r.at !== 650);
    const end = pageToLines(
      [at('规章', 52, 686), at('3', 143, 686), at('（二）部分公开（区分', 52, 660)],
      bottom,
      0,
    );
    expect(gridRows(end.lines)).toEqual([
      ['规章', '3'],
      ['（二）部分公开（区分', SPAN_MARK],
    ]);
  });

  it('a frame around text, or a page with no rules, is no table', () => {
    const frame = table([40, 560], [800, 40]);
    const items = [at('行政许可 12', 50, 700), at('第二行文字。', 50, 680)];
    expect(pageToLines(items, frame, 0)).toEqual({ lines: ['行政许可 12', '第二行文字。'], tables: 0 });
    expect(pageToLines(items, { h: [], v: [] }, 0).tables).toBe(0);
  });

  it('prints a ruled metadata block as label<TAB>value lines, never a report table', () => {
    const meta = table([50, 100, 200, 250, 350], [700, 680, 660]);
    const items = [
      at('索引号：', 52, 686),
      at('K1/2023-1', 102, 686),
      at('发布机构：', 202, 686),
      at('审计局', 252, 686),
      at('发布日期：', 52, 666),
      at('2023-01-18', 102, 666),
    ];
    const { lines, tables } = pageToLines(items, meta, 0);
    expect(tables).toBe(0);
    expect(lines).toEqual(['索引号：\tK1/2023-1\t发布机构：\t审计局', '发布日期：\t2023-01-18']);
  });
});

describe('pageRules', () => {
  const ops = OPS as unknown as OpCodes;
  const rect = (x: number, y: number, w: number, h: number) =>
    new Float32Array([0, x, y, 1, x + w, y, 1, x + w, y + h, 1, x, y + h, 4]);

  it('reads thin filled bars (Chromium) and stroked lines and rectangles, in page space', () => {
    const fn = [
      OPS.transform,
      OPS.constructPath,
      OPS.constructPath,
      OPS.save,
      OPS.transform,
      OPS.constructPath,
      OPS.restore,
      OPS.constructPath,
    ];
    const args = [
      [1, 0, 0, -1, 0, 800], // flip, as Chromium's pages start
      [OPS.fill, [rect(10, 100, 200, 1)], null], // a horizontal bar at y = 800 - 100.5
      [OPS.fill, [rect(10, 100, 50, 40)], null], // a shaded cell: no rule
      null,
      [1, 0, 0, 1, 5, 0],
      [OPS.stroke, [new Float32Array([0, 20, 100, 1, 20, 300])], null], // a vertical line at x = 25
      null,
      [OPS.stroke, [rect(300, 100, 100, 50)], null], // a stroked cell: four rules
    ];
    const rules = pageRules(fn, args, ops);
    expect(rules.h.map((r) => [r.at, r.a, r.b])).toEqual([
      [699.5, 10, 210],
      [700, 300, 400],
      [650, 300, 400],
    ]);
    expect(rules.v.map((r) => [r.at, r.a, r.b])).toEqual([
      [25, 500, 700],
      [400, 650, 700],
      [300, 650, 700],
    ]);
  });

  it('ignores white paint (paper, not ink) and curves', () => {
    const fn = [OPS.setFillRGBColor, OPS.constructPath, OPS.setStrokeRGBColor, OPS.constructPath];
    const args = [
      ['#ffffff'],
      [OPS.fill, [rect(10, 100, 200, 1)], null],
      ['#000000'],
      [OPS.stroke, [new Float32Array([0, 0, 0, 2, 10, 10, 20, 10, 30, 0])], null],
    ];
    expect(pageRules(fn, args, ops)).toEqual({ h: [], v: [] });
  });
});
