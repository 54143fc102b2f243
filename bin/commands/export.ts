/** `xxgk export --out DIR`: the public views as CSV (UTF-8 BOM) and Parquet. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('export')
    .description(
      'Write every public view as CSV (UTF-8 with BOM, opens in Excel) and Parquet, and a codebook (codebook.csv, codebook.md)',
    )
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .action(async (opts: { out: string }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { exportViews, openConfiguredDatabase } = await import('../../db/index.ts');
      const { writeCodebook } = await import('../../db/codebook.ts');
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        for (const f of await exportViews(db, opts.out)) {
          process.stdout.write(`${f.view}: ${f.rows} rows → ${f.csv}, ${f.parquet}\n`);
        }
        const book = await writeCodebook(db, opts.out);
        process.stdout.write(`codebook: ${book.entries.length} entries → ${book.csv}, ${book.markdown}\n`);
      } finally {
        await db.close();
      }
    });
}
