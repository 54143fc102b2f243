/** `xxgk status [--json]`: last crawl per source, queue counts, failed documents, dataset totals. */
import type { Command } from 'commander';
import { migrate, openConfiguredDatabase } from '../../db/index.ts';
import { commandSettings } from '../../pipeline/cli/context.ts';
import { BullQueue } from '../../pipeline/queue/bullmq.ts';
import { collectStatus, formatStatus } from '../../pipeline/status.ts';

export function register(program: Command): void {
  program
    .command('status')
    .description('per source the last crawl and its outcome, queue counts, failed documents with reasons')
    .option('--json', 'print JSON', false)
    .action(async (opts: { json: boolean }) => {
      const { settings, logger } = commandSettings();
      const db = await openConfiguredDatabase(settings);
      const queue = settings.redisUrl
        ? new BullQueue({ redisUrl: settings.redisUrl, prefix: settings.queuePrefix, logger })
        : null;
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
