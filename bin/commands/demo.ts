/** `xxgk demo`: start the local portal, crawl it fully into a fresh database, print a summary. */
import type { Command } from 'commander';
import { positiveInt, yearList } from '../../pipeline/cli/options.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'crawl the built-in local portal end to end into the embedded database (or DATABASE_URL) and summarise',
    )
    .option('--agencies <n>', 'agencies on the portal', positiveInt, 20)
    .option('--years <list>', 'report years served', yearList, [2019, 2020, 2021, 2022, 2023, 2024])
    .option('--no-faults', 'serve no faulty pages (challenges, 5xx bursts, 404s…)')
    .option('--json', 'print the summary as JSON', false)
    .action(async (opts: { agencies: number; years: number[]; faults: boolean; json: boolean }) => {
      const { commandSettings } = await import('../../pipeline/cli/context.ts');
      const { createProgressView } = await import('../../pipeline/cli/progress.ts');
      const { onShutdownSignals } = await import('../../pipeline/control/signals.ts');
      // pipeline/demo.ts loads the local portal, which ships in test/portal/ (only `demo` and
      // `portal` load it, and only when they run).
      const { formatDemo, runDemo } = await import('../../pipeline/demo.ts');
      const { settings, logger } = commandSettings({
        env: { ...process.env, XXGK_LOG_LEVEL: process.env.XXGK_LOG_LEVEL ?? 'error' },
      });
      const shutdown = onShutdownSignals({
        onFirst: (sig) =>
          process.stderr.write(
            `demo: ${sig}: stopping; the runs are marked interrupted (${sig} again to exit at once)\n`,
          ),
      });
      let pending: (() => Promise<number>) | undefined;
      const view = createProgressView(process.stderr, {
        intervalMs: settings.progressIntervalMs,
        label: 'demo',
        // Unknown (no line says 'queued') until the demo's queue exists.
        pending: () => pending?.() ?? Promise.reject(new Error('no queue yet')),
      });
      try {
        const summary = await runDemo(settings, logger, {
          agencies: opts.agencies,
          years: opts.years,
          faults: opts.faults,
          onProgress: (p) => view.update(p),
          signal: shutdown.signal,
          signalName: () => shutdown.received(),
          onStall: (line) => process.stderr.write(`demo: ${line}\n`),
          onQueue: (fn) => {
            pending = fn;
          },
        });
        view.stop();
        process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : formatDemo(summary));
        if (summary.run.reason === 'interrupted') process.exitCode = shutdown.exitCode() ?? 130;
        else if (summary.run.reason === 'stalled') process.exitCode = 1;
      } finally {
        view.stop();
        shutdown.dispose();
      }
    });
}
