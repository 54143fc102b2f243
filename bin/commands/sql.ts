/** `xxgk sql ["SELECT …" | -f FILE | < FILE] [--json|--csv]`: a read-only query on the configured dataset. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('sql')
    .description('Run one read-only SQL statement (writes are refused) and print the rows')
    .argument('[query]', 'SQL, e.g. "SELECT * FROM report_list"; without it, -f FILE or standard input')
    .option('-f, --file <file>', 'read the query from a file')
    .option('--json', 'print a JSON array of objects')
    .option('--csv', 'print CSV with a header row')
    .action(async (query: string | undefined, opts: { file?: string; json?: boolean; csv?: boolean }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { DbInputError, openConfiguredDatabase, readOnlyQuery, toCsv, toJson, toTable } = await import(
        '../../db/index.ts'
      );
      if (query !== undefined && opts.file)
        throw new DbInputError('sql.usage', 'sql: give the query as an argument or with -f, not both');
      let sql = query;
      if (sql === undefined && opts.file) {
        try {
          sql = readFileSync(opts.file, 'utf8');
        } catch (e) {
          throw new DbInputError('sql.file', `sql: cannot read ${opts.file}: ${(e as Error).message}`);
        }
      }
      if (sql === undefined) {
        if (process.stdin.isTTY)
          throw new DbInputError('sql.usage', 'sql: give a query, -f FILE, or pipe one on standard input');
        sql = readFileSync(0, 'utf8');
      }
      // A trailing `;` (as files and heredocs have it) is not a second statement.
      sql = sql.replace(/;\s*$/, '');
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        const { columns, rows } = await readOnlyQuery(db, sql);
        const out = opts.json ? toJson(rows) : opts.csv ? toCsv(columns, rows) : toTable(columns, rows);
        process.stdout.write(out);
      } finally {
        await db.close();
      }
    });
}
