/** `xxgk crawl`: enqueue a crawl of each source and follow it until done (or return at once with --detach). */
import type { Command } from 'commander';
import { collect } from '../../pipeline/cli/options.ts';

export function register(program: Command): void {
  program
    .command('crawl')
    .description('crawl the configured sources (incremental unless --full) and show live progress')
    .option('--source <id>', 'only this source (repeatable)', collect)
    .option('--full', 'walk every list page and re-fetch every report, not only new ones', false)
    .option('--detach', 'enqueue and return at once (needs REDIS_URL and running workers)', false)
    .option('--with-worker', 'with REDIS_URL: also run the stage workers in this process', false)
    .action(async (opts: { source?: string[]; full: boolean; detach: boolean; withWorker: boolean }) => {
      const { commandSettings, openFromCli, pickSources } = await import('../../pipeline/cli/context.ts');
      const { createProgressView, formatProgress } = await import('../../pipeline/cli/progress.ts');
      const { onShutdownSignals } = await import('../../pipeline/control/signals.ts');
      const { formatRunSummary } = await import('../../pipeline/control/summary.ts');
      const { registerStages } = await import('../../pipeline/runner.ts');
      const { pendingFetches, startCrawl, sumProgress } = await import('../../pipeline/runs.ts');
      const { watchRuns } = await import('../../pipeline/watch.ts');
      const { settings, logger } = commandSettings();
      // Before anything is opened: a Ctrl-C at any point ends the runs as `interrupted`, exit 130.
      const shutdown = onShutdownSignals({
        onFirst: (sig) =>
          process.stderr.write(
            `crawl: ${sig}: stopping; the runs are marked interrupted (${sig} again to exit at once)\n`,
          ),
      });
      const ctx = await openFromCli(settings, logger);
      try {
        const sources = pickSources(ctx.sources, opts.source);
        const local = ctx.queue.kind === 'local';
        if (opts.detach && local) {
          process.stderr.write(
            'crawl: --detach needs REDIS_URL (no queue outlives this process); running in the foreground\n',
          );
        }
        if (shutdown.signal.aborted) {
          process.exitCode = shutdown.exitCode();
          return;
        }
        if (local || opts.withWorker)
          registerStages(ctx.queue, ctx.deps, ctx.concurrency, undefined, undefined, ctx.control);
        const runIds = await startCrawl(ctx.db, ctx.queue, sources, { full: opts.full });
        if (opts.detach && !local) {
          process.stdout.write(
            `enqueued crawl runs ${runIds.join(', ')} (${sources.map((s) => s.id).join(', ')})\n`,
          );
          return;
        }
        const view = createProgressView(process.stderr, {
          intervalMs: settings.progressIntervalMs,
          pending: () => pendingFetches(ctx.queue),
        });
        const started = Date.now();
        let hinted = local || opts.withWorker;
        const outcome = await watchRuns(ctx.db, ctx.queue, runIds, {
          flush: () => ctx.store.flushCounts(),
          signal: shutdown.signal,
          stall: { timeoutMs: settings.stallTimeoutMs, action: settings.stallAction },
          jobs: ctx.control.jobs,
          timeouts: ctx.control.timeouts,
          logger,
          onStall: (line) =>
            process.stderr.write(
              `crawl: ${line} — ${settings.stallAction === 'fail' ? 'failing them and going on' : 'ending the crawl without them'}\n`,
            ),
          onTick: (p) => {
            view.update(p);
            // Jobs wait in Redis for `xxgk worker` processes: say so if none seems to be running.
            if (!hinted && Date.now() - started > 15_000 && p.discovered === 0 && p.failed === 0) {
              hinted = true;
              process.stderr.write(
                'crawl: nothing has started yet — is an `xxgk worker` running against this REDIS_URL?\n',
              );
            }
          },
        });
        view.stop();
        const { runs } = outcome;
        for (const r of runs) {
          process.stdout.write(
            `${r.source}: ${r.status} — ${formatProgress(r)}${r.error ? ` — ${r.error}` : ''}\n`,
          );
        }
        process.stdout.write(
          formatRunSummary(
            {
              reason: outcome.reason,
              signal: shutdown.received(),
              stall: outcome.stalls.at(-1) ?? null,
              elapsedMs: Date.now() - started,
              runs,
              stages: ctx.control.tally.snapshot(),
            },
            { runs: false },
          ),
        );
        const total = sumProgress(runs);
        if (outcome.reason === 'interrupted') process.exitCode = shutdown.exitCode() ?? 130;
        else if (outcome.reason === 'stalled' || runs.some((r) => r.status === 'failed'))
          process.exitCode = 1;
        logger.info({ runs: runIds, reason: outcome.reason, ...total }, 'crawl finished');
      } finally {
        await ctx.close();
        shutdown.dispose();
      }
    });
}
