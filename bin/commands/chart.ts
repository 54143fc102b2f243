/** `xxgk chart --out DIR [--agency NAME] [--format html|svg]`: SVG charts of the dataset. */
import type { Command } from 'commander';
import { loadSettings } from '../../config/settings.ts';
import { CHART_FORMATS, type ChartFormat, writeCharts } from '../../db/charts/index.ts';
import { openConfiguredDatabase } from '../../db/index.ts';

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
      `${CHART_FORMATS.join(' | ')}: html writes index.html plus the .svg files`,
      'html',
    )
    .action(async (opts: { out: string; agency?: string; format: string }) => {
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
