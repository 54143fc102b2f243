/** `xxgk show REPORT_ID [--json]`: a report as its three tables, with its findings. */
import type { Command } from 'commander';
import { reportIdArg } from './trace.ts';

export function register(program: Command): void {
  program
    .command('show')
    .description('Print a report as its three tables (template rows and columns) with its findings')
    .argument('<report>', 'report id (report_list.report_id)', reportIdArg)
    .option('--json', 'print JSON')
    .action(async (report: number, opts: { json?: boolean }) => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { openConfiguredDatabase } = await import('../../db/index.ts');
      const { formatReport, showReport } = await import('../../db/show-report.ts');
      const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
      try {
        const s = await showReport(db, report);
        process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatReport(s));
      } finally {
        await db.close();
      }
    });
}
