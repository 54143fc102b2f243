/**
 * Ctrl-C and SIGTERM during `xxgk crawl`: the CLI as a child process, on the laptop default (PGlite,
 * in-process queue) and on PostgreSQL + Redis (`--with-worker`). The signal comes once the crawl is
 * certainly mid-run — the portal holds a report page unanswered and says when the crawler asked for
 * it — never after a guessed delay. The run must end `interrupted` (not `running` forever), the exit
 * code be the shell's for the signal, and what was stored stay stored.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import {
  createTestDatabase,
  E2E_TIMEOUT,
  runCli,
  spawnCli,
  TEST_REDIS,
  writeSourcesFile,
} from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A portal whose last gzjkq report page never answers, and its sources file. */
async function hangingPortal(): Promise<{ portal: Portal; sourcesFile: string; hungUrl: string }> {
  const portal = await startPortal({ agencies: 3, years: [2023, 2024], seeds: false, faults: false });
  cleanups.push(() => portal.close());
  const report = portal.truth.reports.filter((r) => r.listUrl.includes('/jkqxxgk/')).at(-1)!;
  const u = new URL(report.url);
  portal.hang([u.pathname + u.search]);
  const sources = writeSourcesFile(portal.url, portal.truth);
  cleanups.push(() => sources.cleanup());
  return { portal, sourcesFile: sources.file, hungUrl: report.url };
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  child.stderr!.on('data', (d) => (out.stderr += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { out, exit };
}

interface RunState {
  status: string;
  error: string | null;
  fetched: number;
  finished: boolean;
}

function expectInterrupted(
  r: { code: number | null; stdout: string; stderr: string },
  sig: 'SIGINT' | 'SIGTERM',
  code: number,
) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toContain(`crawl: ${sig}: stopping; the runs are marked interrupted`);
  expect(r.stdout).toMatch(new RegExp(`^gzjkq: interrupted — .* — interrupted: ${sig} received$`, 'm'));
  expect(r.stdout).toMatch(
    new RegExp(`^crawl interrupted by ${sig} after .* \\(ended: interrupted\\)$`, 'm'),
  );
  expect(r.stdout).toContain('nothing stored is lost');
}

describe('a crawl interrupted by a signal', () => {
  it(
    'laptop (PGlite, in-process queue): Ctrl-C → exit 130, the run `interrupted`, stored documents kept',
    async () => {
      const { portal, sourcesFile } = await hangingPortal();
      const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-interrupt-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const env = {
        DATABASE_URL: '',
        REDIS_URL: '',
        XXGK_DATA_DIR: dataDir,
        XXGK_SOURCES_FILE: sourcesFile,
        XXGK_PROGRESS_INTERVAL_MS: '250',
      };
      const child = spawnCli(['crawl', '--source', 'gzjkq', '--full'], env);
      const { out, exit } = collect(child);
      await portal.whenHeld();
      child.kill('SIGINT');
      const code = await exit;
      expectInterrupted({ code, ...out }, 'SIGINT', 130);
      // Off a terminal the heartbeat came at its interval while the crawl ran.
      expect(out.stderr).toMatch(
        /^crawl: \d\d:\d\d:\d\d · discovered \d+ · stored \d+ .* (docs\/s|rate \?)/m,
      );
      const sql = async <T>(q: string) => {
        const r = await runCli(['sql', '--json', q], env);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as T[];
      };
      const [run] = await sql<RunState>(
        'SELECT status, error, fetched, finished_at IS NOT NULL AS finished FROM crawl_runs',
      );
      expect(run).toMatchObject({
        status: 'interrupted',
        error: 'interrupted: SIGINT received',
        finished: true,
      });
      const [docs] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM documents');
      expect(Number(docs!.n)).toBeGreaterThanOrEqual(Number(run!.fetched));
      // Jobs cut short by the signal are not failures: the next crawl does them.
      const failures = await sql<{ code: string }>("SELECT code FROM fetch_failures WHERE code LIKE 'job.%'");
      expect(failures).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'PostgreSQL + Redis (--with-worker): SIGTERM → exit 143, the run `interrupted`',
    async () => {
      const { portal, sourcesFile } = await hangingPortal();
      const db = await createTestDatabase();
      cleanups.push(() => db.drop());
      const prefix = `t-int-${randomUUID().slice(0, 8)}`;
      cleanups.push(async () => {
        const q = new BullQueue({ redisUrl: TEST_REDIS, prefix });
        await q.obliterate().catch(() => {});
        await q.close();
      });
      const env = {
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS,
        XXGK_QUEUE_PREFIX: prefix,
        XXGK_SOURCES_FILE: sourcesFile,
      };
      const child = spawnCli(['crawl', '--source', 'gzjkq', '--full', '--with-worker'], env);
      const { out, exit } = collect(child);
      await portal.whenHeld();
      child.kill('SIGTERM');
      const code = await exit;
      expectInterrupted({ code, ...out }, 'SIGTERM', 143);
      const runs = (
        await db.client.query<RunState>(
          'SELECT status, error, fetched, finished_at IS NOT NULL AS finished FROM crawl_runs',
        )
      ).rows;
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        status: 'interrupted',
        error: 'interrupted: SIGTERM received',
        finished: true,
      });
      const docs = await db.client.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
      expect(Number(docs.rows[0]!.n)).toBeGreaterThanOrEqual(Number(runs[0]!.fetched));
    },
    E2E_TIMEOUT,
  );
});
