/**
 * Comma-separated table rows (input-formats.md: `规章,0,0,0`, `行政许可，16，0，15213`): detection,
 * splitting (blanks, headers, span runs, labels with commas, prose), thousands separators, and
 * seed 001 re-printed with commas extracting to the same cells as its pipe original.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { assemble, matchRows } from '../../../extractors/match.ts';
import type { Cell } from '../../../extractors/record.ts';
import { active2019, requests2019 } from '../../../extractors/templates/index.ts';
import { commaRows, isCommaRow, splitFields } from '../../../extractors/tokenize/comma-rows.ts';
import { detectShape, tokenize } from '../../../extractors/tokenize/index.ts';

const texts = (lines: string[]) => commaRows(lines).rows.map((r) => r.map((c) => c.text));

/** A report skeleton around the given table lines (2019 templates). */
function doc(active: string[], requests: string[] = [], appeals: string[] = []): string {
  return [
    '某某局2020年政府信息公开工作年度报告',
    '一、总体情况',
    '2020年，本局认真贯彻落实《条例》，主动公开政府信息。',
    '二、主动公开政府信息情况',
    ...active,
    '三、收到和处理政府信息公开申请情况',
    ...requests,
    '四、政府信息公开行政复议、行政诉讼情况',
    ...appeals,
    '五、存在的主要问题及改进情况',
    '公开内容不够深入。',
    '六、其他需要报告的事项',
    '无',
  ].join('\n');
}
const ACTIVE_HEAD = ['第二十条第（五）项,,,', '信息内容,上一年项目数量,本年增/减,处理决定数量'];
const cell = (cells: Cell[], table: string, row: string, col: string) =>
  cells.find((c) => c.table === table && c.row === row && c.col === col);

describe('comma rows: detection', () => {
  it('ASCII and full-width comma rows are detected as comma-rows', () => {
    expect(detectShape([...ACTIVE_HEAD, '行政许可,16,0,15213', '其他对外管理服务事项,0,0,0'])).toBe(
      'comma-rows',
    );
    expect(detectShape(['信息内容，上一年项目数量，本年增/减，处理决定数量', '行政许可，16，0，15213'])).toBe(
      'comma-rows',
    );
  });

  it('prose with commas is not a row', () => {
    expect(isCommaRow('2020年，本局认真贯彻落实《条例》，主动公开政府信息43条，累计发布2816条。')).toBe(
      false,
    );
    expect(isCommaRow('一是加强培训,二是完善机制,三是强化监督')).toBe(false);
    expect(isCommaRow('注：本表数据统计截至2020年12月31日，单位为件，')).toBe(false);
    expect(isCommaRow('本机关认真贯彻落实条例要求，坚持以公开为常态、不公开为例外，')).toBe(false);
  });

  it('a space-separated PDF row whose number has a thousands comma stays space-rows', () => {
    expect(isCommaRow('行政许可 16 0 15,213')).toBe(false);
    expect(detectShape(['行政许可 16 0 15,213', '行政处罚 3 0 1,024'])).toBe('space-rows');
  });
});

