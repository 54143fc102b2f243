/** `xxgk status [--json]`: last crawl per source, queue counts, failed documents, dataset totals. */
import type { Command } from 'commander';
import type { Logger } from '../../config/logger.ts';
import type { Settings } from '../../config/settings.ts';
import type { BullQueue } from '../../pipeline/queue/bullmq.ts';

export function register(program: Command): void {
  program
    .command('status')
    .description('per source the last crawl and its outcome, queue counts, failed documents with reasons')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) => {
      const { migrate, openConfiguredDatabase } = await import('../../db/index.ts');
      const { commandSettings } = await import('../../pipeline/cli/context.ts');
      const { collectStatus, formatStatus } = await import('../../pipeline/status.ts');
      const { settings, logger } = commandSettings();
      // Redis first: when it is down the command ends in seconds (redis.unavailable).
      const queue = settings.redisUrl ? await openQueue(settings, logger) : null;
      const db = await openConfiguredDatabase(settings).catch(async (err) => {
        await queue?.close();
        throw err;
      });
      try {
        await migrate(db);
        const status = await collectStatus(db, queue);
        process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
      } finally {
        await queue?.close();
        await db.close();
      }
    });
}

/** BullMQ and ioredis are loaded only when there is a Redis to ask. */
async function openQueue(settings: Settings, logger: Logger): Promise<BullQueue> {
  const { BullQueue } = await import('../../pipeline/queue/bullmq.ts');
  return BullQueue.open({
    redisUrl: settings.redisUrl!,
    connectTimeoutMs: settings.redisConnectTimeoutMs,
    prefix: settings.queuePrefix,
    logger,
  });
}
