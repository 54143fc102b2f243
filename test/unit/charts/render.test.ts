import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandScale,
  barChart,
  buildCharts,
  type ChartData,
  chartsPage,
  esc,
  linearScale,
  niceTicks,
  stackGroups,
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

describe('scales', () => {
  it('niceTicks start at 0, reach the max, step 1/2/5 × 10^k', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), (max) => {
        const t = niceTicks(max);
        expect(t[0]).toBe(0);
        expect(t[t.length - 1]!).toBeGreaterThanOrEqual(max);
        const step = t[1]! - t[0]!;
        const mant = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5, 10].some((m) => Math.abs(m - mant) < 1e-6)).toBe(true);
        expect(t.length).toBeLessThanOrEqual(12);
      }),
    );
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(9253)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
  });

  it('linear and band scales', () => {
    const y = linearScale([0, 100], [300, 0]);
    expect([y(0), y(50), y(100)]).toEqual([300, 150, 0]);
    expect(linearScale([5, 5], [1, 9])(7)).toBe(1);
    const b = bandScale(4, [0, 400], 0.5);
    expect(b.width).toBe(50);
    expect(b.at(0)).toBe(25);
    expect(b.at(3)).toBe(325);
  });
});

describe('stackGroups', () => {
  it('stacks series sharing a stack id; nulls and negatives take no height; all-null stays null', () => {
    const g = stackGroups(
      [
        { key: 'r', label: 'r', color: '#000', values: [10, null] },
        { key: 'a', label: 'a', color: '#000', values: [3, null], stack: 's' },
        { key: 'b', label: 'b', color: '#000', values: [-2, null], stack: 's' },
        { key: 'c', label: 'c', color: '#000', values: [4, null], stack: 's' },
      ],
      2,
    );
    expect(g.map((x) => x.id)).toEqual(['series:r', 's']);
    expect(g[1]!.segments[0]!.map((s) => [s.series.key, s.y0, s.y1])).toEqual([
      ['a', 0, 3],
      ['c', 3, 7],
    ]);
    expect(g[1]!.totals).toEqual([7, null]);
    expect(g[0]!.totals).toEqual([10, null]);
  });
});

describe('escaping', () => {
  it('an agency named with < and & stays text in SVG and HTML', () => {
    const name = 'A<b>&C局"x\'';
    const svg = barChart({
      title: `${name} 图`,
      categories: [name],
      series: [{ key: 'r', label: name, color: '#123', values: [7] }],
      valueTitle: 'v',
      horizontal: true,
    });
    expect(svg).not.toContain('<b>');
    const $ = cheerio.load(svg, { xml: true });
    expect($('b').length).toBe(0);
    expect(
      $('text')
        .toArray()
        .map((t) => $(t).text()),
    ).toContain(name);
    const html = chartsPage([{ name: 'x', title: name, note: name, svg }], {
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

  it('empty data: a "no data" panel per chart, no NaN', () => {
    const charts = buildCharts({ ...empty, agency: { name: '某局', years: [] } });
    expect(charts).toHaveLength(7);
    for (const c of charts) {
      expect(c.svg).toContain('暂无数据 (no data)');
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
    const byName = Object.fromEntries(buildCharts(data).map((c) => [c.name, c.svg]));
    expect(byName.applications).toContain('>1,234<');
    // An 8 px segment is too short for its label: the value goes to the tooltip only.
    expect(byName.applications).not.toContain('>40<');
    expect(byName.applications).toContain('予以公开 (granted): 40</title>');
    expect(byName.applications).toContain('>80<'); // outcomes stack total
    expect(byName['grant-rate']).toContain('>25.0%<');
    expect(byName['grant-rate']).toContain('>62.5%<');
    expect(byName['top-agencies']).toContain('>321<');
    expect(byName.findings).toContain('申请数收支不平衡 (requests.balance)');
    for (const svg of Object.values(byName)) expect(svg).not.toMatch(/NaN|undefined/);
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
