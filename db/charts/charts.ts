/** The dataset's yearly charts: ChartData in, one render spec per chart out (pure). */
import { type BarSeries, barSpec } from './bars.ts';
import type { ChartData, FindingCount, StatusCount, YearCount, YearRow } from './queries.ts';
import { rateSpec } from './rate.ts';
import { type RenderSpec, renderSvg } from './render.ts';
import { PALETTE } from './style.ts';

/** A chart before rendering: what ECharts draws, and the sentence under it. */
export interface ChartSpec extends RenderSpec {
  /** One sentence under the chart in index.html: what is counted. */
  note: string;
}

export interface Chart {
  /** File stem: `${name}.svg`. */
  name: string;
  title: string;
  note: string;
  svg: string;
  /** Data marks drawn (bars, points, cells), each with its tooltip. */
  marks: number;
}

export function renderChart(spec: ChartSpec): Chart {
  const { svg, marks } = renderSvg(spec);
  return { name: spec.name, title: spec.title, note: spec.note, svg, marks };
}

const OUTCOMES: Array<{ key: keyof YearRow; label: string; color: string }> = [
  { key: 'granted', label: '予以公开 (granted)', color: '#2e7d32' },
  { key: 'partially_granted', label: '部分公开 (partially granted)', color: '#8bc34a' },
  { key: 'denied', label: '不予公开 (denied)', color: '#c62828' },
  { key: 'unable', label: '无法提供 (unable to provide)', color: '#ef8f00' },
  { key: 'not_processed', label: '不予处理 (not processed)', color: '#8d6e63' },
  { key: 'other_handling', label: '其他处理 (other)', color: '#90a4ae' },
];

/** Finding codes of report-schema.md, named for readers; unknown codes show as they are. */
export const CODE_LABELS: Record<string, string> = {
  'requests.balance': '申请数收支不平衡',
  'requests.row_sum': '申请人各列之和不符',
  'requests.handled_sum': '办理结果之和不符',
  'appeals.total': '复议诉讼合计不符',
  'table.short_row': '表格行缺值',
  'table.missing': '表格缺失',
  'value.unreadable': '数值无法识别',
  'value.negative': '出现负数',
  'template.outdated': '使用旧模板',
  'meta.late': '逾期发布',
  'text.mismatch': '正文与表格不符',
  'years.carry_over': '跨年结转不符',
  'years.stock': '跨年文件存量不符',
  'years.duplicate': '同年重复报告',
};

const STATUS: Record<string, { label: string; color: string }> = {
  ok: { label: '完整 (ok)', color: '#43a047' },
  partial: { label: '部分 (partial)', color: '#fbc02d' },
  failed: { label: '失败 (failed)', color: '#e53935' },
};
const UNKNOWN_YEAR = '年度不明 (unknown)';
const yearLabel = (y: number | null) => (y === null ? UNKNOWN_YEAR : String(y));

export function buildCharts(data: ChartData): Chart[] {
  return chartSpecs(data).map(renderChart);
}

export function chartSpecs(data: ChartData): ChartSpec[] {
  const charts = [
    applicationsChart(
      data.years,
      'applications',
      '各年度政府信息公开申请及办理结果 (Applications and outcomes per year)',
    ),
    grantRateChart(data.years),
    topAgenciesChart(data),
    appealsChart(data.years),
    findingsChart(data.findings, data.reportsWithFindings),
    statusChart(data.statuses),
  ];
  if (data.agency) {
    charts.push(
      applicationsChart(
        data.agency.years,
        'agency',
        `${data.agency.name}：历年申请及办理结果 (applications and outcomes by year)`,
      ),
    );
  }
  return charts;
}

function applicationsChart(years: YearRow[], name: string, title: string): ChartSpec {
  const series: BarSeries[] = [
    {
      key: 'received',
      label: '本年新收申请 (received)',
      color: '#1565c0',
      values: years.map((y) => y.received),
      stack: 'received',
    },
    ...OUTCOMES.map((o) => ({
      key: o.key,
      label: o.label,
      color: o.color,
      values: years.map((y) => y[o.key] as number | null),
      stack: 'outcomes',
    })),
  ];
  return {
    note: '左柱：本年新收申请；右柱：办理结果（含上年结转）。Left bar: new applications; right bar: outcomes (including carried-over ones).',
    ...barSpec({
      name,
      title,
      categories: years.map((y) => String(y.year)),
      series,
      valueTitle: '申请数 (applications)',
      categoryTitle: '报告年度 (year)',
    }),
  };
}

function grantRateChart(years: YearRow[]): ChartSpec {
  const title = '各年度公开率趋势 (Grant rate per year)';
  return {
    note:
      '公开率 = Σ予以公开 / Σ办理结果总计（即 agency_year.grant_rate 在各机关上合并）；含部分公开 = Σ(予以公开 + 部分公开) / Σ办理结果总计；只计列出办理总计的机关；柱为当年有报告的机关数。' +
      ' Grant rate = Σ granted / Σ handled total (agency_year.grant_rate pooled over agencies); with partial = Σ (granted + partially granted) / Σ handled total; bars count agencies with a report.',
    ...rateSpec({
      name: 'grant-rate',
      title,
      categories: years.map((y) => String(y.year)),
      rates: [
        { label: '公开率 (grant rate)', color: '#2e7d32', values: years.map((y) => y.grant_rate) },
        {
          label: '含部分公开 (granted + partially granted)',
          color: '#8bc34a',
          values: years.map((y) => y.grant_partial_rate),
        },
      ],
      rateTitle: '公开率 (rate)',
      counts: years.map((y) => y.agencies),
      countLabel: '机关数 (agencies)',
      countColor: '#cfd8dc',
    }),
  };
}

