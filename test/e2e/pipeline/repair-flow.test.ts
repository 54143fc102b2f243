/**
 * Repair flow, without Redis (the in-process queue, as on a laptop): reports whose shape the
 * extractor is told to reject fail, `status` lists them with their reason, and `reextract --failed`
 * fixes them from the stored bytes without a single request to the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../../portal/server.ts';
import { compareWithTruth, createTestDatabase, E2E_TIMEOUT, runCli, writeSourcesFile } from './helpers.ts';

let portal: Portal;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sources: ReturnType<typeof writeSourcesFile>;
let env: Record<string, string>;

beforeAll(async () => {
  portal = await startPortal({ agencies: 3, years: [2020, 2021, 2022, 2023], seeds: false, faults: false });
  db = await createTestDatabase();
  sources = writeSourcesFile(portal.url, portal.truth);
  // REDIS_URL empty = unset: the stages run in the command's own process.
  env = { DATABASE_URL: db.url, REDIS_URL: '', XXGK_SOURCES_FILE: sources.file };
});

afterAll(async () => {
  await portal?.close();
  await db?.drop();
  sources?.cleanup();
});

describe('repair flow (no Redis)', () => {
  it(
    'lists reports the extractor rejected, then fixes them by re-extraction with no re-fetch',
    async () => {
      const crawl = await runCli(['crawl'], { ...env, XXGK_REJECT_SHAPES: 'html' });
      expect(crawl.code, crawl.stderr).toBe(0);

      const before = JSON.parse((await runCli(['status', '--json'], env)).stdout);
      const extractFailures = before.failures.filter((f: { stage: string }) => f.stage === 'extract');
      expect(extractFailures.length).toBeGreaterThan(0);
      expect(before.failed).toBe(before.failures.length);
      expect(extractFailures[0].reason).toMatch(/table/);
      const stored = portal.truth.reports.filter((r) => r.expect === 'stored').length;
      // A report whose tables were not read is still loaded (status failed): its agency published.
      expect(before.reports).toBe(stored);
      const unread = await db.client.query(
        "SELECT count(*)::int AS n FROM report_list WHERE status = 'failed'",
      );
      expect(unread.rows[0].n).toBe(extractFailures.length);
      const human = await runCli(['status'], env);
      expect(human.stdout).toContain(extractFailures[0].url);

      const requestsBefore = portal.requests.length;
      const re = await runCli(['reextract', '--failed', '--json'], env);
      expect(re.code, re.stderr).toBe(0);
      const outcome = JSON.parse(re.stdout);
      expect(outcome.selected).toBeGreaterThanOrEqual(extractFailures.length);
      expect(outcome.outcomes.every((o: { result: string }) => o.result === 'loaded')).toBe(true);
      expect(portal.requests.length).toBe(requestsBefore);

      const after = JSON.parse((await runCli(['status', '--json'], env)).stdout);
      expect(after.failed).toBe(0);
      expect(after.reports).toBe(stored);
      const diff = await compareWithTruth(db.client, portal.truth);
      expect(diff.missing).toEqual([]);
      expect(diff.wrongCells).toEqual([]);
      expect(diff.duplicates).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'reextract --report keeps the history: the same output adds a run, not a revision',
    async () => {
      const { rows } = await db.client.query('SELECT id FROM reports WHERE is_current ORDER BY id LIMIT 1');
      const id = rows[0].id as number;
      const runs = async () =>
        Number(
          (await db.client.query('SELECT count(*)::int AS n FROM extraction_runs WHERE report_id = $1', [id]))
            .rows[0].n,
        );
      const n = await runs();
      const re = await runCli(['reextract', '--report', String(id), '--json'], env);
      expect(re.code, re.stderr).toBe(0);
      const out = JSON.parse(re.stdout);
      expect(out.outcomes).toEqual([
        expect.objectContaining({ result: 'loaded', reportId: id, outcome: 'unchanged' }),
      ]);
      expect(await runs()).toBe(n + 1);
    },
    E2E_TIMEOUT,
  );

  it(
    'rejects a reextract without exactly one selector, naming the choices',
    async () => {
      const r = await runCli(['reextract'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--failed, --since DATE, --older-than VERSION, --report ID/);
    },
    E2E_TIMEOUT,
  );
});
