/** `xxgk chart --out DIR [--agency NAME] [--region R] [--level L] [--format html|svg]`: SVG charts of the dataset. */
import type { Command } from 'commander';
import type { ChartFormat } from '../../db/charts/index.ts';

/**
 * For the help text only: spelled out rather than imported from db/charts, which loads zod and the
 * renderers on every `xxgk` start. writeCharts validates the values; test/unit/cli checks they agree.
 */
export const CHART_FORMAT_NAMES: readonly ChartFormat[] = ['html', 'svg'];
export const CHART_LEVEL_NAMES = ['province', 'city', 'county', 'township'] as const;

export function register(program: Command): void {
  program
    .command('chart')
    .description(
      'Write charts of the dataset: each agency over the years (applications, grant rate, appeals, coverage) and yearly totals; index.html (inline SVG, works offline) and one .svg per chart',
    )
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option(
      '--agency <name>',
      "add one agency's applications and outcomes by year (agency_id as 12 or #12, full name, or a unique fragment)",
    )
    .option(
      '--region <region>',
      'agency charts: only agencies in this region (GB/T 2260 code such as 360700 = 赣州市 and all in it, or part of the name)',
    )
    .option(
      '--level <level>',
      `agency charts: only agencies of this level (${CHART_LEVEL_NAMES.join(' | ')})`,
    )
    .option(
      '--format <format>',
      `${CHART_FORMAT_NAMES.join(' | ')}: html writes index.html plus the .svg files`,
      'html',
    )
    .action(
      async (opts: { out: string; agency?: string; region?: string; level?: string; format: string }) => {
        const { loadSettings } = await import('../../config/settings.ts');
        const { openConfiguredDatabase } = await import('../../db/index.ts');
        const { writeCharts } = await import('../../db/charts/index.ts');
        const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
        try {
          const written = await writeCharts(db, opts.out, {
            agency: opts.agency,
            region: opts.region,
            level: opts.level,
            format: opts.format as ChartFormat,
          });
          for (const f of written.files) process.stdout.write(`chart: ${f}\n`);
        } finally {
          await db.close();
        }
      },
    );
}
