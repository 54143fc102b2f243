/**
 * The operator's dashboard: Bull Board (queues, jobs, failures, retry buttons) at /queues when
 * Redis is configured, and at / a plain page from the database — last crawl per source, queue
 * counts, failed documents with reasons — that also works without Redis. /status.json is the
 * same data as `xxgk status --json`. Bound to loopback unless XXGK_DASHBOARD_HOST says otherwise.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Logger } from 'pino';
import { describeError } from '../config/errors.ts';
import type { Settings } from '../config/settings.ts';
import { type Database, migrate, openDatabase } from '../db/index.ts';
import { STAGES } from './payloads.ts';
import { BullQueue } from './queue/bullmq.ts';
import { collectStatus, formatStatus, type StatusReport } from './status.ts';

export interface RunningDashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(
  settings: Settings,
  logger: Logger,
  opts: { host?: string; port?: number; db?: Database } = {},
): Promise<RunningDashboard> {
  // Redis first: when it is down the command ends in seconds (redis.unavailable).
  const queue = settings.redisUrl
    ? await BullQueue.open({
        redisUrl: settings.redisUrl,
        connectTimeoutMs: settings.redisConnectTimeoutMs,
        prefix: settings.queuePrefix,
        logger,
      })
    : null;
  let db: Database;
  try {
    db = opts.db ?? (await openDatabase(settings, { schema: settings.dbSchema }));
    if (!opts.db) await migrate(db);
  } catch (err) {
    await queue?.close();
    throw err;
  }
  const app = express();
  if (queue) {
    const adapter = new ExpressAdapter();
    adapter.setBasePath('/queues');
    createBullBoard({ queues: STAGES.map((s) => new BullMQAdapter(queue.queue(s))), serverAdapter: adapter });
    app.use('/queues', adapter.getRouter());
  }
  const status = () => collectStatus(db, queue);
  app.get('/status.json', async (_req, res) => {
    try {
      res.json(await status());
    } catch (err) {
      res.status(500).json({ error: describeError(err) });
    }
  });
  app.get('/', async (_req, res) => {
    try {
      res.type('html').send(page(await status(), queue !== null));
    } catch (err) {
      res.status(500).type('text').send(describeError(err));
    }
  });
  const host = opts.host ?? settings.dashboardHost;
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(opts.port ?? settings.dashboardPort, host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, bullBoard: queue !== null }, 'dashboard listening');
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await queue?.close();
      if (!opts.db) await db.close();
    },
  };
}

function page(s: StatusReport, bullBoard: boolean): string {
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>xxgk status</title>
<meta http-equiv="refresh" content="10"><style>body{font:14px system-ui;margin:2em}pre{white-space:pre-wrap}</style></head>
<body><h1>xxgk</h1>${bullBoard ? '<p><a href="/queues">Queues (Bull Board)</a> · <a href="/status.json">status.json</a></p>' : '<p>No REDIS_URL: queues run in-process; crawl runs and failures below. <a href="/status.json">status.json</a></p>'}
<pre>${esc(formatStatus(s))}</pre></body></html>`;
}
