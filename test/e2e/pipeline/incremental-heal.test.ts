/**
 * Incremental crawls heal after a list walk died, with no `--full` (no Redis: the in-process queue
 * runs the same stage handlers a nightly scheduled crawl runs on workers). The first crawl's walks of
 * two lists (a numbered HTML list and a JSON list) die on page 2; the next incremental crawl must
 * still reach the reports on the pages that walk never got to, although it meets reports it already
 * has on page 1; the one after that must stop on page 1 again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Portal, startPortal } from '../../portal/server.ts';
import type { TruthReport } from '../../portal/truth.ts';
import { createTestDatabase, E2E_TIMEOUT, runCli, snapshot, writeSourcesFile } from './helpers.ts';

let portal: Portal;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sources: ReturnType<typeof writeSourcesFile>;
let env: Record<string, string>;
/** The lists this crawl walks (gzjkq's static lists and the JCMS JSON list; not the browser-rendered one). */
let crawledLists: Set<string>;
/** The two lists whose page 2 is down during the first crawl, and those pages' request targets. */
let broken: Array<{ listUrl: string; page2: string }>;

const CRAWL = ['crawl', '--source', 'gzjkq', '--source', 'portal-jcms'];

const isListPage = (path: string) =>
  /^\/jkqxxgk\/c\d+\/list(?:_\d+)?\.shtml$/.test(path) || path.startsWith('/jcms/api/list?');
const isFirstListPage = (path: string) => /\/list\.shtml$/.test(path) || /[?&]page=1$/.test(path);
const reportUrls = (reports: TruthReport[]) => new Set(reports.flatMap((r) => [r.url, r.documentUrl]));
const requestedSince = (from: number) => portal.requests.slice(from);
const absolute = (path: string) => new URL(path, portal.url).toString();

function crawledReports(): TruthReport[] {
  return portal.truth.reports.filter((r) => crawledLists.has(r.listUrl) && r.expect === 'stored');
}

async function storedUrls(): Promise<Set<string>> {
  const { rows } = await db.client.query<{ source_url: string }>(
    'SELECT source_url FROM reports WHERE is_current',
  );
  return new Set(rows.map((r) => r.source_url));
}

async function missingReports(): Promise<TruthReport[]> {
  const stored = await storedUrls();
  return crawledReports().filter((r) => !stored.has(r.documentUrl));
}

/** Report pages and attachments requested since `from`, as absolute URLs. */
function reportRequestsSince(from: number): string[] {
  const all = reportUrls(portal.truth.reports);
  return [
    ...new Set(
      requestedSince(from)
        .map((r) => absolute(r.path))
        .filter((u) => all.has(u)),
    ),
  ].sort();
}

beforeAll(async () => {
  portal = await startPortal({
    agencies: 3,
    years: [2019, 2020, 2021, 2022, 2023, 2024],
    seeds: false,
    faults: false,
  });
  db = await createTestDatabase();
  sources = writeSourcesFile(portal.url, portal.truth);
  env = { DATABASE_URL: db.url, REDIS_URL: '', XXGK_SOURCES_FILE: sources.file };
  const lists = portal.truth.lists.filter((l) => l.kind === 'static' || l.kind === 'json');
  crawledLists = new Set(lists.map((l) => l.url));
  const staticList = lists.find((l) => l.kind === 'static')!;
  const jsonList = lists.find((l) => l.kind === 'json')!;
  broken = [
    {
      listUrl: staticList.url,
      page2: new URL(staticList.url).pathname.replace(/list\.shtml$/, 'list_1.shtml'),
    },
    {
      listUrl: jsonList.url,
      page2: `${new URL(jsonList.url).pathname}${new URL(jsonList.url).search}&page=2`,
    },
  ];
});

afterAll(async () => {
  await portal?.close();
  await db?.drop();
  sources?.cleanup();
});

