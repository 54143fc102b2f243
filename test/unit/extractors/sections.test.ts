import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHeadings, sectionRegions } from '../../../extractors/sections.ts';

const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
const seed = (prefix: string) => {
  const f = readdirSync(SEEDS).find((n) => n.startsWith(prefix)) as string;
  return readFileSync(join(SEEDS, f), 'utf8').split('\n');
};

describe('findHeadings', () => {
  it('finds all six sections whatever the numbering style', () => {
    const lines = [
      '标题',
      '1、 总体情况',
      'x',
      '二、主动公开政府信息情况',
      '3、 收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '（5）存在的主要问题及改进情况',
      '六、其他需要报告的事项',
      '无',
    ];
    expect(findHeadings(lines).map((h) => [h.key, h.line])).toEqual([
      ['overview', 1],
      ['active', 3],
      ['requests', 4],
      ['appeals', 5],
      ['problems', 6],
      ['other', 7],
    ]);
  });

  it('accepts other wordings of the appeals heading', () => {
    const lines = ['一、总体情况', '四、因政府信息公开工作被申请行政复议和提起行政诉讼情况'];
    expect(findHeadings(lines).map((h) => h.key)).toEqual(['overview', 'appeals']);
  });

  it('does not take the requests row 四、结转下年度继续办理 for the appeals heading', () => {
    const lines = [
      '三、收到和处理政府信息公开申请情况',
      '四、结转下年度继续办理',
      '四、政府信息公开行政复议、行政诉讼情况',
    ];
    expect(findHeadings(lines)).toEqual([
      { key: 'requests', line: 0 },
      { key: 'appeals', line: 2 },
    ]);
  });

  it('prefers a top-level heading over an overview sub-heading with the same words (seed 004)', () => {
    const lines = seed('004');
    const active = findHeadings(lines).find((h) => h.key === 'active');
    expect(lines[active!.line]).toBe('二、主动公开政府信息情况');
  });

  it('ignores long prose lines naming the sections (seed 003 introduction)', () => {
    const lines = seed('003');
    expect(findHeadings(lines).map((h) => lines[h.line]!.trim())).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
  });
});

describe('sectionRegions', () => {
  it('gives each section the lines up to the next heading', () => {
    const r = sectionRegions(['一、总体情况', 'a', 'b', '五、存在的主要问题及改进情况', 'c']);
    expect(r.overview).toEqual({ start: 1, end: 3 });
    expect(r.problems).toEqual({ start: 4, end: 5 });
    expect(r.active).toBeUndefined();
  });
});

describe('headings inside HTML tables', () => {
  it('a grid row holding only a heading cell is a heading', () => {
    const lines = [
      '一、总体情况',
      '\u001e0\u001e二、主动公开政府信息情况\u001f\u001d\u001f\u001d',
      '\u001e0\u001e规章\u001f0\u001f0',
    ];
    expect(findHeadings(lines).map((h) => [h.key, h.line])).toEqual([
      ['overview', 0],
      ['active', 1],
    ]);
  });
});