function topAgenciesChart(data: ChartData): ChartSpec {
  const year = data.latestYear;
  const title = `${year ?? ''}年度收到申请最多的机关 (Top agencies by applications received${year ? `, ${year}` : ''})`;
  return {
    note: `${year ?? '—'}年度本年新收申请数最多的 ${data.topAgencies.length} 个机关。The ${data.topAgencies.length} agencies with the most new applications in the latest year.`,
    ...barSpec({
      name: 'top-agencies',
      title,
      horizontal: true,
      categories: uniqueLabels(data.topAgencies),
      series: [
        {
          key: 'received',
          label: '本年新收申请 (received)',
          color: '#1565c0',
          values: data.topAgencies.map((a) => a.received),
        },
      ],
      valueTitle: '申请数 (applications)',
    }),
  };
}

/** Agency names as category labels; a name two agencies share gets their ids (`#12`). */
function uniqueLabels(rows: Array<{ agency_id: number; agency: string }>): string[] {
  const n = new Map<string, number>();
  for (const r of rows) n.set(r.agency, (n.get(r.agency) ?? 0) + 1);
  return rows.map((r) => ((n.get(r.agency) ?? 0) > 1 ? `${r.agency} #${r.agency_id}` : r.agency));
}

function appealsChart(years: YearRow[]): ChartSpec {
  const title = '各年度行政复议与行政诉讼 (Administrative reviews and lawsuits per year)';
  return {
    note: '行政诉讼 = 未经复议直接起诉 + 复议后起诉。Lawsuits = direct suits + suits after review.',
    ...barSpec({
      name: 'appeals',
      title,
      categories: years.map((y) => String(y.year)),
      series: [
        {
          key: 'reviews',
          label: '行政复议 (administrative reviews)',
          color: '#6a1b9a',
          values: years.map((y) => y.reviews_total),
        },
        {
          key: 'suits',
          label: '行政诉讼 (lawsuits)',
          color: '#00838f',
          values: years.map((y) => y.suits_total),
        },
      ],
      valueTitle: '案件数 (cases)',
      categoryTitle: '报告年度 (year)',
    }),
  };
}

/** Categories in year order, the unknown year last. */
function yearsOf(rows: Array<{ year: number | null }>): Array<number | null> {
  const ys = [...new Set(rows.map((r) => r.year))];
  return ys.sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
}

function findingsChart(rows: FindingCount[], withAny: YearCount[]): ChartSpec {
  const title = '各年度核查发现 (Findings per year by code)';
  const years = yearsOf([...rows, ...withAny]);
  // Most frequent codes first; past the palette they share one "other codes" colour.
  const byCount = new Map<string, number>();
  for (const r of rows) byCount.set(r.code, (byCount.get(r.code) ?? 0) + r.reports);
  const codes = [...byCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  const shown = codes.length > PALETTE.length ? codes.slice(0, PALETTE.length - 1) : codes;
  const rest = codes.filter((c) => !shown.includes(c));
  const cell = (year: number | null, pick: (code: string) => boolean) => {
    const hits = rows.filter((r) => r.year === year && pick(r.code));
    return hits.length ? hits.reduce((s, r) => s + r.reports, 0) : null;
  };
  const series: BarSeries[] = shown.map((code, i) => ({
    key: code,
    label: `${CODE_LABELS[code] ?? code} (${code})`,
    color: PALETTE[i]!,
    values: years.map((y) => cell(y, (c) => c === code)),
    stack: 'codes',
  }));
  if (rest.length) {
    series.push({
      key: 'other',
      label: `其他代码 (${rest.length} other codes)`,
      color: PALETTE[PALETTE.length - 1]!,
      values: years.map((y) => cell(y, (c) => rest.includes(c))),
      stack: 'codes',
    });
  }
  // Beside the stack: how many distinct reports have any finding (the stack counts report × code).
  series.unshift({
    key: 'any',
    label: '有核查发现的报告 (reports with any finding)',
    color: '#37474f',
    values: years.map((y) => withAny.find((r) => r.year === y)?.reports ?? null),
    stack: 'any',
  });
  return {
    note: '左柱：当年有任一核查发现的报告数；右柱每段：出现该代码的报告数（一份报告可有多个代码）。Left bar: reports with any finding; right bar: reports per finding code (a report may have several).',
    ...barSpec({
      name: 'findings',
      title,
      categories: years.map(yearLabel),
      series,
      valueTitle: '报告数 (reports)',
      categoryTitle: '报告年度 (year)',
    }),
  };
}

function statusChart(rows: StatusCount[]): ChartSpec {
  const title = '各年度报告提取状态 (Report status per year)';
  const years = yearsOf(rows);
  const statuses = [...new Set([...Object.keys(STATUS), ...rows.map((r) => r.status)])].filter((s) =>
    rows.some((r) => r.status === s),
  );
  const series: BarSeries[] = statuses.map((s, i) => ({
    key: s,
    label: `${STATUS[s]?.label ?? s} · ${rows.filter((r) => r.status === s).reduce((n, r) => n + r.reports, 0)}`,
    color: STATUS[s]?.color ?? PALETTE[i % PALETTE.length]!,
    values: years.map((y) => rows.find((r) => r.year === y && r.status === s)?.reports ?? null),
    stack: 'status',
  }));
  return {
    note: 'ok：三张表齐全且可读；partial：部分表格缺失或有误；failed：未能提取。ok: all tables read; partial: some missing or broken; failed: nothing extracted.',
    ...barSpec({
      name: 'status',
      title,
      categories: years.map(yearLabel),
      series,
      valueTitle: '报告数 (reports)',
      categoryTitle: '报告年度 (year)',
    }),
  };
}
