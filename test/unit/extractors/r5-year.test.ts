/**
 * Text whose `<span>`s were dropped loses the 年 after the year (`2020度政府信息公开…`): the covered
 * year is still read from the title, but never from a document number or a date.
 */
import { describe, expect, it } from 'vitest';
import { yearFrom } from '../../../extractors/meta.ts';

describe('covered year without 年', () => {
  const titles: Array<[string, number]> = [
    ['凉州区市场监督管理局2020度政府信息公开工作落实情况', 2020],
    ['2020年度政府信息公开工作年度报告', 2020],
    ['某某局2021 年度政府信息公开工作年度报告', 2021],
    ['某某局2019 度政府信息公开工作年度报告', 2019],
    ['某某局2022政府信息公开工作年度报告', 2022],
  ];
  for (const [title, year] of titles) {
    it(title, () => expect(yearFrom(title, '')).toBe(year));
  }

  it('reads the year from the text when the title has none', () => {
    expect(yearFrom('政府信息公开工作年度报告', '本机关2020度政府信息公开工作情况如下')).toBe(2020);
  });

  it('a document number or a longer digit run is not a year', () => {
    expect(yearFrom('依据国办公开办函〔202130号', '')).toBeNull();
    expect(yearFrom('编号120200度政府信息公开', '')).toBeNull();
  });
});
