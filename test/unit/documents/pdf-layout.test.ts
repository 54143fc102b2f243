import { describe, expect, it } from 'vitest';
import { itemsToLines, type PdfTextItem } from '../../../extractors/documents/index.ts';

/** An item of `size`-point text at (x, y); width as a full-width font would give it. */
const at = (str: string, x: number, y: number, size = 10): PdfTextItem => ({
  str,
  x,
  y,
  width: [...str].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x7f ? 0.5 : 1) * size, 0),
  height: size,
});

describe('itemsToLines', () => {
  it('orders lines top to bottom and cells left to right, whatever the item order', () => {
    const items = [
      at('109', 300, 700),
      at('行政许可', 50, 700),
      at('0', 200, 700),
      at('标题', 50, 740),
      at('12', 150, 700),
    ];
    expect(itemsToLines(items)).toEqual(['标题', '行政许可 | 12 | 0 | 109']);
  });

  it('joins runs without a gap, spaces small gaps, and separates cells at wide gaps', () => {
    const items = [
      at('政府信息', 50, 700),
      at('公开', 90, 700),
      at('annual', 200, 700),
      at('report', 232, 700),
      at('5', 400, 700),
    ];
    expect(itemsToLines(items)).toEqual(['政府信息公开 | annual report | 5']);
  });

  it('keeps prose lines apart and whole', () => {
    const items = [
      at('第一行文字，很长的一段说明。', 50, 700),
      at('第二行文字。', 50, 684),
      at('第三行。', 50, 668),
    ];
    expect(itemsToLines(items)).toEqual(['第一行文字，很长的一段说明。', '第二行文字。', '第三行。']);
  });

  it('tolerates baselines a little off (mixed fonts in one row)', () => {
    expect(itemsToLines([at('规章', 50, 700), at('3', 150, 701.5), at('4', 200, 698.8)])).toEqual([
      '规章 | 3 | 4',
    ]);
  });

  it('reassembles a label wrapped over two lines with the numbers centred between them', () => {
    // Row box 700..670: label lines at 694 and 682, numbers centred at 688.
    const items = [
      at('（二）部分公开（区分处理的，', 50, 694),
      at('只计这一情形）', 50, 682),
      at('3', 250, 688),
      at('0', 300, 688),
      at('1.属于国家秘密', 50, 660),
      at('7', 250, 660),
      at('8', 300, 660),
    ];
    expect(itemsToLines(items)).toEqual([
      '（二）部分公开（区分处理的，只计这一情形） | 3 | 0',
      '1.属于国家秘密 | 7 | 8',
    ]);
  });

  it('reassembles a top-aligned wrapped label whose second line stands alone', () => {
    const items = [
      at('二、上年结转', 50, 700),
      at('1', 250, 700),
      at('2', 300, 700),
      at('政府信息公开申请数量', 50, 688),
      at('三、本年', 50, 670),
      at('4', 250, 670),
      at('5', 300, 670),
    ];
    expect(itemsToLines(items)).toEqual(['二、上年结转政府信息公开申请数量 | 1 | 2', '三、本年 | 4 | 5']);
  });

  it('never glues a row of numbers (a row with blank cells) onto its neighbour', () => {
    const items = [
      at('行政许可', 50, 700),
      at('1', 150, 700),
      at('2', 200, 700),
      at('3', 250, 700),
      at('4', 150, 688),
      at('5', 250, 688),
    ];
    expect(itemsToLines(items)).toEqual(['行政许可 | 1 | 2 | 3', '4 |  | 5']);
  });

  it('does not glue a heading above a table to the first column', () => {
    const items = [
      at('二、主动公开政府信息情况', 50, 720),
      at('规章', 50, 700),
      at('0', 250, 700),
      at('1', 300, 700),
    ];
    expect(itemsToLines(items)).toEqual(['二、主动公开政府信息情况', '规章 | 0 | 1']);
  });

  it('ignores whitespace-only items and returns nothing for an empty page', () => {
    expect(itemsToLines([])).toEqual([]);
    expect(itemsToLines([at(' ', 10, 10), at('', 20, 10)])).toEqual([]);
  });
});

describe('itemsToLines: blank cells', () => {
  const row = (y: number, label: string | null, vals: (string | null)[], xs = [150, 200, 250]) => [
    ...(label === null ? [] : [at(label, 50, y)]),
    ...vals.flatMap((v, i) => (v === null ? [] : [at(v, xs[i]!, y)])),
  ];

  it('inserts blanks where a neighbouring row has values in the same columns', () => {
    const items = [
      ...row(700, '规章', ['1', '2', '3']),
      ...row(680, '规范性文件', [null, '5', null]),
      ...row(660, '行政许可', ['7', null, '9']),
    ];
    expect(itemsToLines(items)).toEqual([
      '规章 | 1 | 2 | 3',
      '规范性文件 |  | 5 |  |',
      '行政许可 | 7 |  | 9',
    ]);
  });

  it('lines values up by centre when they are centred, whatever their widths', () => {
    const centred = (y: number, label: string, vals: (string | null)[]) =>
      row(y, label, vals).map((it) => (it.x === 50 ? it : { ...it, x: it.x - it.width / 2 }));
    const items = [
      ...centred(700, '行政许可', ['1', '1000', '25']),
      ...centred(680, '行政处罚', [null, '3', '12345']),
    ];
    expect(itemsToLines(items)).toEqual(['行政许可 | 1 | 1000 | 25', '行政处罚 |  | 3 | 12345']);
  });

  it('a row without labels takes its columns from the header above and keeps a leading blank', () => {
    const heads = ['维持', '纠正', '总计'].map((h, i) => at(h, [150, 200, 250][i]! - 5, 720));
    const items = [...heads, ...row(700, null, [null, '2', '2'])];
    expect(itemsToLines(items)).toEqual(['维持 | 纠正 | 总计', '|  | 2 | 2']);
  });

  it('does not take columns across a header row (one value spanning several columns stays one cell)', () => {
    const items = [
      ...row(720, '规章', ['1', '2', '3']),
      at('信息内容', 50, 700),
      at('本年处理决定数量', 170, 700),
      ...row(680, '行政许可', [null, '107', null]),
    ];
    expect(itemsToLines(items)).toEqual([
      '规章 | 1 | 2 | 3',
      '信息内容 | 本年处理决定数量',
      '行政许可 | 107',
    ]);
  });

  it('takes columns from the header of its own block, skipping the label column header', () => {
    // 2019 行政事业性收费: its own header row, then one row whose first value is blank.
    const items = [
      at('信息内容', 80, 720),
      at('上一年项目数量', 150, 720),
      at('本年增/减', 250, 720),
      at('行政事业性收费', 50, 700),
      at('增291', 255, 700),
      at('第二十条第（九）项', 200, 680),
    ];
    expect(itemsToLines(items)).toEqual([
      '信息内容 | 上一年项目数量 | 本年增/减',
      '行政事业性收费 |  | 增291',
      '第二十条第（九）项',
    ]);
  });

  it('leaves a row alone when no neighbour explains its values', () => {
    const items = [...row(700, '规章', ['1', '2', '3']), ...row(680, '规范性文件', ['4', '5'], [160, 230])];
    expect(itemsToLines(items)).toEqual(['规章 | 1 | 2 | 3', '规范性文件 | 4 | 5']);
  });
});
