/** `xxgk retry --failed-fetches`: fetch again what failed, and carry it through extract and load. */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';
import { collect } from '../../pipeline/cli/options.ts';

interface RetryOptions {
  failedFetches?: boolean;
  source?: string[];
  code?: string[];
  includePermanent: boolean;
  detach: boolean;
}

export function register(program: Command): void {
  program
    .command('retry')
    .description('re-fetch the documents whose fetch failed')
    .option(
      '--failed-fetches',
      'what to retry (the only kind for now; extraction failures: `xxgk reextract --failed`)',
    )
    .option('--source <id>', 'only this source (repeatable)', collect)
    .option(
      '--code <code>',
      'only failures with this code, e.g. fetch.http_5xx or http_5xx (repeatable; naming a permanent code retries it)',
      collect,
    )
    .option(
      '--include-permanent',
      'also retry failures another try cannot change (404, other 4xx, robots.txt, redirect loops, refused addresses)',
      false,
    )
    .option('--detach', 'enqueue and return at once (needs REDIS_URL and running workers)', false)
    .action(async (opts: RetryOptions) => {
      if (!opts.failedFetches) {
        throw new NonRetryableError(
          'cli.usage',
          'say what to retry: --failed-fetches (extraction failures: xxgk reextract --failed)',
        );
      }
      const { commandSettings, openFromCli } = await import('../../pipeline/cli/context.ts');
      const { createProgressView, formatProgress } = await import('../../pipeline/cli/progress.ts');
      const { describeSkipped, failedFetches, retryFailedFetches } = await import('../../pipeline/retry.ts');
      const { registerStages } = await import('../../pipeline/runner.ts');
      const { pendingFetches } = await import('../../pipeline/runs.ts');
      const { onShutdownSignals } = await import('../../pipeline/control/signals.ts');
      const { watchRuns } = await import('../../pipeline/watch.ts');
      const { settings, logger } = commandSettings();
      // As in `crawl`: a Ctrl-C ends the retry runs as `interrupted`, exit 130 (SIGTERM 143).
      const shutdown = onShutdownSignals({
        onFirst: (sig) =>
          process.stderr.write(
            `retry: ${sig}: stopping; the runs are marked interrupted (${sig} again to exit at once)\n`,
          ),
      });
      const ctx = await openFromCli(settings, logger);
      try {
        const { refs, skipped } = await failedFetches(ctx.db, {
          ...(opts.source ? { sources: opts.source } : {}),
          ...(opts.code ? { codes: opts.code } : {}),
          includePermanent: opts.includePermanent,
        });
        const skippedLine = describeSkipped(skipped);
        if (refs.length === 0) {
          const what = opts.code
            ? `no failed fetches with code ${opts.code.join(', ')} to retry`
            : 'no failed fetches to retry';
          process.stdout.write(`${what}${skippedLine ? `: ${skippedLine}` : ''}\n`);
          return;
        }
        if (skippedLine) process.stdout.write(`retrying ${refs.length} failed fetches; ${skippedLine}\n`);
        const local = ctx.queue.kind === 'local';
        if (local) registerStages(ctx.queue, ctx.deps, ctx.concurrency, undefined, undefined, ctx.control);
        const runIds = await retryFailedFetches(ctx.db, ctx.queue, refs);
        if (opts.detach && !local) {
          process.stdout.write(`enqueued ${refs.length} fetches (runs ${runIds.join(', ')})\n`);
          return;
        }
        const view = createProgressView(process.stderr, {
          intervalMs: settings.progressIntervalMs,
          label: 'retry',
          pending: () => pendingFetches(ctx.queue),
        });
        const outcome = await watchRuns(ctx.db, ctx.queue, runIds, {
          onTick: (p) => view.update(p),
          flush: () => ctx.store.flushCounts(),
          signal: shutdown.signal,
          stall: { timeoutMs: settings.stallTimeoutMs, action: settings.stallAction },
          jobs: ctx.control.jobs,
          timeouts: ctx.control.timeouts,
          logger,
          onStall: (line) => process.stderr.write(`retry: ${line}\n`),
        });
        view.stop();
        const { runs } = outcome;
        for (const r of runs)
          process.stdout.write(
            `${r.source}: ${outcome.reason === 'done' ? 'retried' : r.status} — ${formatProgress(r)}\n`,
          );
        if (outcome.reason === 'interrupted') process.exitCode = shutdown.exitCode() ?? 130;
        else if (outcome.reason === 'stalled' || runs.some((r) => r.failed > 0)) process.exitCode = 1;
      } finally {
        await ctx.close();
        shutdown.dispose();
      }
    });
}
