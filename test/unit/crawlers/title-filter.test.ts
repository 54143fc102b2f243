/**
 * The default title filter against titles as portals print them: real shapes of annual reports, and
 * the documents that merely resemble one, listed by hand and then combined across agencies, years and
 * word orders.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TITLE_FILTER } from '../../../config/sources/annual-report.ts';
import { defineSource } from '../../../config/sources/load.ts';
import { makeTitleFilter, makeTitleJudge } from '../../../crawlers/discover/title-filter.ts';

const isReport = makeTitleFilter(
  defineSource({ id: 'x', preset: 'generic', baseUrl: 'https://x.gov.cn' }).titleFilter,
);

const REPORTS = [
  '区财政局2021年政府信息公开工作年度报告',
  '赣州经开区机关事务管理中心2021年政府信息公开工作年度报告',
  '区教育局2020年政府信息公开工作年报',
  '2019年度政府信息公开工作年度报告（区卫健委）',
  '2022年度赣州经开区政府信息公开工作年度报告',
  '南康区人民政府2020年政府信息公开工作年度报告',
  '区卫健委2019年度信息公开年报',
  '2020年政务信息公开年度报告',
  '政府信息公开年度报告（2021年）',
  '某市人民政府办公室关于2021年度政府信息公开工作的年度报告',
  '某局政府信息公开2020年度报告',
  '市生态环境局政府信息公开工作年度报告',
  '2023年政府信息公开工作年度报告',
  '某县2015年政府信息公开工作报告',
  '某县2016年度政府信息公开工作报告',
  '某区卫生和计划生育委员会2016年政府信息公开工作年度报告',
  '区委机构编制委员会办公室2021年政府信息公开工作年度报告',
  '某市2017年政务公开工作年度报告',
  '某区统计局2022年政府信息公开工作年度报告',
  '2021年政府信息公开年报',
  '区司法局2022年度政府信息公开年报',
  '某镇人民政府2023年政府信息公开工作年度报告 ',
  '区应急管理局 2021年 政府信息公开 工作年度报告',
  '区林业局2021年年度报告',
  '区农业农村局2022年度报告',
  '区人社局2020年年报',
  '2022年年度报告（区医保局）',
  '【区商务局】2021年政府信息公开工作年度报告',
  '区民政局2021年政府信息公开工作年度报告（更新版）',
];

const LOOKALIKES = [
  '区财政局2022年政务公开工作要点',
  '关于做好2021年度政府信息公开工作年度报告编制工作的通知',
  '关于做好2021年度政府信息公开工作年度报告编制发布工作的通知',
  '关于报送2022年度政府信息公开工作年度报告的通知',
  '区财政局2021年部门预算公开',
  '2020年度政府信息公开工作落实情况',
  '某区2021年法治政府建设年度报告',
  '某市2022年度法治政府建设情况报告',
  '某区法治政府建设年度报告（2021年）',
  '区财政局政府信息公开指南',
  '某区全面推进政务公开工作实施方案',
  '某区2021年政务公开工作实施方案',
  '2021年度政府信息公开工作年度报告解读',
  '图解：某区2021年政府信息公开工作年度报告',
  '一图读懂某区2022年政府信息公开工作年度报告',
  '关于开展2021年度企业年度报告公示工作的通知',
  '关于做好2022年度个体工商户年报工作的提示',
  '2021年度企业年报公示开始了',
  '某市2021年国民经济和社会发展统计公报',
  '某区2021年度部门决算公开',
  '某区2022年政府网站工作年度报表',
  '某区2021年度社会信用体系建设工作报告',
  '关于2021年度政府信息公开工作年度报告的更正说明',
  '政府信息公开工作年度报告制度',
  '2021年度政务公开工作总结',
  '某区2021年政务公开第三方评估报告',
  '某区2021年度政府信息公开工作年度报告评估情况的通报',
  '某区政府信息公开目录',
  '2022年政府信息公开工作年度报告填报说明',
  '某局2021年度行政执法统计年报',
  '某县2021年度绩效自评报告',
  '某区人民政府关于2021年度法治政府建设情况的报告',
  '某区政府信息公开申请表',
  '政府信息公开工作年度报告格式模板（征求意见稿）',
  '某区2022年政务公开工作计划',
  '某区政府信息公开工作考核办法',
  '区财政局2021年工作总结和2022年工作思路',
];

describe('default title filter: hand-picked titles', () => {
  it.each(REPORTS)('keeps %s', (t) => expect(isReport(t)).toBe(true));
  it.each(LOOKALIKES)('skips %s', (t) => expect(isReport(t)).toBe(false));
});

describe('default title filter: generated across agencies, years and word orders', () => {
  const agencies = [
    '区财政局',
    '某市人民政府办公室',
    '县卫生健康委员会',
    '市场监督管理局',
    '区委机构编制委员会办公室',
  ];
  const years = ['2014', '2019', '2021', '2024'];
  const reportForms = [
    (a: string, y: string) => `${a}${y}年政府信息公开工作年度报告`,
    (a: string, y: string) => `${y}年${a}政府信息公开工作年度报告`,
    (a: string, y: string) => `${y}年度政府信息公开工作年度报告（${a}）`,
    (a: string, y: string) => `${a}${y}年度政府信息公开年报`,
    (a: string, y: string) => `${a}政府信息公开年度报告（${y}年）`,
    (a: string, y: string) => `${a}关于${y}年度政府信息公开工作的年度报告`,
    (a: string, _y: string) => `${a}政府信息公开工作年度报告`,
  ];
  const lookalikeForms = [
    (a: string, y: string) => `${a}${y}年法治政府建设年度报告`,
    (a: string, y: string) => `关于做好${y}年度政府信息公开工作年度报告编制工作的通知（${a}）`,
    (a: string, y: string) => `${a}${y}年政务公开工作要点`,
    (a: string, _y: string) => `${a}政府信息公开指南`,
    (a: string, y: string) => `${a}${y}年政务公开工作实施方案`,
    (a: string, y: string) => `${a}${y}年政府信息公开工作年度报告解读`,
    (a: string, y: string) => `${a}关于开展${y}年度企业年度报告公示工作的通知`,
  ];
  const all = (forms: typeof reportForms) =>
    agencies.flatMap((a) => years.flatMap((y) => forms.map((f) => f(a, y))));

  it(`keeps all ${agencies.length * years.length * reportForms.length} report titles`, () => {
    expect(all(reportForms).filter((t) => !isReport(t))).toEqual([]);
  });
  it(`skips all ${agencies.length * years.length * lookalikeForms.length} look-alikes`, () => {
    expect(all(lookalikeForms).filter(isReport)).toEqual([]);
  });
});

describe('title verdicts say why', () => {
  const judge = makeTitleJudge(DEFAULT_TITLE_FILTER);
  it('names the excluding word, the matching words, or the missing match', () => {
    expect(judge('关于做好2021年度政府信息公开工作年度报告编制工作的通知')).toEqual({
      keep: false,
      reason: 'excluded: "报告编制"',
    });
    expect(judge('区财政局2021年政府信息公开工作年度报告')).toMatchObject({ keep: true });
    expect(judge('区财政局2021年政府信息公开工作年度报告').reason).toContain('信息公开工作年度报告');
    expect(judge('某区政府信息公开申请表').reason).toMatch(/not an annual-report title/);
  });
});

/**
 * Every wording portals print an annual report's title in, and every look-alike, over agencies whose
 * names hold the filter's own trap words (编制, 计划, 统计, 办) and every year since the regulation
 * (2008–2024). Each form is labelled by hand; the combinations only multiply them.
 */