describe('incremental crawls after a list walk died (no Redis)', () => {
  let neverReached: TruthReport[] = [];

  it(
    'the first crawl: two lists die on page 2, their later reports are not reached',
    async () => {
      portal.outage(broken.map((b) => b.page2));
      const from = portal.requests.length;
      const result = await runCli(CRAWL, env);
      portal.outage([]);
      // A list that cannot be read fails its run.
      expect(result.code, result.stderr).toBe(1);
      for (const b of broken) expect(result.stdout).toContain(b.listUrl);
      for (const b of broken)
        expect(
          requestedSince(from)
            .filter((r) => r.path === b.page2)
            .map((r) => r.status),
        ).toContain(503);

      neverReached = await missingReports();
      const brokenUrls = new Set(broken.map((b) => b.listUrl));
      for (const b of broken) {
        const ofList = crawledReports().filter((r) => r.listUrl === b.listUrl);
        const missed = neverReached.filter((r) => r.listUrl === b.listUrl);
        // Page 1 was read and its reports loaded; the older ones were never reached.
        expect(missed.length, b.listUrl).toBeGreaterThan(0);
        expect(missed.length, b.listUrl).toBeLessThan(ofList.length);
      }
      expect(neverReached.filter((r) => !brokenUrls.has(r.listUrl))).toEqual([]);

      const walks = await db.client.query<{ list_url: string; completed: boolean }>(
        'SELECT list_url, last_completed_started_at IS NOT NULL AS completed FROM list_walks ORDER BY list_url',
      );
      expect(walks.rows.map((w) => w.list_url).sort()).toEqual([...crawledLists].sort());
      for (const w of walks.rows) expect(w.completed, w.list_url).toBe(!brokenUrls.has(w.list_url));
    },
    E2E_TIMEOUT,
  );

  it(
    'the next incremental crawl, portal healthy, fetches exactly the reports the first never reached',
    async () => {
      const from = portal.requests.length;
      const result = await runCli(CRAWL, env);
      expect(result.code, result.stderr).toBe(0);
      expect(reportRequestsSince(from)).toEqual([...reportUrls(neverReached)].sort());
      expect(await missingReports()).toEqual([]);
      for (const b of broken)
        expect(
          requestedSince(from)
            .filter((r) => r.path === b.page2)
            .map((r) => r.status),
        ).toEqual([200]);
      const open = await db.client.query(
        'SELECT list_url FROM list_walks WHERE last_completed_started_at IS NULL',
      );
      expect(open.rows).toEqual([]);
    },
    E2E_TIMEOUT,
  );

  it(
    'the crawl after that stops on page 1 of every list and fetches nothing',
    async () => {
      const before = await snapshot(db.client);
      const from = portal.requests.length;
      const result = await runCli(CRAWL, env);
      expect(result.code, result.stderr).toBe(0);
      expect(reportRequestsSince(from)).toEqual([]);
      const listPages = requestedSince(from)
        .map((r) => r.path)
        .filter(isListPage);
      expect(listPages.filter((p) => !isFirstListPage(p))).toEqual([]);
      expect(listPages).toHaveLength(crawledLists.size);
      expect(await snapshot(db.client)).toEqual(before);
    },
    E2E_TIMEOUT,
  );

  it(
    'and a night with new reports fetches only those, still from page 1',
    async () => {
      const old = reportUrls(portal.truth.reports);
      portal.publish(2);
      const fresh = portal.truth.reports.filter((r) => !old.has(r.url));
      expect(fresh).toHaveLength(2);
      const from = portal.requests.length;
      const result = await runCli(CRAWL, env);
      expect(result.code, result.stderr).toBe(0);
      expect(reportRequestsSince(from)).toEqual([...reportUrls(fresh)].sort());
      const listPages = requestedSince(from)
        .map((r) => r.path)
        .filter(isListPage);
      expect(listPages.filter((p) => !isFirstListPage(p))).toEqual([]);
      expect(await missingReports()).toEqual([]);
    },
    E2E_TIMEOUT,
  );
});
