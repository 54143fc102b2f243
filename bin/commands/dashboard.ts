/** `xxgk dashboard`: serve the queue dashboard (Bull Board) and a status page on loopback. */
import type { Command } from 'commander';
import { port } from '../../pipeline/cli/options.ts';

export function register(program: Command): void {
  program
    .command('dashboard')
    .description(
      'serve the queues (Bull Board at /queues) and crawl status (/) on XXGK_DASHBOARD_HOST:XXGK_DASHBOARD_PORT',
    )
    .option('--host <host>', 'bind address (default 127.0.0.1)')
    .option('--port <port>', 'port', port)
    .action(async (opts: { host?: string; port?: number }) => {
      const { commandSettings } = await import('../../pipeline/cli/context.ts');
      const { startDashboard } = await import('../../pipeline/dashboard.ts');
      const { settings, logger } = commandSettings();
      const dash = await startDashboard(settings, logger, {
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.port !== undefined ? { port: opts.port } : {}),
      });
      process.stderr.write(`dashboard: ${dash.url}/\n`);
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve());
      });
      await dash.close();
    });
}
