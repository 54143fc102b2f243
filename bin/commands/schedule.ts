/** `xxgk schedule`: install or update the nightly crawl of each source (BullMQ job schedulers). */
import type { Command } from 'commander';
import { NonRetryableError } from '../../config/errors.ts';
import { collect } from '../../pipeline/cli/options.ts';
import type { ScheduleEntry } from '../../pipeline/scheduler.ts';

interface ScheduleOptions {
  list: boolean;
  remove: boolean;
  source?: string[];
  cron?: string;
  tz?: string;
  json: boolean;
}

export function register(program: Command): void {
  program
    .command('schedule')
    .description(
      'install/update the nightly incremental crawl of each source (cron XXGK_SCHEDULE_CRON, tz XXGK_SCHEDULE_TZ)',
    )
    .option('--list', 'show the installed schedules and their next run', false)
    .option('--remove', 'remove every installed schedule', false)
    .option('--source <id>', 'only this source (repeatable)', collect)
    .option('--cron <pattern>', 'cron pattern, seconds optional (default XXGK_SCHEDULE_CRON: 0 0 2 * * *)')
    .option('--tz <zone>', 'IANA time zone of the pattern (default XXGK_SCHEDULE_TZ: Asia/Shanghai)')
    .option('--json', 'print JSON', false)
    .action(async (opts: ScheduleOptions) => {
      const { commandSettings, pickSources } = await import('../../pipeline/cli/context.ts');
      const { describeOrigin, resolveSettings } = await import('../../config/settings.ts');
      const { checkSchedule } = await import('../../pipeline/scheduler.ts');
      const flagNames = { scheduleCron: '--cron', scheduleTz: '--tz' } as const;
      const overrides = { scheduleCron: opts.cron, scheduleTz: opts.tz };
      const { settings, logger } = commandSettings({ overrides, flagNames });
      const installing = !opts.list && !opts.remove;
      if (installing) {
        // Checked before Redis is reached: a bad pattern or zone names where it came from.
        const { origins } = resolveSettings({ overrides, flagNames });
        const where = (key: 'scheduleCron' | 'scheduleTz') => {
          const o = origins[key];
          return o.from === 'default' ? `default ${key}` : describeOrigin(o);
        };
        checkSchedule(settings.scheduleCron, settings.scheduleTz, {
          pattern: where('scheduleCron'),
          tz: where('scheduleTz'),
        });
      }
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
      const queue = await BullQueue.open({
        redisUrl: settings.redisUrl,
        connectTimeoutMs: settings.redisConnectTimeoutMs,
        prefix: settings.queuePrefix,
        logger,
      });
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

/** One line per schedule; the next run as the schedule's own zone's clock shows it, then in UTC. */
export function formatSchedules(entries: ScheduleEntry[]): string {
  if (entries.length === 0) return 'no schedules installed\n';
  return entries
    .map((e) => {
      const next = e.next
        ? `next ${e.nextLocal ?? e.next.toISOString()} (${e.next.toISOString().replace('.000Z', 'Z')})`
        : 'next -';
      return `${e.source.padEnd(20)} ${String(e.pattern).padEnd(16)} ${String(e.tz).padEnd(16)} ${next}\n`;
    })
    .join('');
}
