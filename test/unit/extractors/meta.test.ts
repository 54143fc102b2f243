import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameAgency } from '../../../extractors/agency-name.ts';
import { parseDate } from '../../../extractors/dates.ts';
import { extractPageMeta } from '../../../extractors/index.ts';
import {
  agencyFromProse,
  agencyFromTitle,
  buildMeta,
  headAgency,
  openingFacts,
  periodYear,
  readMeta,
  signature,
  titleFromLines,
} from '../../../extractors/meta.ts';
import { withScriptOf } from '../../../extractors/script.ts';

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

  it('a title wrapped anywhere by a narrow page is joined; a breadcrumb is never the title', () => {
    const crumb = '首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报';
    expect(titleFromLines([crumb, '瑞金市审计局2022年政府信息公开工作年度报告'])).toBe(
      '瑞金市审计局2022年政府信息公开工作年度报告',
    );
    expect(titleFromLines([crumb, '区信访局2021年政府信息公开工', '作年度报告'])).toBe(
      '区信访局2021年政府信息公开工作年度报告',
    );
    expect(titleFromLines(['机关事务管理中心2019年政府信息公开工作年度报', '告'])).toBe(
      '机关事务管理中心2019年政府信息公开工作年度报告',
    );
    expect(titleFromLines(['当前位置：政府信息公开年报'])).toBeNull();
    // A column name naming no year loses to a title naming one, wherever it stands.
    expect(titleFromLines(['政府信息公开年报', '区教育局2020年政府信息公开工作年度报告'])).toBe(
      '区教育局2020年政府信息公开工作年度报告',
    );
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

  it('a publisher the crawl or the page names wins when the title agrees; the page over the text; year falls back to the publication year − 1', () => {
    const lines = ['某某局2020年政府信息公开工作年度报告', '一、总体情况', '某某局', '2021年1月20日'];
    const page = {
      title: '某某局2020年政府信息公开工作年度报告_某某网',
      agency: '某某市某某局',
      publishedOn: '2021-02-10',
      indexNo: 'PI',
    };
    expect(buildMeta(lines, 1, { agency: '某省某某市某某局' }, page)).toEqual({
      title: '某某局2020年政府信息公开工作年度报告_某某网',
      agency: '某省某某市某某局',
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

describe('meta without a title line, placeholders and disagreements (readMeta)', () => {
  const body = ['一、总体情况', '全年主动公开政府信息120条。', '六、其他需要报告的事项', '无'];
  const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

  it('agency and year from the opening: 由XX局编制, the report named in its first lines, 统计期限 / 截至', () => {
    expect(
      openingFacts('本报告由凉州区市场监督管理局根据《中华人民共和国政府信息公开条例》要求编制。'),
    ).toEqual({
      agency: '凉州区市场监督管理局',
      year: null,
    });
    expect(openingFacts('现将赣州市财政局2022年政府信息公开工作年度报告公布如下。')).toEqual({
      agency: '赣州市财政局',
      year: 2022,
    });
    expect(openingFacts('本报告由本网编制。')).toEqual({ agency: null, year: null });
    expect(periodYear('本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。')).toBe(2021);
    expect(periodYear('截至2023年12月31日，共受理申请5件。')).toBe(2023);
    expect(periodYear('2022年5月1日起施行')).toBeNull();

    const lines = ['本报告由凉州区市场监督管理局编制，统计期限为2021年1月1日至2021年12月31日。', ...body];
    const r = readMeta(lines, 1, {}, null);
    expect(r.meta.agency).toBe('凉州区市场监督管理局');
    expect(r.meta.year).toBe(2021);
    expect(codes(r)).toEqual([]);
  });

  it('agency from the signature when nothing above names it', () => {
    const r = readMeta(
      ['2021年，全年主动公开政府信息120条。', ...body, '区档案馆', '2022年1月20日'],
      0,
      {},
      null,
    );
    expect(r.meta.agency).toBe('区档案馆');
    expect(r.meta.year).toBe(2021);
  });

  it('a placeholder publisher never overrides the agency the title names, and says so', () => {
    for (const p of ['样本报告', '本网', '办公室', '赣州经开区门户网站']) {
      const page = {
        title: '区财政局2021年政府信息公开工作年度报告',
        agency: p,
        publishedOn: null,
        indexNo: null,
      };
      const r = readMeta(body, 0, {}, page);
      expect(r.meta.agency, p).toBe('区财政局');
      expect(codes(r), p).toEqual(['agency.placeholder']);
      expect(r.findings[0]?.message).toContain(p);
    }
    // No title either: the placeholder is still refused, and the null is explained.
    const r = readMeta(body, 0, { agency: '本网' }, null);
    expect(r.meta.agency).toBeNull();
    expect(codes(r).sort()).toEqual(['agency.placeholder', 'meta.missing']);
  });

  it('sources that disagree: the title wins and a finding names the other; names that fit together do not disagree', () => {
    const title = '区财政局2021年政府信息公开工作年度报告';
    const disagree = readMeta(body, 0, { title, agency: '区人民政府办公室' }, null);
    expect(disagree.meta.agency).toBe('区财政局');
    expect(codes(disagree)).toEqual(['meta.disagree']);
    expect(disagree.findings[0]?.message).toContain('区人民政府办公室');

    const fuller = readMeta(body, 0, { title, agency: '赣州经开区财政局' }, null);
    expect(fuller.meta.agency).toBe('赣州经开区财政局');
    expect(codes(fuller)).toEqual([]);
    expect(sameAgency('南通市市场监督管理局', '南通市市场监管局')).toBe(true);
    expect(sameAgency('区财政局', '区教育局')).toBe(false);
    // A 繁體 title and a simplified 发布机构 name one agency (matching converts, the text stays).
    const trad = withScriptOf('區財政局2021年政府信息公開工作年度報告', () =>
      readMeta(body, 0, { title: '區財政局2021年政府信息公開工作年度報告', agency: '区财政局' }, null),
    );
    expect(codes(trad)).toEqual([]);

    const year = readMeta(body, 0, { title, year: 2020 }, null);
    expect(year.meta.year).toBe(2021);
    expect(codes(year)).toEqual(['meta.disagree']);
  });

  it('a cut title: the year from the stated period, the agency from the signature', () => {
    const lines = [
      '区档案馆2021年政府信息公开工…',
      '一、总体情况',
      '截至2021年12月31日，共公开信息12条。',
      '六、其他需要报告的事项',
      '无',
      '区档案馆',
      '2022年1月20日',
    ];
    const r = readMeta(lines, 1, { title: '区档案馆2021年政府信息公开工…' }, null);
    expect(r.meta.agency).toBe('区档案馆');
    expect(r.meta.year).toBe(2021);
    expect(codes(r)).toEqual([]);
  });

  it('nothing names the agency or the year: null with meta.missing', () => {
    const r = readMeta(body, 0, {}, null);
    expect(r.meta.agency).toBeNull();
    expect(r.meta.year).toBeNull();
    expect(codes(r)).toEqual(['meta.missing']);
    expect(r.findings[0]?.message).toMatch(/^agency and year not found/);
  });

  it('an agency on its own line counts only next to the title line, not in a navigation list', () => {
    expect(
      headAgency([
        '2020 年度政府信息公开工作落实情况',
        '凉州区市场监督管理局',
        '2020 年度政府信息公开工作落实情况',
      ]),
    ).toBe('凉州区市场监督管理局');
    expect(headAgency(['首页', '区财政局', '区教育局', '区卫健委', '通知公告'])).toBeNull();
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
