/** Label matching with the noise real reports carry, and the row/value rules of table.ts. */
import { describe, expect, it } from 'vitest';
import { labelKey } from '../../../extractors/labels.ts';
import { assemble, fitValues, matchPiece, matchRows, type Piece } from '../../../extractors/match.ts';
import { readTable } from '../../../extractors/table.ts';
import {
  active2019,
  active2021,
  appeals2019,
  requests2019,
  requests2021,
} from '../../../extractors/templates/index.ts';
import type { TokCell, TokTable } from '../../../extractors/tokenize/types.ts';

const cell = (text: string, col = 0): TokCell => ({ text, row: 0, col });
const piece = (labels: string[], values: string[] = ['0']): Piece => ({
  labels: labels.map((l) => cell(l)),
  values: values.map((v, i) => cell(v, i + 1)),
});
const grid = (rows: string[][]): TokTable => ({
  shape: 'pipe-rows',
  tableIndex: null,
  rows: rows.map((r, i) => r.map((text, col) => ({ text, row: i, col }))),
});

describe('labelKey', () => {
  it('drops numbering, spaces and punctuation', () => {
    expect(labelKey('规    章')).toBe('规章');
    expect(labelKey('（三）不予公开')).toBe('不予公开');
    expect(labelKey('3.危及“三安全一稳定”')).toBe('危及三安全一稳定');
    expect(labelKey('四、结转下年度继续办理')).toBe('结转下年度继续办理');
    expect(labelKey('(二)部分公开(区分处理的,只计这一情形,不计其他情形)')).toBe(
      labelKey('（二）部分公开（区分处理的，只计这一情形，不计其他情形）'),
    );
  });
});

