import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import {
  barSpec,
  buildCharts,
  type ChartData,
  chartsPage,
  esc,
  renderSvg,
  stackTotals,
  type YearRow,
} from '../../../db/charts/index.ts';

const year = (y: number, o: Partial<YearRow> = {}): YearRow => ({
  year: y,
  agencies: 2,
  reports: 2,
  received: 100,
  granted: 40,
  partially_granted: 10,
  denied: 20,
  unable: 5,
  not_processed: 3,
  other_handling: 2,
  handled_total: 80,
  grant_rate: 50 / 80,
  reviews_total: 4,
  suits_total: 1,
  ...o,
});

/** `<title>` of every data mark, in document order. */
const tips = (svg: string) =>
  cheerio
    .load(svg, { xml: true })('[ecmeta_ssr_type="chart"] > title')
    .toArray()
    .map((t) => cheerio.load(t, { xml: true }).text());

describe('renderSvg (ECharts on the server)', () => {
  const spec = () =>
    barSpec({
      name: 'demo chart',
      title: 'T',
      categories: ['2020', '2021', '2022'],
      series: [
        { key: 'a', label: 'A', color: '#123456', values: [3, null, 0], stack: 's' },
        { key: 'b', label: 'B', color: '#654321', values: [2, 5, null], stack: 's' },
      ],
      valueTitle: 'v',
    });

  it('one tooltip per drawn datum; null values are not drawn, zeros are; stack totals are labels, not marks', () => {
    const r = renderSvg(spec());
    expect(tips(r.svg)).toEqual(['2020 · A: 3', '2022 · A: 0', '2020 · B: 2', '2021 · B: 5']);
    expect(r.marks).toBe(4);
    const texts = cheerio
      .load(r.svg, { xml: true })('text')
      .toArray()
      .map((t) => cheerio.load(t).text());
    expect(texts).toContain('5'); // the 2021 stack total (B alone)
  });

  it('the same chart renders to the same bytes, ids and classes prefixed by the chart name', () => {
    const a = renderSvg(spec()).svg;
    const b = renderSvg(spec()).svg;
    expect(a).toBe(b);
    expect(a).not.toMatch(/zr\d+-/);
    expect(a).toMatch(/class="demo_chart-cls-\d+"/);
    expect(a).toMatch(/^<svg role="img" aria-label="T" [^>]*><title>T<\/title>/);
  });

  it('stack totals: null only when every value is null (not reported ≠ 0)', () => {
    expect(
      stackTotals(
        [
          { key: 'a', label: 'a', color: '#000', values: [3, null, 0] },
          { key: 'b', label: 'b', color: '#000', values: [4, null, null] },
        ],
        3,
      ),
    ).toEqual([7, null, 0]);
  });
});

describe('escaping', () => {
  it('an agency named with < and & stays text in SVG and HTML', () => {
    const name = 'A<b>&C局"x\'';
    const { svg } = renderSvg(
      barSpec({
        name: 'x',
        title: `${name} 图`,
        categories: [name],
        series: [{ key: 'r', label: name, color: '#123', values: [7] }],
        valueTitle: 'v',
        horizontal: true,
      }),
    );
    expect(svg).not.toContain('<b>');
    const $ = cheerio.load(svg, { xml: true });
    expect($('b').length).toBe(0);
    expect(
      $('text')
        .toArray()
        .map((t) => $(t).text()),
    ).toContain(name);
    expect(tips(svg)).toEqual([`${name} · ${name}: 7`]);
    const html = chartsPage([{ name: 'x', title: name, note: name, svg, marks: 1 }], {
      source: name,
      reports: 1,
      generatedAt: new Date(0),
    });
    const h = cheerio.load(html);
    expect(h('b').length).toBe(0);
    expect(h('figcaption').text()).toContain(name);
    expect(esc('<&>')).toBe('&#60;&#38;&#62;');
  });
});

describe('buildCharts', () => {
  const empty: ChartData = {
    years: [],
    topAgencies: [],
    latestYear: null,
    findings: [],
    reportsWithFindings: [],
    statuses: [],
  };

  it('empty data: a "no data" panel per chart, no marks, no NaN', () => {
    const charts = buildCharts({ ...empty, agency: { name: '某局', years: [] } });
    expect(charts).toHaveLength(7);
    for (const c of charts) {
      expect(c.svg).toContain('暂无数据 (no data)');
      expect(c.marks).toBe(0);
      expect(c.svg).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('prints the numbers on the bars and the rate on the line', () => {
    const data: ChartData = {
      ...empty,
      years: [year(2020), year(2021, { received: 1234, grant_rate: 0.25 })],
      topAgencies: [{ agency: '区财政局', received: 321 }],
      latestYear: 2021,
      findings: [{ year: 2021, code: 'requests.balance', reports: 3 }],
      reportsWithFindings: [{ year: 2021, reports: 3 }],
      statuses: [{ year: 2021, status: 'ok', reports: 2 }],
    };
    const byName = Object.fromEntries(buildCharts(data).map((c) => [c.name, c]));
    const applications = byName.applications!;
    expect(applications.svg).toContain('>1,234<');
    // 2 years × (received + 6 outcomes)
    expect(applications.marks).toBe(14);
    // A 5-wide segment under a 1,234 bar is too short for its label: the value is in the tooltip only.
    expect(applications.svg).not.toMatch(/>5<\/text>/);
    expect(tips(applications.svg)).toContain('2021 · 无法提供 (unable to provide): 5');
    expect(applications.svg).toContain('>80<'); // outcomes stack total
    expect(byName['grant-rate']!.svg).toContain('>25.0%<');
    expect(byName['grant-rate']!.svg).toContain('>62.5%<');
    expect(tips(byName['grant-rate']!.svg)).toContain('2021 · 公开率 (grant rate): 25.0%');
    expect(byName['top-agencies']!.svg).toContain('>321<');
    expect(byName.findings!.svg).toContain('申请数收支不平衡 (requests.balance)');
    for (const c of Object.values(byName)) expect(c.svg).not.toMatch(/NaN|undefined/);
  });

  it('more codes than colours share an "other codes" segment', () => {
    const codes = Array.from({ length: 13 }, (_, i) => `x.code${i}`);
    const svg = buildCharts({
      ...empty,
      findings: codes.map((code, i) => ({ year: 2022, code, reports: i + 1 })),
      reportsWithFindings: [{ year: 2022, reports: 13 }],
    }).find((c) => c.name === 'findings')!.svg;
    expect(svg).toContain('其他代码 (4 other codes)');
    expect(svg).toContain('>91<'); // 1+…+13, the stack total
  });
});