describe('comma rows: splitting', () => {
  it('labels then values; blank fields `,,` are blank cells', () => {
    expect(texts(['规章,0,,3', '行政许可，16，，15213'])).toEqual([
      ['规章', '0', '', '3'],
      ['行政许可', '16', '', '15213'],
    ]);
  });

  it('header rows are split into their labels; a span run `,,,` leaves no cells', () => {
    expect(texts(['第二十条第（一）项,,,', '信息内容,本年新制作数量,本年新公开数量,对外公开总数量'])).toEqual(
      [
        ['第二十条第（一）项', '', '', ''],
        ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
      ],
    );
    expect(texts(['自然人，法人或其他组织，，，，，总计'])).toEqual([['自然人', '法人或其他组织', '总计']]);
  });

  it('a prose line stays one cell; commas inside brackets belong to the label', () => {
    const prose = '2020年，本局主动公开政府信息43条，累计发布2816条。';
    expect(texts([prose])).toEqual([[prose]]);
    expect(texts(['（二）部分公开（区分处理的,只计这一情形,不计其他情形）,0,1,0,0,0,0,1'])).toEqual([
      ['（二）部分公开（区分处理的,只计这一情形,不计其他情形）', '0', '1', '0', '0', '0', '0', '1'],
    ]);
  });

  it('numbering before the first comma stays with its label; a line of commas is a row of blanks', () => {
    expect(splitFields('1，属于国家秘密，0，0').map((f) => f.text)).toEqual(['1、属于国家秘密', '0', '0']);
    expect(texts([',,,,'])).toEqual([['', '', '', '', '']]);
  });

  it('rows map to template rows by label; the stream joins a row wrapped over two lines', () => {
    const rows = matchRows(
      assemble(
        tokenize([
          '一、本年新收政府信息公开申请数量,5,1,0,0',
          '0,0,6',
          '二、上年结转政府信息公开申请数量,1,,0,0,0,0,1',
        ]),
      ),
      requests2019,
    );
    expect(rows.get('new_received')?.values.map((v) => v.text)).toEqual(['5', '1', '0', '0', '0', '0', '6']);
    expect(rows.get('carried_over')?.values.map((v) => v.text)).toEqual(['1', '', '0', '0', '0', '0', '1']);
  });

  it('a row wrapped at a comma: the trailing comma is the wrap; span residue stays a droppable blank', () => {
    expect(texts(['一、本年新收政府信息公开申请数量,5,1,0,0,', '0,0,6', '政府集中采购,6,0,'])).toEqual([
      ['一、本年新收政府信息公开申请数量', '5', '1', '0', '0'],
      ['0', '0', '6'],
      ['政府集中采购', '6', '0', ''],
    ]);
    const rows = matchRows(
      assemble(tokenize(['一、本年新收政府信息公开申请数量,5,,0,0,', '0,0,6'])),
      requests2019,
    );
    expect(rows.get('new_received')?.values.map((v) => v.text)).toEqual(['5', '', '0', '0', '0', '0', '6']);
  });
});

