/**
 * Each agency over the years (agency × year grids, grouped by region): applications received,
 * grant rate, administrative reviews and lawsuits, and coverage (published, tables read, findings).
 * Figures and rates are the panel views' (`agency_year`, `agency_coverage`), drawn as they are.
 */
import type { ChartSpec } from './charts.ts';
import { type HeatCell, type HeatRow, heatmapSpec } from './heatmap.ts';
import { LEVEL_LABELS, type Panel, type PanelAgency, type PanelRow } from './panel.ts';
import { fmtNum, fmtRate } from './style.ts';

const NOT_READ = '未读出 (not read)';

function rows(panel: Panel, cell: (a: PanelAgency, year: number) => HeatCell | null) {
  return panel.groups.map((g) => ({
    title: g.title,
    rows: g.agencies.map((a): HeatRow => {
      const cells = new Map<number, HeatCell>();
      for (const year of panel.years) {
        const c = cell(a, year);
        if (c) cells.set(year, c);
      }
      const level = a.level ? (LEVEL_LABELS[a.level] ?? a.level).replace(/ \(.*\)$/, '') : '';
      return { label: level ? `${a.label}（${level}）` : a.label, cells };
    }),
  }));
}

const suffix = (panel: Panel) => (panel.filter ? `（${panel.filter}）` : '');

/** A figure of one `agency_year` row; no row, no cell (the coverage grid says why). */
function figure(
  label: string,
  pick: (r: PanelRow) => number | null,
): (a: PanelAgency, year: number) => HeatCell | null {
  return (a, year) => {
    const r = a.years.get(year);
    if (!r) return null;
    const v = pick(r);
    return v === null
      ? { value: null, label: '—', tip: `${label}: ${NOT_READ}` }
      : { value: v, label: fmtNum(v), tip: `${label}: ${fmtNum(v)}` };
  };
}

const COUNT_COLORS = ['#f3f7fb', '#d6e6f4', '#abd0e6', '#6aaed6', '#3787c0', '#105ba4', '#08306b'];

function countPieces(bounds: number[]) {
  // [0], [1, b1-1], … [bn, ∞): comparable colours across runs and regions.
  const pieces: Array<{ min?: number; max?: number; value?: number; label: string; color: string }> = [
    { value: 0, label: '0', color: COUNT_COLORS[0]! },
  ];
  let lo = 1;
  bounds.forEach((b, i) => {
    pieces.push({
      min: lo,
      max: b - 1,
      label: `${fmtNum(lo)}–${fmtNum(b - 1)}`,
      color: COUNT_COLORS[i + 1]!,
    });
    lo = b;
  });
  pieces.push({ min: lo, label: `≥ ${fmtNum(lo)}`, color: COUNT_COLORS[bounds.length + 1]! });
  return pieces;
}

export function agencyApplicationsChart(panel: Panel): ChartSpec {
  const title = `各机关历年本年新收申请数 (Applications received, agency × year)${suffix(panel)}`;
  return {
    note:
      '每行一个机关（按地区、层级分组），每格为该年度报告的本年新收政府信息公开申请数（agency_year.applications_received）；灰格“—”：报告未读出该数；空白：当年无报告（见覆盖情况图）。' +
      ' One row per agency (grouped by region and level); each cell is that year’s new applications; grey “—”: not read from the report; blank: no report that year (see the coverage grid).',
    ...heatmapSpec({
      name: 'agency-applications',
      title,
      years: panel.years,
      groups: rows(
        panel,
        figure('本年新收申请 (received)', (r) => r.applications_received),
      ),
      scale: { type: 'piecewise', pieces: countPieces([10, 50, 100, 500, 1000]) },
      textColor: (v) => (v >= 100 ? '#fff' : '#111'),
      greyLabel: NOT_READ,
    }),
  };
}

