/**
 * Each tokenizer on a fixture of its shape (fixtures/): the shape is detected from the lines,
 * and the two requests rows come out with the same values in column order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../extractors/html-text.ts';
import { assemble, fitValues, matchRows } from '../../../extractors/match.ts';
import { normaliseText } from '../../../extractors/normalise.ts';
import { requests2019 } from '../../../extractors/templates/index.ts';
import { brackets } from '../../../extractors/tokenize/brackets.ts';
import { detectShape, tokenize } from '../../../extractors/tokenize/index.ts';
import { pipeCells } from '../../../extractors/tokenize/pipe-cells.ts';
import { splitPipes } from '../../../extractors/tokenize/pipe-rows.ts';
import { splitSpaceRow } from '../../../extractors/tokenize/space-rows.ts';
import { tabCells } from '../../../extractors/tokenize/tab-cells.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const linesOf = (name: string) => {
  const raw = fixture(name);
  return normaliseText(name.endsWith('.html') ? htmlToText(raw) : raw).split('\n');
};

const NEW = ['5', '1', '0', '0', '0', '0', '6'];
const cases = [
  ['pipe-rows.txt', 'pipe-rows', ''],
  ['markdown.md', 'markdown', ''],
  ['pipe-cells.txt', 'pipe-cells', ''],
  ['brackets.txt', 'brackets', ''],
  ['tab-cells.txt', 'tab-cells', ''],
  ['tsv-rows.txt', 'tsv-rows', ''],
  ['space-rows.txt', 'space-rows', '—'],
  ['table.html', 'html', ''],
] as const;

describe.each(cases)('%s', (file, shape, blank) => {
  const lines = linesOf(file);
  it(`is detected as ${shape}`, () => {
    expect(detectShape(lines)).toBe(shape);
  });
  it('yields both rows with their values in column order', () => {
    const rows = matchRows(assemble(tokenize(lines)), requests2019);
    const values = (key: string) => fitValues(rows.get(key)?.values ?? [], 7).map((c) => c.text);
    expect(values('new_received')).toEqual(NEW);
    expect(values('carried_over')).toEqual(['1', blank, '0', '0', '0', '0', '1']);
  });
});

describe('tokenizer details', () => {
  it('pipe rows: the piece after a trailing pipe is no cell, a leading pipe is dropped', () => {
    expect(splitPipes('规章 | 0 | | 1 |', 0).map((c) => c.text)).toEqual(['规章', '0', '', '1']);
    expect(splitPipes('| a | b |', 0).map((c) => c.text)).toEqual(['a', 'b']);
  });

  it('pipe cells: `|||` runs are span positions, ` |` is a blank cell', () => {
    const t = pipeCells(['规章 |', '|||', '0 |', ' |', '||']);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.map((c) => c.text)).toEqual(['规章', '0', '']);
  });

  it('tab cells: an untabbed line continues the cell above; blank lines end rows; a bare tab is a blank cell', () => {
    const t = tabCells(['\t规章', '（市政府令）', '\t0', '\t', '', '\t规范性文件', '\t1']);
    expect(t.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['规章（市政府令）', '0', ''],
      ['规范性文件', '1'],
    ]);
  });

  it('brackets: both bracket styles, empty brackets are blank cells', () => {
    expect(
      brackets(['[规章][0][][3]', '【行政许可】【16】【0】【15213】']).rows.map((r) => r.map((c) => c.text)),
    ).toEqual([
      ['规章', '0', '', '3'],
      ['行政许可', '16', '0', '15213'],
    ]);
  });

  it('space rows: label words are joined, a detached unit stays with its number', () => {
    expect(splitSpaceRow('规 章 0 2 2', 0).map((c) => c.text)).toEqual(['规章', '0', '2', '2']);
    expect(splitSpaceRow('政府集中采购 28 1007.25 万元', 0).map((c) => c.text)).toEqual([
      '政府集中采购',
      '28',
      '1007.25万元',
    ]);
    expect(splitSpaceRow('四、结转下年度继续办理,0,0,1', 0).map((c) => c.text)).toEqual([
      '四、结转下年度继续办理',
      '0',
      '0',
      '1',
    ]);
  });

  it('html: rowspan/colspan positions are marked as spans, not blank values', () => {
    const t = tokenize(linesOf('table.html'));
    expect(t.shape).toBe('html');
    expect(t.tableIndex).toBe(0);
    const row2 = t.rows[2]!;
    expect(row2[0]!.text).toBe('一、本年新收政府信息 公开申请数量');
    expect(row2[1]!.span).toBe(true);
    expect(t.rows[1]![0]!.span).toBe(true);
  });
});

describe('PDF text streams', () => {
  it('one value per line, and an appeals row wrapped over two lines, still make whole rows', async () => {
    const { active2019 } = await import('../../../extractors/templates/index.ts');
    const { appealsPiece } = await import('../../../extractors/match.ts');
    const active = matchRows(
      assemble(tokenize(['规 章 0', '1', '2', '规范性文件 3 4 5'], 'space-rows')),
      active2019,
    );
    expect(active.get('regulations')?.values.map((v) => v.text)).toEqual(['0', '1', '2']);
    const appeals = appealsPiece(
      assemble(tokenize(['结 结 其 尚 总', '0 0 0 0 0 0 0 0', '1 0 0 0 0 0 0'], 'space-rows')),
      15,
    );
    expect(appeals?.values.map((v) => v.text)).toHaveLength(15);
  });
});
