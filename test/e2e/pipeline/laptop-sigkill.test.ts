/**
 * A laptop crawl (no Redis: the in-process queue; PGlite: the embedded database) killed with SIGKILL
 * early in its run heals like a BullMQ one: the next crawl fetches, extracts and loads whatever the
 * killed one discovered, fetched or extracted but never loaded (a page's attachments not yet
 * fetched, a document stored but not loaded). The kill comes once the child's own log says it has
 * loaded some reports, never after a guessed delay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../../portal/server.ts';
import { E2E_TIMEOUT, runCli, spawnCli, writeSourcesFile } from './helpers.ts';

let portal: Portal;
let sources: ReturnType<typeof writeSourcesFile>;
let dataDir: string;
let env: Record<string, string>;

const CRAWL = ['crawl', '--source', 'gzjkq'];
/** Reports loaded before the kill: early, with most of the crawl still to come. */
const KILL_AFTER = 4;

beforeAll(async () => {
  portal = await startPortal({ agencies: 8, years: [2020, 2021, 2022, 2023], seeds: false, faults: false });
  sources = writeSourcesFile(portal.url, portal.truth);
  dataDir = mkdtempSync(join(tmpdir(), 'xxgk-laptop-kill-'));
  // DATABASE_URL and REDIS_URL empty = unset: PGlite under XXGK_DATA_DIR, the in-process queue.
  env = { DATABASE_URL: '', REDIS_URL: '', XXGK_DATA_DIR: dataDir, XXGK_SOURCES_FILE: sources.file };
});

afterAll(async () => {
  await portal?.close();
  sources?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Reports a debug log line says were loaded: a "job done" whose summary (or inline step) has an outcome. */
function loadsIn(line: string): number {
  try {
    const o = JSON.parse(line) as { msg?: string; outcome?: string; inline?: Array<{ outcome?: string }> };
    if (o.msg !== 'job done') return 0;
    return [o, ...(o.inline ?? [])].filter((s) => s.outcome !== undefined).length;
  } catch {
    return 0;
  }
}

async function sql<T>(query: string): Promise<T[]> {
  const r = await runCli(['sql', '--json', query], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T[];
}

describe('laptop crawl killed with SIGKILL', () => {
  it(
    'the next crawl stores every report the killed one left behind, each exactly once',
    async () => {
      const expected = portal.truth.reports
        .filter((r) => r.expect === 'stored' && r.url.includes('/jkqxxgk/'))
        .map((r) => r.documentUrl);
      const child = spawnCli(CRAWL, { ...env, XXGK_LOG_LEVEL: 'debug' });
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      let tail = '';
      const loadedBeforeKill = await new Promise<number>((resolve, reject) => {
        let loads = 0;
        let buf = '';
        child.stderr!.on('data', (d: Buffer) => {
          buf += d.toString();
          tail = (tail + d.toString()).slice(-4000);
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const line of lines) loads += loadsIn(line);
          if (loads >= KILL_AFTER && child.exitCode === null && child.signalCode === null) {
            child.kill('SIGKILL');
            resolve(loads);
          }
        });
        void exited.then((c) => reject(new Error(`the crawl ended (${c}) before it was killed: ${tail}`)));
      });
      await exited;
      expect(loadedBeforeKill).toBeLessThan(expected.length);

      const again = await runCli(CRAWL, env);
      expect(again.code, again.stderr).toBe(0);
      const stored = (
        await sql<{ source_url: string }>('SELECT source_url FROM reports WHERE is_current')
      ).map((r) => r.source_url);
      const missing = expected.filter((u) => !stored.includes(u));
      const refs = await sql<{ url: string; state: string }>('SELECT url, state FROM document_refs');
      expect(
        missing.map((u) => `${u} (ref: ${refs.find((r) => r.url === u)?.state ?? 'none'})`),
        'reports never stored',
      ).toEqual([]);
      expect(
        stored.filter((u, i) => stored.indexOf(u) !== i),
        'reports stored twice',
      ).toEqual([]);
      expect(stored.length).toBe(expected.length);
    },
    E2E_TIMEOUT,
  );
});
