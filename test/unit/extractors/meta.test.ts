import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../extractors/dates.ts';
import { extractPageMeta } from '../../../extractors/index.ts';
import {
  agencyFromProse,
  agencyFromTitle,
  buildMeta,
  signature,
  titleFromLines,
} from '../../../extractors/meta.ts';

describe('parseDate', () => {
  it.each([
    ['2021年1月26日', '2021-01-26'],
    ['2021-01-26', '2021-01-26'],
    ['2021/1/5 10:00', '2021-01-05'],
    ['2021.01.26', '2021-01-26'],
    ['二〇二一年一月二十六日', '2021-01-26'],
    ['二〇二二年十二月三日', '2022-12-03'],
    ['2021年13月1日', null],
    ['无日期', null],
  ])('%s → %s', (s, iso) => {
    expect(parseDate(s)).toBe(iso);
  });
});

describe('text metadata', () => {
  it('joins a title broken after the agency or after the year', () => {
    expect(titleFromLines(['聊城市市场监督管理局', '2020年政府信息公开工作年度报告', '根据……'])).toBe(
      '聊城市市场监督管理局2020年政府信息公开工作年度报告',
    );
    expect(titleFromLines(['赣州经开区机关事务管理中心2021年', '政府信息公开工作年度报告'])).toBe(
      '赣州经开区机关事务管理中心2021年政府信息公开工作年度报告',
    );
    expect(titleFromLines(['索引号 | 发布机构 |', '2020年度政府信息公开工作落实情况'])).toBe(
      '2020年度政府信息公开工作落实情况',
    );
    expect(titleFromLines(['2023年,我局深入贯彻落实国办、省办相关文件精神。'])).toBeNull();
  });

  it('agency from the title prefix, the signature, or the first sentence', () => {
    expect(agencyFromTitle('区市场监管分局2020年政府信息公开工作年度报告')).toBe('区市场监管分局');
    expect(agencyFromTitle('2020年度政府信息公开工作落实情况')).toBeNull();
    expect(signature(['六、其他需要报告的事项', '无', '聊城市市场监督管理局', '2021年1月26日', ''])).toEqual({
      agency: '聊城市市场监督管理局',
      date: '2021-01-26',
    });
    expect(agencyFromProse('一、总体情况\n2023年,南通市海门区市场监督管理局坚持以《条例》为指引')).toBe(
      '南通市海门区市场监督管理局',
    );
    expect(agencyFromProse('2023年,我局深入贯彻落实')).toBeNull();
  });

  it('hints win over the page, the page over the text; year falls back to the publication year − 1', () => {
    const lines = ['某某局2020年政府信息公开工作年度报告', '一、总体情况', '某某局', '2021年1月20日'];
    const page = { title: 'P', agency: 'PA', publishedOn: '2021-02-10', indexNo: 'PI' };
    expect(buildMeta(lines, 1, { agency: 'H' }, page)).toEqual({
      title: 'P',
      agency: 'H',
      year: 2020,
      published_on: '2021-02-10',
      index_no: 'PI',
    });
    expect(buildMeta(lines, 1, {}, null)).toEqual({
      title: '某某局2020年政府信息公开工作年度报告',
      agency: '某某局',
      year: 2020,
      published_on: '2021-01-20',
      index_no: null,
    });
    expect(buildMeta(['报告正文', '某某局', '2022年1月29日'], -1, {}, null).year).toBe(2021);
  });
});

describe('extractPageMeta', () => {
  it('reads the portal metadata block and the title', () => {
    const html = readFileSync(join(import.meta.dirname, 'fixtures/detail-page.html'), 'utf8');
    expect(extractPageMeta(html)).toEqual({
      title: '赣州经开区市场监管分局2020年政府信息公开工作年度报告',
      agency: '赣州经开区市场监管分局',
      publishedOn: '2021-01-25',
      indexNo: 'K36000-0101-2021-0001',
    });
  });
  it('reads label：value on one line, and answers nulls for a page without them', () => {
    expect(extractPageMeta('<div>索引号：ABC-1 发布机构：某局 发布日期：2021年2月3日</div>')).toMatchObject({
      indexNo: 'ABC-1',
      agency: '某局',
      publishedOn: '2021-02-03',
    });
    expect(extractPageMeta('<p>nothing</p>')).toEqual({
      title: null,
      agency: null,
      publishedOn: null,
      indexNo: null,
    });
  });
});
