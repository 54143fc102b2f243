/** Charts over the public views: see README.md. */

export {
  agencyAppealsChart,
  agencyApplicationsChart,
  agencyChartSpecs,
  agencyGrantRateChart,
  coverageChart,
} from './agency-charts.ts';
export type { BarSeries, BarSpec } from './bars.ts';
export { barSpec, stackTotals } from './bars.ts';
export type { Chart, ChartSpec } from './charts.ts';
export { buildCharts, CODE_LABELS, chartSpecs, renderChart } from './charts.ts';
export { ChartInputError } from './errors.ts';
export type { HeatCell, HeatmapSpec, HeatRow } from './heatmap.ts';
export { heatmapSpec } from './heatmap.ts';
export type { PageInfo } from './html.ts';
export { chartsPage } from './html.ts';
export type { Panel, PanelAgency, PanelFilter, RegionGroup } from './panel.ts';
export { AgencyRow, CoverageRow, codePrefix, groupPanel, LEVELS, PanelRow, readPanel } from './panel.ts';
export type { AgencyTotal, ChartData, FindingCount, StatusCount, YearRow } from './queries.ts';
export { readChartData, requireViews } from './queries.ts';
export type { RateSpec } from './rate.ts';
export { rateSpec } from './rate.ts';
export type { Rendered, RenderSpec } from './render.ts';
export { renderSvg } from './render.ts';
export { esc, fmtNum, fmtRate, textWidth } from './style.ts';
export type { ChartFormat, WriteChartsOptions, WrittenCharts } from './write.ts';
export { CHART_FORMATS, writeCharts } from './write.ts';
