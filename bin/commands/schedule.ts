/** `xxgk schedule`: install or update the nightly crawl of each source (BullMQ job schedulers). */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';
import { collect } from '../../pipeline/cli/options.ts';
import type { ScheduleEntry } from '../../pipeline/scheduler.ts';

export function register(program: Command): void {
  program
    .command('schedule')
    .description(
      'install/update the nightly incremental crawl of each source (cron XXGK_SCHEDULE_CRON, tz XXGK_SCHEDULE_TZ)',
    )
    .option('--list', 'show the installed schedules and their next run', false)
    .option('--remove', 'remove every installed schedule', false)
    .option('--source <id>', 'only this source (repeatable)', collect)
    .option('--json', 'print JSON', false)
    .action(async (opts: { list: boolean; remove: boolean; source?: string[]; json: boolean }) => {
      const { commandSettings, pickSources } = await import('../../pipeline/cli/context.ts');
      const { settings, logger } = commandSettings();
      if (!settings.redisUrl) {
        throw new NonRetryableError(
          'cli.no_redis',
          'schedule needs REDIS_URL: the schedule lives in Redis and `xxgk worker` processes fire it. ' +
            'Without Redis, run `xxgk crawl` from cron (e.g. `0 2 * * * xxgk crawl`).',
        );
      }
      const { loadSources } = await import('../../config/sources/load.ts');
      const { BullQueue } = await import('../../pipeline/queue/bullmq.ts');
      const { listSchedules, removeSchedules, upsertSchedules } = await import('../../pipeline/scheduler.ts');
      const queue = new BullQueue({ redisUrl: settings.redisUrl, prefix: settings.queuePrefix, logger });
      try {
        let entries: ScheduleEntry[];
        if (opts.remove) {
          await removeSchedules(queue);
          entries = [];
        } else if (opts.list) {
          entries = await listSchedules(queue);
        } else {
          const sources = pickSources(loadSources(settings.sourcesFile), opts.source);
          entries = await upsertSchedules(queue, sources, {
            pattern: settings.scheduleCron,
            tz: settings.scheduleTz,
          });
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        else process.stdout.write(formatSchedules(entries));
      } finally {
        await queue.close();
      }
    });
}

export function formatSchedules(entries: ScheduleEntry[]): string {
  if (entries.length === 0) return 'no schedules installed\n';
  return entries
    .map(
      (e) =>
        `${e.source.padEnd(20)} ${String(e.pattern).padEnd(16)} ${String(e.tz).padEnd(16)} next ${e.next?.toISOString() ?? '-'}\n`,
    )
    .join('');
}
