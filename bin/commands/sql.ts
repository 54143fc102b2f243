/** `xxgk sql "SELECT …" [--json|--csv]`: a read-only query on the configured dataset. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('sql')
    .description('Run one read-only SQL statement (writes are refused) and print the rows')
    .argument('<query>', 'SQL, e.g. "SELECT * FROM report_list"')
    .option('--json', 'print a JSON array of objects')
    .option('--csv', 'print CSV with a header row')
    .action(async (query: string, opts: { json?: boolean; csv?: boolean }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { openConfiguredDatabase, readOnlyQuery, toCsv, toJson, toTable } = await import(
        '../../db/index.ts'
      );
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        const { columns, rows } = await readOnlyQuery(db, query);
        const out = opts.json ? toJson(rows) : opts.csv ? toCsv(columns, rows) : toTable(columns, rows);
        process.stdout.write(out);
      } finally {
        await db.close();
      }
    });
}
