/** `xxgk reextract`: re-run extraction from stored bytes (no re-fetch) and reload, keeping the history. */
import type { Command } from 'commander';
import { positiveInt } from '../../pipeline/cli/options.ts';

export function register(program: Command): void {
  program
    .command('reextract')
    .description('re-extract stored documents and reload them (no network)')
    .option('--failed', 'documents whose extraction failed')
    .option('--since <date>', 'documents fetched on or after DATE')
    .option('--older-than <version>', 'reports extracted by an extractor version below VERSION')
    .option('--report <id>', 'one report', positiveInt)
    .option('--json', 'print the outcomes as JSON', false)
    .action(
      async (opts: {
        failed?: boolean;
        since?: string;
        olderThan?: string;
        report?: number;
        json: boolean;
      }) => {
        const { commandSettings, openFromCli } = await import('../../pipeline/cli/context.ts');
        const { reextractDocuments, selectTargets } = await import('../../pipeline/reextract.ts');
        const { settings, logger } = commandSettings();
        const ctx = await openFromCli(settings, logger, { local: true });
        try {
          const targets = await selectTargets(ctx.db, opts);
          const outcomes = await reextractDocuments(ctx.deps, targets, {
            concurrency: settings.concurrencyExtract,
          });
          const failed = outcomes.filter((o) => o.result === 'failed');
          if (opts.json)
            process.stdout.write(`${JSON.stringify({ selected: targets.length, outcomes }, null, 2)}\n`);
          else {
            for (const o of outcomes) {
              process.stdout.write(
                o.result === 'loaded'
                  ? `document ${o.documentId} ${o.url} → report ${o.reportId} (${o.outcome})\n`
                  : `document ${o.documentId} ${o.url}: still failing — ${o.reason}\n`,
              );
            }
            process.stdout.write(
              `reextracted ${targets.length} reports: ${targets.length - failed.length} loaded, ${failed.length} failed\n`,
            );
          }
          if (failed.length > 0) process.exitCode = 1;
        } finally {
          await ctx.close();
        }
      },
    );
}
