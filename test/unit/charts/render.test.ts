import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import {
  agencyApplicationsChart,
  agencyGrantRateChart,
  barSpec,
  buildCharts,
  type ChartData,
  chartsPage,
  codePrefix,
  coverageChart,
  esc,
  groupPanel,
  type PanelRow,
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
  grant_rate: 40 / 80,
  grant_partial_rate: 50 / 80,
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
      years: [year(2020), year(2021, { received: 1234, grant_rate: 0.25, grant_partial_rate: 0.5 })],
      topAgencies: [{ agency_id: 7, agency: '区财政局', received: 321 }],
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

describe('agency × year grids', () => {
  const agency = (id: number, name: string, level: string | null, code: string | null) => ({
    agency_id: id,
    agency: name,
    level,
    kind: name.endsWith('人民政府') ? 'government' : 'department',
    region_code: code,
    region: code ? `地区${code}` : null,
  });
  const year = (id: number, y: number, o: Partial<PanelRow> = {}): PanelRow => ({
    agency_id: id,
    year: y,
    report_id: id * 100 + y,
    status: 'ok',
    applications_received: 10,
    handled_total: 8,
    grant_rate: 0.5,
    reviews_total: 1,
    suits_total: 0,
    ...o,
  });

  it('groups by county-level region (a township joins its county), city before its counties, unknown last', () => {
    const panel = groupPanel(
      [
        agency(1, '某区财政局', 'county', '360702'),
        agency(2, '某镇人民政府', 'township', '360702100'),
        agency(3, '某市财政局', 'city', '360700'),
        agency(4, '无名局', null, null),
        agency(5, '某区人民政府', 'county', '360702'),
        agency(6, '某市财政局', 'city', '360700'),
      ],
      [year(1, 2020), year(3, 2021)],
      [],
    );
    expect(panel.years).toEqual([2020, 2021]);
    expect(panel.groups.map((g) => g.code)).toEqual(['360700', '360702', '']);
    expect(panel.groups[1]!.agencies.map((a) => a.agency_id)).toEqual([5, 1, 2]);
    // Two agencies of one name stay two rows, told apart by id.
    expect(panel.groups[0]!.agencies.map((a) => a.label)).toEqual(['某市财政局 #3', '某市财政局 #6']);
    expect(codePrefix('360700')).toBe('3607');
    expect(codePrefix('360000')).toBe('36');
    expect(codePrefix('360702100')).toBe('360702100');
  });

  it('draws a cell per panel row: valued, grey when not read, none without a report', () => {
    const panel = groupPanel(
      [agency(1, 'A局', 'county', '360702'), agency(2, 'B局', 'county', '360702')],
      [
        year(1, 2020, { applications_received: 1234 }),
        year(1, 2021, { applications_received: null, grant_rate: null, handled_total: 0 }),
        year(2, 2021),
      ],
      [],
    );
    const applications = renderSvg(agencyApplicationsChart(panel));
    expect(applications.marks).toBe(3);
    expect(tips(applications.svg).sort()).toEqual([
      'A局（县级） · 2020: 本年新收申请 (received): 1,234',
      'A局（县级） · 2021: 本年新收申请 (received): 未读出 (not read)',
      'B局（县级） · 2021: 本年新收申请 (received): 10',
    ]);
    expect(applications.svg).toContain('>1,234<');
    const rates = tips(renderSvg(agencyGrantRateChart(panel)).svg);
    expect(rates).toContain('A局（县级） · 2021: 公开率 (grant rate): 办理总计为 0 (nothing handled)');
    expect(rates).toContain('B局（县级） · 2021: 公开率 (grant rate): 50.0%');
  });

  it('no agencies: the "no data" panel', () => {
    const c = renderSvg(coverageChart(groupPanel([], [], [])));
    expect(c.marks).toBe(0);
    expect(c.svg).toContain('暂无数据 (no data)');
  });
});
