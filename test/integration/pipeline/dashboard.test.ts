import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../config/logger.ts';
import { loadSettings } from '../../../config/settings.ts';
import { type Database, migrate, openDatabase } from '../../../db/index.ts';
import { startDashboard } from '../../../pipeline/dashboard.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';

const PG = process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const schema = `dash_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
const prefix = `t-${randomUUID()}`;
let db: Database;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: PG, dataDir: './data' }, { schema });
  await migrate(db);
  await db.query("INSERT INTO sources (name, base_url) VALUES ('alpha', 'https://alpha.example.gov.cn/')");
  await db.query(
    "INSERT INTO crawl_runs (source_id, mode, status, discovered) SELECT id, 'full', 'done', 12 FROM sources",
  );
  await db.query(
    "INSERT INTO fetch_failures (url, code, reason) VALUES ('https://alpha.example.gov.cn/x.shtml', 'fetch.http_404', 'HTTP 404')",
  );
});

afterAll(async () => {
  await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  await db.close();
});

describe('dashboard', () => {
  it('serves Bull Board and the status page on loopback, with jobs and failures visible', async () => {
    const settings = loadSettings({
      env: { DATABASE_URL: PG, REDIS_URL: REDIS, XXGK_QUEUE_PREFIX: prefix },
      configFile: '/nonexistent',
    });
    const q = new BullQueue({ redisUrl: REDIS, prefix });
    await q.add(
      'fetch',
      {
        runId: null,
        source: 'alpha',
        url: 'https://alpha.example.gov.cn/a.shtml',
        parentUrl: null,
        kind: 'detail',
        force: false,
        hints: {},
      },
      'fetch.a',
    );
    const dash = await startDashboard(settings, silentLogger, { port: 0, db });
    try {
      expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await (await fetch(`${dash.url}/`)).text();
      expect(page).toContain('/queues');
      expect(page).toContain('fetch.http_404');
      const status = await (await fetch(`${dash.url}/status.json`)).json();
      expect(status.failed).toBe(1);
      expect(status.stages.fetch.waiting).toBe(1);
      expect(status.sources[0]).toMatchObject({
        source: 'alpha',
        lastRun: { status: 'done', discovered: 12 },
      });
      const board = await fetch(`${dash.url}/queues/api/queues?activeQueue=fetch&status=waiting&page=1`);
      expect(board.status).toBe(200);
      const api = await board.json();
      const fetchQueue = api.queues.find((x: { name: string }) => x.name === 'fetch');
      expect(fetchQueue.jobs.map((j: { id: string }) => j.id)).toContain('fetch.a');
    } finally {
      await dash.close();
      await q.obliterate();
      await q.close();
    }
  });

  it('without Redis serves the status page from the database alone', async () => {
    const settings = loadSettings({ env: { DATABASE_URL: PG }, configFile: '/nonexistent' });
    const dash = await startDashboard(settings, silentLogger, { port: 0, db });
    try {
      const page = await (await fetch(`${dash.url}/`)).text();
      expect(page).toContain('No REDIS_URL');
      expect((await fetch(`${dash.url}/queues`)).status).toBe(404);
    } finally {
      await dash.close();
    }
  });
});
