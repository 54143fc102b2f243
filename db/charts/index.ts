/** Charts over the public views: see README.md. */

export type { BarSpec } from './bars.ts';
export { barChart } from './bars.ts';
export type { Chart } from './charts.ts';
export { buildCharts, CODE_LABELS } from './charts.ts';
export { ChartInputError } from './errors.ts';
export type { PageInfo } from './html.ts';
export { chartsPage } from './html.ts';
export type { AgencyTotal, ChartData, FindingCount, StatusCount, YearRow } from './queries.ts';
export { readChartData } from './queries.ts';
export type { RateSpec } from './rate.ts';
export { rateChart } from './rate.ts';
export { bandScale, linearScale, niceTicks } from './scale.ts';
export type { BarSeries, Segment, StackGroup } from './stack.ts';
export { maxTotal, stackGroups } from './stack.ts';
export { esc, fitText, fmtNum, noData, textWidth } from './svg.ts';
export type { ChartFormat, WriteChartsOptions, WrittenCharts } from './write.ts';
export { CHART_FORMATS, writeCharts } from './write.ts';
