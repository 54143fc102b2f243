/** `xxgk sql "SELECT …" [--json|--csv]`: a read-only query on the configured dataset. */
import type { Command } from 'commander';
import { loadSettings } from '../../config/settings.ts';
import { openConfiguredDatabase, readOnlyQuery, toCsv, toJson, toTable } from '../../db/index.ts';

export function register(program: Command): void {
  program
    .command('sql')
    .description('Run one read-only SQL statement (writes are refused) and print the rows')
    .argument('<query>', 'SQL, e.g. "SELECT * FROM report_list"')
    .option('--json', 'print a JSON array of objects')
    .option('--csv', 'print CSV with a header row')
    .action(async (query: string, opts: { json?: boolean; csv?: boolean }) => {
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
