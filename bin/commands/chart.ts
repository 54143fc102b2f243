/** `xxgk chart --out DIR [--agency NAME] [--format html|svg]`: SVG charts of the dataset. */
import type { Command } from 'commander';
import type { ChartFormat } from '../../db/charts/index.ts';

/**
 * For the help text only: spelled out rather than imported from db/charts, which loads zod and the
 * renderers on every `xxgk` start. writeCharts validates the value; test/unit/cli checks they agree.
 */
export const CHART_FORMAT_NAMES: readonly ChartFormat[] = ['html', 'svg'];

export function register(program: Command): void {
  program
    .command('chart')
    .description('Write charts of the dataset: index.html (inline SVG, works offline) and one .svg per chart')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option(
      '--agency <name>',
      "add one agency's applications and outcomes by year (full name or a unique fragment)",
    )
    .option(
      '--format <format>',
      `${CHART_FORMAT_NAMES.join(' | ')}: html writes index.html plus the .svg files`,
      'html',
    )
    .action(async (opts: { out: string; agency?: string; format: string }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { openConfiguredDatabase } = await import('../../db/index.ts');
      const { writeCharts } = await import('../../db/charts/index.ts');
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        const written = await writeCharts(db, opts.out, {
          agency: opts.agency,
          format: opts.format as ChartFormat,
        });
        for (const f of written.files) process.stdout.write(`chart: ${f}\n`);
      } finally {
        await db.close();
      }
    });
}
