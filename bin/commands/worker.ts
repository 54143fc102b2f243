/** `xxgk worker`: run the stage workers against REDIS_URL until SIGTERM (which drains) or SIGINT. */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';
import type { Stage } from '../../pipeline/payloads.ts';

/**
 * For the option's default and help text: spelled out rather than imported from pipeline/payloads.ts,
 * which loads zod on every `xxgk` start. The action parses against the real enum; test/unit/cli
 * checks they agree.
 */
export const STAGE_NAMES: readonly Stage[] = ['discover', 'fetch', 'extract', 'ocr', 'load'];

export function register(program: Command): void {
  program
    .command('worker')
    .description('run the discover/fetch/extract/load workers (start as many as you like, on any machine)')
    .option('--stages <list>', `comma-separated subset of ${STAGE_NAMES.join(',')}`, STAGE_NAMES.join(','))
    .action(async (opts: { stages: string }) => {
      const { commandSettings, openFromCli } = await import('../../pipeline/cli/context.ts');
      const { startWorker } = await import('../../pipeline/worker.ts');
      const { STAGES, Stage } = await import('../../pipeline/payloads.ts');
      const { settings, logger } = commandSettings();
      if (!settings.redisUrl) {
        throw new NonRetryableError(
          'cli.no_redis',
          'worker needs REDIS_URL (a shared queue); without Redis, `xxgk crawl` runs every stage in its own process',
        );
      }
      const stages = opts.stages.split(',').map((s) => {
        const parsed = Stage.safeParse(s.trim());
        if (!parsed.success)
          throw new NonRetryableError(
            'cli.stage',
            `--stages: unknown stage "${s}" (one of ${STAGES.join(', ')})`,
          );
        return parsed.data;
      });
      const ctx = await openFromCli(settings, logger);
      const worker = startWorker(ctx, { stages });
      await worker.stopped;
      // Stopped means drained or abandoned (XXGK_QUEUE_DRAIN_MS): a job abandoned by force may still
      // hold the event loop (a fetch, a parser); its lock runs out and another worker retries it, so
      // nothing is lost by not waiting for it. unref: a clean stop exits before this fires.
      setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
    });
}
