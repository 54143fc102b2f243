/**
 * Reports without tables, and inputs that are not reports, for any generated report (issue 12):
 * - `no-tables`: a 2019+ report whose sections 二–四 hold a sentence and no table (the tables
 *   were an image, an attachment nobody linked, or simply left out);
 * - `pre2019`: the old layout (一、概述 … 七、其他需要报告的事项), prose only, covering 2014–2018.
 * Both are reports: their meta is the truth's. `notReports` are inputs that are none (a captcha
 * page, the 412 cookie-and-reload script, an unrelated notice of the same portal, empty input).
 */
import { generateReport } from './generate.ts';
import { mulberry32 } from './prng.ts';
import { escapeHtml, renderDetailPage } from './render/html.ts';
import type { GeneratedReport } from './types.ts';

export type TablelessKind = 'no-tables' | 'pre2019';

/** The report a tableless case starts from; `pre2019` covers a year before the 2019 template. */
export function tablelessReport(seed: number, kind: TablelessKind): GeneratedReport {
  const rng = mulberry32(seed ^ 0x7ab1e);
  const year = kind === 'pre2019' ? rng.int(2014, 2018) : rng.int(2019, 2024);
  return generateReport(seed, { year, ...(kind === 'pre2019' ? { template: '2019' as const } : {}) });
}

const NO_TABLE_NOTES = [
  '本年度相关统计数据详见附件。',
  '具体情况见下表。',
  '（表格略）',
  '本年度无相关数据。',
];

function sections(report: GeneratedReport, kind: TablelessKind, seed: number): Array<[string, string[]]> {
  const rng = mulberry32(seed ^ 0x5ec);
  const { overview, problems, other } = report.prose;
  if (kind === 'pre2019')
    return [
      ['一、概述', [overview]],
      [
        '二、主动公开政府信息情况',
        [`${report.meta.year}年，我局通过门户网站、政务微博等渠道主动公开政府信息。`],
      ],
      ['三、依申请公开政府信息情况', ['全年依法受理并答复政府信息公开申请，均在法定期限内办结。']],
      ['四、政府信息公开的收费及减免情况', ['本年度未收取任何费用。']],
      [
        '五、因政府信息公开申请行政复议、提起行政诉讼的情况',
        ['本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。'],
      ],
      ['六、政府信息公开工作存在的主要问题及改进情况', [problems]],
      ['七、其他需要报告的事项', [other]],
    ];
  return [
    ['一、总体情况', [overview]],
    ['二、主动公开政府信息情况', [rng.pick(NO_TABLE_NOTES)]],
    ['三、收到和处理政府信息公开申请情况', [rng.pick(NO_TABLE_NOTES)]],
    ['四、政府信息公开行政复议、行政诉讼情况', [rng.pick(NO_TABLE_NOTES)]],
    ['五、存在的主要问题及改进情况', [problems]],
    ['六、其他需要报告的事项', [other]],
  ];
}

function signatureDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The report as plain text (title, sections, signature) or as a portal detail page. */
export function renderTableless(
  report: GeneratedReport,
  kind: TablelessKind,
  format: 'text' | 'html',
  seed = 1,
): string {
  const secs = sections(report, kind, seed);
  const { agency, published_on, title } = report.meta;
  if (format === 'text') {
    const body = secs.flatMap(([h, ps]) => [h, ...ps]);
    return [title, ...body, agency, signatureDate(published_on)].join('\n');
  }
  const p = (t: string, strong = false) =>
    `<p style="text-indent:2em;">${strong ? `<strong>${escapeHtml(t)}</strong>` : escapeHtml(t)}</p>`;
  const bodyHtml = [
    ...secs.flatMap(([h, ps]) => [p(h, true), ...ps.map((x) => p(x))]),
    `<p style="text-align:right;">${escapeHtml(agency)}</p>`,
    `<p style="text-align:right;">${signatureDate(published_on)}</p>`,
  ].join('\n');
  return renderDetailPage(report, { indexNo: report.meta.index_no, bodyHtml });
}

/** Inputs that are not reports: the extractor must say so, and nothing of them is loaded. */
export const NOT_REPORTS: Record<string, string> = {
  captcha: `<!DOCTYPE html><html><head><title>安全验证</title></head><body><form action="/verify"><p>请输入验证码后继续访问</p><input name="code"><img src="/captcha.jpg"><button>提交</button></form></body></html>`,
  'cookie-script': `<html><head><script>document.cookie="__jsl_clearance=1630000000.123|0|abc;max-age=3600;path=/";location.href=location.pathname+location.search</script></head><body></body></html>`,
  'unrelated-notice': `<!DOCTYPE html><html><head><title>关于开展2021年安全生产月活动的通知_赣州经济技术开发区</title></head><body>
<div class="position">当前位置：<a href="../">首页</a> &gt; <a href="../">政府信息公开</a> &gt; <span>政府信息公开年报</span></div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>11360700MB0000000X/2021-00001</td><td>发布机构：</td><td>区应急管理局</td></tr></table>
<h1>关于开展2021年安全生产月活动的通知</h1>
<div id="zoom"><p>各有关单位：</p><p>为深入贯彻落实安全生产工作部署，经研究，决定于2021年6月开展安全生产月活动。现将有关事项通知如下。</p><p>一、活动主题</p><p>落实安全责任，推动安全发展。</p><p>二、活动时间</p><p>2021年6月1日至30日。</p></div>
</body></html>`,
  'empty-page': '   \n  ',
};
