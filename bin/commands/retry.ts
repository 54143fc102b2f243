/** `xxgk retry --failed-fetches`: fetch again what failed, and carry it through extract and load. */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';
import { collect } from '../../pipeline/cli/options.ts';

export function register(program: Command): void {
  program
    .command('retry')
    .description('re-fetch the documents whose fetch failed')
    .option(
      '--failed-fetches',
      'what to retry (the only kind for now; extraction failures: `xxgk reextract --failed`)',
    )
    .option('--source <id>', 'only this source (repeatable)', collect)
    .option('--detach', 'enqueue and return at once (needs REDIS_URL and running workers)', false)
    .action(async (opts: { failedFetches?: boolean; source?: string[]; detach: boolean }) => {
      if (!opts.failedFetches) {
        throw new NonRetryableError(
          'cli.usage',
          'say what to retry: --failed-fetches (extraction failures: xxgk reextract --failed)',
        );
      }
      const { commandSettings, openFromCli } = await import('../../pipeline/cli/context.ts');
      const { createProgressView, formatProgress } = await import('../../pipeline/cli/progress.ts');
      const { failedFetches, retryFailedFetches } = await import('../../pipeline/retry.ts');
      const { registerStages } = await import('../../pipeline/runner.ts');
      const { waitForRuns } = await import('../../pipeline/runs.ts');
      const { settings, logger } = commandSettings();
      const ctx = await openFromCli(settings, logger);
      try {
        const refs = await failedFetches(ctx.db, opts.source);
        if (refs.length === 0) {
          process.stdout.write('no failed fetches\n');
          return;
        }
        const local = ctx.queue.kind === 'local';
        if (local) registerStages(ctx.queue, ctx.deps, ctx.concurrency);
        const runIds = await retryFailedFetches(ctx.db, ctx.queue, refs);
        if (opts.detach && !local) {
          process.stdout.write(`enqueued ${refs.length} fetches (runs ${runIds.join(', ')})\n`);
          return;
        }
        const view = createProgressView();
        const runs = await waitForRuns(ctx.db, ctx.queue, runIds, {
          onTick: (p) => view.update(p),
          flush: () => ctx.store.flushCounts(),
        });
        view.stop();
        for (const r of runs) process.stdout.write(`${r.source}: retried — ${formatProgress(r)}\n`);
        if (runs.some((r) => r.failed > 0)) process.exitCode = 1;
      } finally {
        await ctx.close();
      }
    });
}
