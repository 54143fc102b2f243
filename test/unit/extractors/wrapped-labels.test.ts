/**
 * PDF layout text whose labels wrap inside narrow cells, centred on their values line
 * (`1.属于国` / `3 9 0 9 9 6 36` / `家秘密`), group labels wrapped across their rows and sharing
 * lines with item fragments: the rows are reassembled against the template (unwrap.ts), and
 * where two readings fit equally the rows are null with table.ambiguous_row, never guessed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';

const dir = join(import.meta.dirname, 'fixtures', 'wrapped');

describe('labels wrapped around their values line', () => {
  it('a Word-style 2021 report as pdftotext -layout prints it: every cell right', () => {
    const r = extractText(readFileSync(join(dir, 'word-2021-layout.txt'), 'utf8'));
    const truth: Record<string, number> = JSON.parse(
      readFileSync(join(dir, 'word-2021-layout.truth.json'), 'utf8'),
    );
    const got = new Map(r.cells.map((c) => [`${c.table}|${c.row}|${c.col}`, c.value]));
    const wrong = Object.entries(truth).filter(([k, v]) => got.get(k) !== null && got.get(k) !== v);
    const missing = Object.keys(truth).filter((k) => got.get(k) === null || got.get(k) === undefined);
    expect(wrong).toEqual([]);
    expect(missing).toEqual([]);
    expect(r.templates).toEqual({ active: '2021', requests: '2021', appeals: '2021' });
    expect(r.findings.filter((f) => f.code.startsWith('table.'))).toEqual([]);
  });

  const doc = (active: string[]) =>
    [
      '某某局2022年政府信息公开工作年度报告',
      '一、总体情况',
      '本年度依法公开。',
      '二、主动公开政府信息情况',
      '第二十条第（一）项',
      '信息内容    本年制发件数   本年废止件数   现行有效件数',
      ...active,
      '第二十条第（五）项',
      '信息内容     本年处理决定数量',
      '行政许可          16',
      '三、收到和处理政府信息公开申请情况',
      '五、存在的主要问题及改进情况',
      '无。',
    ].join('\n');
  const cell = (r: ReturnType<typeof extractText>, row: string, col: string) =>
    r.cells.find((c) => c.table === 'active' && c.row === row && c.col === col)?.value;

  it('fragments above and below the values line make one label', () => {
    const r = extractText(doc(['  规章      1    0    4', '行政规范', '          6    2   31', ' 性文件']));
    expect(cell(r, 'regulations', 'in_force')).toBe(4);
    expect([cell(r, 'normative_docs', 'issued'), cell(r, 'normative_docs', 'in_force')]).toEqual([6, 31]);
    expect(cell(r, 'licensing', 'decisions')).toBe(16);
  });

  it('a label that fits two values lines equally well is ambiguous: null with a finding, no guess', () => {
    // `行政规范性文件` could be the label below the first values line or above the second one; the
    // other line then has no label. Either reading scores the same: neither may be taken.
    const r = extractText(doc(['          1    0    4', '行政规范性文件', '          6    2   31']));
    expect(cell(r, 'normative_docs', 'issued')).toBeNull();
    expect(cell(r, 'regulations', 'issued')).toBeNull();
    const codes = r.findings.filter((f) => f.table === 'active').map((f) => `${f.code} ${f.row}`);
    expect(codes).toContain('table.ambiguous_row normative_docs');
    expect(cell(r, 'licensing', 'decisions')).toBe(16);
  });
});