export function agencyGrantRateChart(panel: Panel): ChartSpec {
  const title = `各机关历年公开率 (Grant rate, agency × year)${suffix(panel)}`;
  const label = '公开率 (grant rate)';
  return {
    note:
      '公开率 = 予以公开 / 办理结果总计（agency_year.grant_rate，公式见 db/README.md）；灰格“—”：办理总计为 0 或未读出。' +
      ' Grant rate = granted / handled total, as the agency_year view defines it; grey “—”: nothing handled, or not read.',
    ...heatmapSpec({
      name: 'agency-grant-rate',
      title,
      years: panel.years,
      groups: rows(panel, (a, year) => {
        const r = a.years.get(year);
        if (!r) return null;
        if (r.grant_rate === null) {
          const why = r.handled_total === 0 ? '办理总计为 0 (nothing handled)' : NOT_READ;
          return { value: null, label: '—', tip: `${label}: ${why}` };
        }
        return {
          value: r.grant_rate,
          label: `${Math.round(r.grant_rate * 100)}%`,
          tip: `${label}: ${fmtRate(r.grant_rate)}`,
        };
      }),
      scale: {
        type: 'continuous',
        min: 0,
        max: 1,
        calculable: false,
        itemWidth: 12,
        itemHeight: 160,
        text: ['100%', '0%'],
        inRange: { color: ['#d73027', '#fee08b', '#1a9850'] },
      },
      textColor: (v) => (v < 0.15 || v > 0.85 ? '#fff' : '#111'),
      greyLabel: '无办理或未读出 (none handled / not read)',
    }),
  };
}

export function agencyAppealsChart(panel: Panel): ChartSpec {
  const title = `各机关历年行政复议与行政诉讼 (Reviews and lawsuits, agency × year)${suffix(panel)}`;
  return {
    note:
      '每格“复议数 / 诉讼数”（agency_year.reviews_total / suits_total，诉讼 = 未经复议直接起诉 + 复议后起诉），颜色按两者之和；灰格：两者均未读出。' +
      ' Each cell: reviews / lawsuits; colour by their sum; grey: neither read.',
    ...heatmapSpec({
      name: 'agency-appeals',
      title,
      years: panel.years,
      groups: rows(panel, (a, year) => {
        const r = a.years.get(year);
        if (!r) return null;
        const show = (v: number | null) => (v === null ? '—' : fmtNum(v));
        const tip = `行政复议 (reviews) ${show(r.reviews_total)} · 行政诉讼 (lawsuits) ${show(r.suits_total)}`;
        const label = `${show(r.reviews_total)} / ${show(r.suits_total)}`;
        if (r.reviews_total === null && r.suits_total === null) return { value: null, label, tip };
        return { value: (r.reviews_total ?? 0) + (r.suits_total ?? 0), label, tip };
      }),
      scale: { type: 'piecewise', pieces: countPieces([3, 6, 11, 21, 51]) },
      textColor: (v) => (v >= 11 ? '#fff' : '#111'),
      greyLabel: NOT_READ,
    }),
  };
}

/** Coverage categories, worst first: the cell's colour. */
const COVERAGE = [
  { value: 0, label: '未发布 (not published)', color: '#f0f0f0' },
  { value: 1, label: '提取失败 (failed)', color: '#e53935' },
  { value: 2, label: '部分读出 (partial)', color: '#fbc02d' },
  { value: 3, label: '读出，有核查发现 (ok, findings)', color: '#9ccc65' },
  { value: 4, label: '完整读出 (ok)', color: '#2e7d32' },
] as const;

export function coverageChart(panel: Panel): ChartSpec {
  const title = `各机关历年报告覆盖情况 (Coverage: published, tables read, findings)${suffix(panel)}`;
  return {
    note:
      '每格一个机关年度（agency_coverage）：颜色为发布与读取状态，数字为读出的表数/3 与核查发现数（⚑）。' +
      ' One cell per agency and year: colour = published and how it was read; text = tables read of 3 and findings (⚑).',
    ...heatmapSpec({
      name: 'coverage',
      title,
      years: panel.years,
      groups: rows(panel, (a, year) => {
        const c = a.coverage.get(year);
        if (!c) return null;
        if (!c.published) return { value: 0, label: '', tip: COVERAGE[0].label };
        const value = c.status === 'failed' ? 1 : c.status === 'partial' ? 2 : c.findings > 0 ? 3 : 4;
        const extra = c.reports > 1 ? ` · ${c.reports} 份报告 (reports)` : '';
        return {
          value,
          label: `${c.tables_read}/3${c.findings ? ` ⚑${c.findings}` : ''}`,
          tip:
            `${c.status} · ${c.tables_read}/3 表 (tables read) · ${c.findings} 条核查发现 (findings)` +
            `${c.errors ? `, ${c.errors} error` : ''}${extra}`,
        };
      }),
      scale: { type: 'piecewise', pieces: COVERAGE.map((p) => ({ ...p })) },
      textColor: (v) => (v === 1 || v === 4 ? '#fff' : '#111'),
    }),
  };
}

export function agencyChartSpecs(panel: Panel): ChartSpec[] {
  return [
    agencyApplicationsChart(panel),
    agencyGrantRateChart(panel),
    agencyAppealsChart(panel),
    coverageChart(panel),
  ];
}
