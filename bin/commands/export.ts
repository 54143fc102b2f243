/** `xxgk export --out DIR`: the public views as CSV (UTF-8 BOM) and Parquet. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('export')
    .description('Write every public view as CSV (UTF-8 with BOM, opens in Excel) and Parquet')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .action(async (opts: { out: string }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { exportViews, openConfiguredDatabase } = await import('../../db/index.ts');
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        for (const f of await exportViews(db, opts.out)) {
          process.stdout.write(`${f.view}: ${f.rows} rows → ${f.csv}, ${f.parquet}\n`);
        }
      } finally {
        await db.close();
      }
    });
}