describe('comma rows: thousands separators', () => {
  it('full-width separators: `15,213` is one number', () => {
    expect(texts(['行政许可，16，0，15,213'])).toEqual([['行政许可', '16', '0', '15,213']]);
    const r = extractText(
      doc([
        '第二十条第（五）项，，，',
        '信息内容，上一年项目数量，本年增/减，处理决定数量',
        '行政许可，16，0，15,213',
      ]),
    );
    expect(cell(r.cells, 'active', 'licensing', 'decisions')?.value).toBe(15213);
    expect(cell(r.cells, 'active', 'licensing', 'prev_count')?.value).toBe(16);
  });

  it('ASCII separators: regrouped when only one regrouping fits the template row', () => {
    const lines = [...ACTIVE_HEAD, '行政许可,16,0,15,213', '其他对外管理服务事项,1,024,0,3'];
    expect(texts(lines).slice(2)).toEqual([
      ['行政许可', '16', '0', '15,213'],
      ['其他对外管理服务事项', '1,024', '0', '3'],
    ]);
    const r = extractText(doc(lines));
    expect(cell(r.cells, 'active', 'licensing', 'decisions')?.value).toBe(15213);
    expect(cell(r.cells, 'active', 'other_services', 'prev_count')?.value).toBe(1024);
    // A row that fits literally is read literally: three values, no thousands.
    expect(texts([...ACTIVE_HEAD, '行政处罚,1,234,5']).slice(2)).toEqual([['行政处罚', '1', '234', '5']]);
  });

  it('ASCII separators, two regroupings fit: nothing is shifted, the row is reported', () => {
    // 1|234|567|8 → (1,234) 567 8 or 1 (234,567) 8: which is which is unknown.
    const lines = [...ACTIVE_HEAD, '行政许可,1,234,567,8', '其他对外管理服务事项,0,0,0'];
    expect(texts(lines)[2]).toEqual(['行政许可', '1', '234', '567', '8']);
    const r = extractText(doc(lines));
    for (const col of ['prev_count', 'change', 'decisions'])
      expect(cell(r.cells, 'active', 'licensing', col)).toMatchObject({ value: null, raw: '' });
    expect(r.findings.map((f) => `${f.code} ${f.row}`)).toContain('table.long_row licensing');
    expect(r.status).toBe('partial');
  });

  it('ASCII separators with a 2021 template row of one column: `15,213` is its one value', () => {
    const r = extractText(
      doc([
        '第二十条第（五）项,,',
        '信息内容,本年处理决定数量',
        '行政许可,15,213',
        '第二十条第（六）项,,',
        '行政处罚,7',
      ]).replace('2020年政府', '2022年政府'),
    );
    expect(r.templates.active).toBe('2021');
    expect(cell(r.cells, 'active', 'licensing', 'decisions')?.value).toBe(15213);
    expect(cell(r.cells, 'active', 'penalty', 'decisions')?.value).toBe(7);
  });

  it('the appeals row: 15 values, or 15 blanks', () => {
    const head = ['行政复议,行政诉讼', '结果维持,结果纠正,其他结果,尚未审结,总计'];
    const full = extractText(doc(ACTIVE_HEAD, [], [...head, '1,0,0,0,1,0,0,0,0,0,2,0,0,0,2']));
    expect(cell(full.cells, 'appeals', 'cases', 'review_total')?.value).toBe(1);
    expect(cell(full.cells, 'appeals', 'cases', 'suit_direct_total')?.value).toBe(0);
    expect(cell(full.cells, 'appeals', 'cases', 'suit_after_review_upheld')?.value).toBe(2);
    const blank = extractText(doc(ACTIVE_HEAD, [], [...head, ',,,,,,,,,,,,,,']));
    const appeals = blank.cells.filter((c) => c.table === 'appeals');
    expect(appeals).toHaveLength(15);
    expect(appeals.every((c) => c.value === null)).toBe(true);
    expect(blank.findings.filter((f) => f.table === 'appeals' && f.severity === 'error')).toEqual([]);
  });
});

describe('seed 001 printed with commas', () => {
  const seed = readFileSync(
    join(import.meta.dirname, '../../fixtures/seeds/001_32db68a7ed8774d3.txt'),
    'utf8',
  );
  /** Each pipe row → its cells joined by `sep`, trailing empty cells dropped (as a PDF prints them). */
  const withCommas = (sep: string) =>
    seed
      .split('\n')
      .map((l) => {
        if (!l.includes('|')) return l;
        const parts = l.split('|').map((p) => p.trim());
        while (parts.length && parts[parts.length - 1] === '') parts.pop();
        return parts.join(sep);
      })
      .join('\n');
  const original = extractText(seed);

  it.each([
    [',', 'ASCII'],
    ['，', 'full-width'],
  ])('%s (%s): same cells and status as the pipe original', (sep) => {
    const text = withCommas(sep);
    expect(text).not.toContain('|');
    const r = extractText(text);
    expect(original.status).toBe('ok');
    expect(r.status).toBe('ok');
    expect(r.templates).toEqual(original.templates);
    expect(r.cells.map((c) => [c.table, c.row, c.col, c.value])).toEqual(
      original.cells.map((c) => [c.table, c.row, c.col, c.value]),
    );
    expect(r.cells.filter((c) => c.value !== null)).toHaveLength(
      original.cells.filter((c) => c.value !== null).length,
    );
  });
});

describe('a space-rows table is not taken for comma rows', () => {
  it('active 2019 in space rows still reads', () => {
    const rows = matchRows(assemble(tokenize(['规章 0 1 2', '规范性文件 3 4 5'])), active2019);
    expect(rows.get('normative_docs')?.values.map((v) => v.text)).toEqual(['3', '4', '5']);
  });
});
