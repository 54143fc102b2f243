import { describe, expect, it } from 'vitest';
import { BUILTIN_SOURCE } from '../../../config/sources/builtin.ts';
import { defineSource } from '../../../config/sources/load.ts';
import { makeTitleFilter } from '../../../crawlers/discover/title-filter.ts';

const isReport = makeTitleFilter(defineSource(BUILTIN_SOURCE).titleFilter);

describe('built-in title filter', () => {
  it.each([
    '区财政局2021年政府信息公开工作年度报告',
    '赣州经开区机关事务管理中心2021年政府信息公开工作年度报告',
    '区教育局2020年政府信息公开工作年报',
    '2019年度政府信息公开工作年度报告（区卫健委）',
  ])('keeps %s', (t) => expect(isReport(t)).toBe(true));

  it.each([
    '区财政局2022年政务公开工作要点',
    '关于做好2021年度政府信息公开工作年度报告编制工作的通知',
    '区财政局2021年部门预算公开',
    '2020年度政府信息公开工作落实情况',
  ])('skips %s', (t) => expect(isReport(t)).toBe(false));
});