describe('default title filter: generated wordings, 2008–2024', () => {
  const agencies = [
    '区财政局',
    '某市人民政府办公室',
    '县卫生和计划生育委员会',
    '区委机构编制委员会办公室',
    '区统计局',
    '某街道办事处',
    '区政务服务数据管理局',
  ];
  /** The same agencies as a 繁體 version of the site prints them. */
  const traditional: Record<string, string> = {
    区财政局: '區財政局',
    某市人民政府办公室: '某市人民政府辦公室',
    县卫生和计划生育委员会: '縣衛生和計劃生育委員會',
    区委机构编制委员会办公室: '區委機構編制委員會辦公室',
    区统计局: '區統計局',
    某街道办事处: '某街道辦事處',
    区政务服务数据管理局: '區政務服務數據管理局',
  };
  const years = Array.from({ length: 17 }, (_, i) => String(2008 + i));
  type Form = (a: string, y: string, t: string) => string;
  const reports: Form[] = [
    (a, y) => `${a}${y}年政府信息公开工作年度报告`,
    (a, y) => `${a}${y}年度政府信息公开工作年度报告`,
    (a, y) => `${y}年${a}政府信息公开工作年度报告`,
    (a, y) => `${y}年度政府信息公开工作年度报告（${a}）`,
    (a, y) => `${a}${y}年度政府信息公开年报`,
    (a, y) => `${a}${y}年政府信息公开年度报告`,
    (a, y) => `${a}政府信息公开年度报告（${y}年）`,
    (a, y) => `${a}政府信息公开工作年度报告（${y}年度）`,
    (a, y) => `${a}关于${y}年度政府信息公开工作的年度报告`,
    (a, y) => `${a}${y}年政府信息公开工作报告`,
    (a, y) => `${a}${y}年度政务公开工作年度报告`,
    (a, y) => `【${a}】${y}年政府信息公开工作年度报告`,
    (a, y) => `${a} ${y}年 政府信息公开 工作年度报告`,
    (a, y) => `${a}${y}年政府信息公开工作年度报告（全文）`,
    (a, y) => `${a}${y}年年度报告`,
    (a, y) => `${a}${y}年度报告`,
    (_a, y, t) => `${t}${y}年政府信息公開工作年度報告`,
    (_a, y, t) => `${t}${y}年度政府信息公開年報`,
    (_a, y, t) => `${y}年度政府信息公開工作年度報告（${t}）`,
  ];
  const lookalikes: Form[] = [
    (a, y) => `${a}${y}年法治政府建设年度报告`,
    (a, y) => `${a}关于${y}年度法治政府建设情况的报告`,
    (a, y) => `关于做好${y}年度政府信息公开工作年度报告编制工作的通知（${a}）`,
    (a, y) => `${a}关于报送${y}年度政府信息公开工作年度报告的通知`,
    (a, y) => `${a}${y}年政务公开工作要点`,
    (a, y) => `${a}${y}年政府信息公开工作要点`,
    (a, y) => `${a}${y}年政府信息公开工作年度计划`,
    (a, y) => `${a}${y}年政务公开工作计划`,
    (a, y) => `${a}${y}年政府网站工作年度报表`,
    (a, y) => `${a}${y}年度政府信息公开工作年度报表`,
    (a) => `${a}政府信息公开指南`,
    (a, y) => `${a}${y}年政务公开工作实施方案`,
    (a, y) => `${a}${y}年政府信息公开工作年度报告解读`,
    (a, y) => `关于${a}${y}年度政府信息公开工作年度报告的解读`,
    (a, y) => `图解：${a}${y}年政府信息公开工作年度报告`,
    (a, y) => `一图读懂${a}${y}年政府信息公开工作年度报告`,
    (a, y) => `${a}关于开展${y}年度企业年度报告公示工作的通知`,
    (a, y) => `${a}${y}年度部门决算公开`,
    (a, y) => `${a}${y}年部门预算`,
    (a, y) => `${a}${y}年政务公开工作总结`,
    (_a, y, t) => `${t}${y}年法治政府建設年度報告`,
    (_a, y, t) => `${t}${y}年政府信息公開工作要點`,
    (_a, y, t) => `${t}${y}年政府信息公開工作年度報告解讀`,
    (_a, y) => `關於做好${y}年度政府信息公開工作年度報告編制工作的通知`,
  ];
  const all = (forms: Form[]) =>
    agencies.flatMap((a) => years.flatMap((y) => forms.map((f) => f(a, y, traditional[a]!))));

  it(`keeps all ${agencies.length * years.length * reports.length} report titles`, () => {
    expect(all(reports).filter((t) => !isReport(t))).toEqual([]);
  });
  it(`skips all ${agencies.length * years.length * lookalikes.length} look-alikes`, () => {
    expect(all(lookalikes).filter(isReport)).toEqual([]);
  });
  it('a 繁體 title gets the verdict of its simplified form, with the same reason', () => {
    const judge = makeTitleJudge(DEFAULT_TITLE_FILTER);
    expect(judge('區財政局2021年政府信息公開工作年度報告')).toEqual(
      judge('区财政局2021年政府信息公开工作年度报告'),
    );
    expect(judge('關於做好2021年度政府信息公開工作年度報告編制工作的通知')).toEqual({
      keep: false,
      reason: 'excluded: "报告编制"',
    });
  });
});