describe('matchPiece', () => {
  it.each([
    [['规    章'], 'regulations'],
    [['规章（市政府令）'], 'regulations'],
    [['规章', '（市政府令）'], 'regulations'],
    [['规范性文件（有规范性文件登记号）'], 'normative_docs'],
    [['信息内容', '本年新制作数量', '行政许可'], 'licensing'],
  ])('active 2019 %j → %s', (labels, key) => {
    expect(matchPiece(piece(labels), active2019)?.key).toBe(key);
  });

  it('2021 active accepts 规范性文件 for 行政规范性文件', () => {
    expect(matchPiece(piece(['规范性文件']), active2021)?.key).toBe('normative_docs');
  });

  it.each([
    [['三、本年度办理结果', '（一）予以公开'], 'granted'],
    [['（二）部分公开'], 'partially_granted'],
    [['（三）不予公开', '1.属于国家秘密'], 'denied_state_secret'],
    [['（三）不予公开1.属于国家秘密'], 'denied_state_secret'],
    [['（三）不予公开'], 'denied_subtotal'],
    [['（四）无法提供', '1.本机关不掌握相关政府信息'], 'unable_not_held'],
    [['（七）总计'], 'handled_total'],
    [
      ['自然人', '法人或其他组织', '总计', '商业企业', '其他', '一、本年新收政府信息公开申请数量'],
      'new_received',
    ],
    [['四、结转下年度继续办理'], 'carried_forward'],
    [['（六）其他处理'], 'other'],
  ])('requests 2019 %j → %s', (labels, key) => {
    expect(matchPiece(piece(labels), requests2019)?.key).toBe(key);
  });

  it('a subtotal is its group label alone: glued to an item label it is no row (never the subtotal)', () => {
    expect(matchPiece(piece(['（六）其他处理', '取信息1.申请人无正当理']), requests2021)).toBeNull();
    expect(matchPiece(piece(['（六）其他处理', '再处理其政府信息公开申请']), requests2021)).toBeNull();
    expect(matchPiece(piece(['（三）不予公开小计']), requests2021)?.key).toBe('denied_subtotal');
    expect(matchPiece(piece(['三、本年度办理结果', '（五）不予处理']), requests2021)?.key).toBe(
      'ignored_subtotal',
    );
  });

  it('requests 2021: （六）其他处理 is a subtotal, 3.其他 the misc row', () => {
    expect(matchPiece(piece(['（六）其他处理']), requests2021)?.key).toBe('other_subtotal');
    expect(matchPiece(piece(['3.其他']), requests2021)?.key).toBe('other_misc');
    expect(
      matchPiece(
        piece(['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请']),
        requests2021,
      )?.key,
    ).toBe('other_unpaid_fee');
  });

  it('header and prose labels match nothing', () => {
    expect(
      matchPiece(
        piece(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况']),
        requests2019,
      ),
    ).toBeNull();
    expect(matchPiece(piece(['第二十条第（一）项']), active2019)).toBeNull();
  });
});

describe('assemble + matchRows', () => {
  it('a header cell 总计 does not steal the （七）总计 row: the filled row wins', () => {
    const t = grid([
      ['自然人', '法人或其他组织', '总计', '', '', ''],
      ['（七）总计', '2', '0', '0', '0', '0', '0', '2'],
    ]);
    const rows = matchRows(assemble(t), requests2019);
    expect(rows.get('handled_total')?.values.map((v) => v.text)).toEqual(['2', '0', '0', '0', '0', '0', '2']);
  });

  it('a label after values starts a new row; a grid row end closes a row with values', () => {
    const t: TokTable = {
      shape: 'pipe-cells',
      tableIndex: null,
      rows: [
        ['规章', '0', '1', '2', '规范性文件', '3', '4', '5'].map((text, i) => ({ text, row: i, col: 0 })),
      ],
    };
    const rows = matchRows(assemble(t), active2019);
    expect(rows.get('regulations')?.values.map((v) => v.text)).toEqual(['0', '1', '2']);
    expect(rows.get('normative_docs')?.values.map((v) => v.text)).toEqual(['3', '4', '5']);
  });

  it('fitValues drops layout blanks at either end only beyond the column count', () => {
    const vals = ['', '1', '2', ''].map((t) => cell(t));
    expect(fitValues(vals, 2).map((v) => v.text)).toEqual(['1', '2']);
    expect(fitValues(vals, 4).map((v) => v.text)).toEqual(['', '1', '2', '']);
  });
});

describe('readTable', () => {
  it('a short row: error finding, every cell of the row null with raw "" (nothing shifted)', () => {
    const t = grid([['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '7']]);
    const r = readTable('appeals', appeals2019, assemble(t), 2, '');
    expect(r.findings.map((f) => f.code)).toEqual(['table.short_row']);
    expect(r.cells).toHaveLength(15);
    expect(r.cells.every((c) => c.value === null && c.raw === '')).toBe(true);
  });

  it('a missing row: table.missing for that row, its cells present and null', () => {
    const t = grid([['规章', '0', '0', '0']]);
    const r = readTable('active', active2019, assemble(t), 0, '');
    expect(r.rowsFound).toBe(1);
    const missing = r.findings.filter((f) => f.code === 'table.missing').map((f) => f.row);
    expect(missing).toEqual([
      'normative_docs',
      'licensing',
      'other_services',
      'penalty',
      'coercion',
      'fees',
      'procurement',
    ]);
    expect(r.cells.filter((c) => c.row === 'fees').map((c) => c.value)).toEqual([null, null]);
  });

  it('reads money with the header unit, flags unreadable and negative values, keeps the source position', () => {
    const t = grid([
      ['行政处罚', '约30', '-2', '-1'],
      ['政府集中采购', '3', '12.5'],
    ]);
    const r = readTable('active', active2019, assemble(t), 0, '采购总金额（万元）');
    const get = (row: string, col: string) => r.cells.find((c) => c.row === row && c.col === col)!;
    expect(get('procurement', 'amount_yuan').value).toBe(125000);
    expect(get('penalty', 'change').value).toBe(-2);
    expect(get('penalty', 'prev_count').value).toBeNull();
    expect(get('penalty', 'decisions').source).toEqual({ table_index: 0, row: 0, col: 3 });
    const found = r.findings.filter((f) => f.code.startsWith('value.')).map((f) => `${f.code}:${f.col}`);
    expect(found).toEqual(['value.unreadable:prev_count', 'value.negative:decisions']);
  });
});

describe('headerUnit', () => {
  it('reads the unit from the header cell only', async () => {
    const { headerUnit } = await import('../../../extractors/table.ts');
    const col = active2019.columns.amount_yuan!;
    expect(headerUnit('采购项目数量 | 采购总金额（万元） |\n政府集中采购 | 3 | 12', col)).toBe('wan');
    expect(headerUnit('采购项目数量 | 采购总金额 |\n政府集中采购 | 3 | 12万元', col)).toBe('yuan');
    expect(headerUnit('无表头', active2021.columns.amount_yuan!)).toBe('wan');
  });
});
