/** `xxgk trace REPORT_ID [TABLE ROW COL] [--json]`: a report's cells beside the source lines they came from. */
import { type Command, InvalidArgumentError } from 'commander';

export const reportIdArg = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`not a report id: ${v}`);
  return n;
};

export function register(program: Command): void {
  program
    .command('trace')
    .description(
      "Show each cell of a report beside the source text it was read from (the stored document read again); exit 1 if a cell's recorded position does not hold its text",
    )
    .argument('<report>', 'report id (report_list.report_id)', reportIdArg)
    .argument('[table]', 'only this table: active, requests, appeals')
    .argument('[row]', 'only this row key (report-schema.md)')
    .argument('[col]', 'only this column key')
    .option('--json', 'print JSON')
    .action(
      async (
        report: number,
        table: string | undefined,
        row: string | undefined,
        col: string | undefined,
        opts: { json?: boolean },
      ) => {
        const { loadSettings } = await import('../../config/settings.ts');
        const { openConfiguredDatabase } = await import('../../db/index.ts');
        const { formatTrace, traceReport } = await import('../../db/trace.ts');
        const { EXTRACTOR_VERSION } = await import('../../extractors/index.ts');
        const db = await openConfiguredDatabase(loadSettings(), { readOnly: true });
        try {
          const t = await traceReport(db, report, {
            ...(table ? { table } : {}),
            ...(row ? { row } : {}),
            ...(col ? { col } : {}),
          });
          process.stdout.write(
            opts.json
              ? `${JSON.stringify({ ...t, extractor_version_now: EXTRACTOR_VERSION }, null, 2)}\n`
              : formatTrace(t, EXTRACTOR_VERSION),
          );
          if (t.counts.mismatch + t.counts.unconfirmed + t.counts.ambiguous + t.counts.not_found > 0)
            process.exitCode = 1;
        } finally {
          await db.close();
        }
      },
    );
}
