/** The I/O edge: read the views, render, write `NAME.svg` files (and index.html). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Database } from '../index.ts';
import { agencyChartSpecs } from './agency-charts.ts';
import { chartSpecs, renderChart } from './charts.ts';
import { ChartInputError } from './errors.ts';
import { chartsPage } from './html.ts';
import { readPanel } from './panel.ts';
import { readChartData, requireViews } from './queries.ts';

export const CHART_FORMATS = ['html', 'svg'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export interface WriteChartsOptions {
  agency?: string;
  /** Agency charts only: a GB/T 2260 code (everything inside it) or part of a region's name. */
  region?: string;
  /** Agency charts only: province | city | county | township. */
  level?: string;
  /** html (default): index.html plus every .svg; svg: the .svg files only. */
  format?: ChartFormat;
  now?: Date;
}

export interface WrittenCharts {
  files: string[];
  /** Each chart with the number of data marks it draws (0: the "no data" panel). */
  charts: Array<{ name: string; title: string; marks: number }>;
}

export async function writeCharts(
  db: Database,
  outDir: string,
  opts: WriteChartsOptions = {},
): Promise<WrittenCharts> {
  const format = opts.format ?? 'html';
  if (!CHART_FORMATS.includes(format)) {
    throw new ChartInputError(
      'chart.format',
      `chart: --format must be one of ${CHART_FORMATS.join(', ')}, not "${format}"`,
    );
  }
  await requireViews(db, [
    'report_summary',
    'report_list',
    'report_findings',
    'agency_list',
    'agency_year',
    'agency_coverage',
  ]);
  const panel = await readPanel(db, { region: opts.region, level: opts.level });
  const data = await readChartData(db, { agency: opts.agency });
  const charts = [...agencyChartSpecs(panel), ...chartSpecs(data)].map(renderChart);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const c of charts) {
    const file = join(dir, `${c.name}.svg`);
    await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}`);
    files.push(file);
  }
  if (format === 'html') {
    const reports = data.statuses.reduce((s, r) => s + r.reports, 0);
    const source =
      db.kind === 'pg' ? `PostgreSQL, schema ${db.schema}` : `PGlite (embedded), schema ${db.schema}`;
    const file = join(dir, 'index.html');
    await writeFile(file, chartsPage(charts, { source, reports, generatedAt: opts.now ?? new Date() }));
    files.unshift(file);
  }
  return { files, charts: charts.map((c) => ({ name: c.name, title: c.title, marks: c.marks })) };
}
