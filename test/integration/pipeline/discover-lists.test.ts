/**
 * The discover stage split into a source job (lists + sweep) and list jobs (page by page), against
 * the real store on an in-memory PGlite; the lists themselves are fakes that behave like crawlers'
 * discoverList (incremental walks stop at the first ref `isKnown` accepts; a broken page throws).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../config/sources/schema.ts';
import type { DocumentRef } from '../../../crawlers/types.ts';
import {
  type Database,
  getCrawlRun,
  listDocumentRefs,
  listListWalks,
  migrate,
  openDatabase,
  setDocumentRefState,
  startCrawlRun,
  upsertDocumentRef,
  upsertSource,
} from '../../../db/index.ts';
import {
  type FetchPayload,
  fetchTargets,
  jobIds,
  type ListTarget,
  type NextJob,
} from '../../../pipeline/payloads.ts';
import type { PipelineStore, StageDeps } from '../../../pipeline/ports.ts';
import { discoverStage } from '../../../pipeline/stages/discover.ts';
import { createSqlStore } from '../../../pipeline/store/sql-store.ts';
import { stageDeps } from '../../support/stage-deps.ts';

const BASE = 'http://127.0.0.1:9/';
const LISTS: ListTarget[] = [
  { url: `${BASE}a/list.shtml`, agency: '甲局' },
  { url: `${BASE}b/list.shtml`, agency: '乙局' },
];
let db: Database;
let store: PipelineStore;
/** The portal as the fakes see it: pages of report URLs per list, newest first. */
const pages = new Map<string, string[][]>();
const brokenLists = new Set<string>();
/** List URL → index of the page that answers 5xx (the walk dies there, after the pages before it). */
const brokenPages = new Map<string, number>();

const ref = (url: string, listUrl: string): DocumentRef => ({
  source: 'src',
  url,
  title: `年报 ${url}`,
  date: '2024-01-02',
  listUrl,
  kind: 'detail',
  parentUrl: null,
});

/** Run counters are counted in memory (store/run-counts.ts): written before they are read. */
async function getCrawlRunFlushed(runId: number) {
  await store.flushCounts();
  return getCrawlRun(db, runId);
}

function makeDeps(emitted: NextJob[]): StageDeps {
  return stageDeps(store, {
    source: (id) => ({ id }) as Source,
    lists: async () => LISTS,
    async *walkList(_source, list, opts) {
      if (brokenLists.has(list.url)) throw new Error('HTTP 500 on the list');
      for (const [i, page] of (pages.get(list.url) ?? []).entries()) {
        if (brokenPages.get(list.url) === i) throw new Error(`HTTP 503 on page ${i + 1}`);
        const out: DocumentRef[] = [];
        for (const url of page) {
          if (!opts.full && (await opts.isKnown(url))) {
            if (out.length) yield out;
            return;
          }
          out.push(ref(url, list.url));
        }
        yield out;
      }
    },
    emit: async (jobs) => void emitted.push(...jobs),
  });
}

const fetchUrls = (jobs: NextJob[]) =>
  jobs.filter((j) => j.stage === 'fetch').map((j) => (j.data as { url: string }).url);

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
  await migrate(db);
  store = createSqlStore(db);
  await upsertSource(db, { name: 'src', baseUrl: BASE });
});
afterAll(async () => {
  await store?.close();
  await db?.close();
});

describe('discover stage: source job → list jobs → fetch jobs', () => {
  it('the source job asks for one job per list and sweeps up refs never fetched', async () => {
    await upsertDocumentRef(db, { sourceName: 'src', url: `${BASE}left-behind.shtml`, kind: 'detail' });
    const runId = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
    const r = await discoverStage({ runId, source: 'src', full: false, list: null }, makeDeps([]));
    const lists = r.next.filter((j) => j.stage === 'discover');
    expect(lists.map((j) => j.jobId)).toEqual(LISTS.map((l) => jobIds.list('src', runId, l.url)));
    expect(lists.map((j) => (j.data as { list: ListTarget }).list)).toEqual(LISTS);
    expect(new Set(lists.map((j) => j.jobId)).size).toBe(LISTS.length);
    expect(fetchUrls(r.next)).toEqual([`${BASE}left-behind.shtml`]);
  });

  it('a list job records each page and hands its new refs to the fetchers as it goes', async () => {
    const list = LISTS[0]!;
    pages.set(list.url, [
      [`${BASE}a/3.shtml`, `${BASE}a/2.shtml`],
      [`${BASE}a/1.shtml`, `${BASE}a/3.shtml`],
    ]);
    const runId = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
    const emitted: NextJob[] = [];
    const r = await discoverStage({ runId, source: 'src', full: false, list }, makeDeps(emitted));
    expect(r.next).toEqual([]);
    expect(fetchUrls(emitted)).toEqual([
      `${BASE}a/3.shtml`,
      `${BASE}a/2.shtml`,
      `${BASE}a/1.shtml`,
      `${BASE}a/3.shtml`,
    ]);
    // The same URL twice on one list is one ref, and one fetch job id.
    expect(new Set(emitted.map((j) => j.jobId)).size).toBe(3);
    expect((await getCrawlRunFlushed(runId))?.discovered).toBe(3);
    const refs = await listDocumentRefs(db, { sourceName: 'src' });
    expect(
      refs
        .filter((x) => x.url.startsWith(`${BASE}a/`))
        .map((x) => x.url)
        .sort(),
    ).toEqual([`${BASE}a/1.shtml`, `${BASE}a/2.shtml`, `${BASE}a/3.shtml`]);
  });

  it('on BullMQ the refs a page recorded first share one fetch job; a ref seen again later is not fetched twice', async () => {
    const list = LISTS[1]!;
    pages.set(list.url, [
      [`${BASE}b/3.shtml`, `${BASE}b/2.shtml`, `${BASE}b/1.shtml`],
      // The list moved while walked: b/1 shows again on page 2, beside b/0 and b/left (known, never fetched).
      [`${BASE}b/1.shtml`, `${BASE}b/0.shtml`, `${BASE}b/left.shtml`],
    ]);
    await upsertDocumentRef(db, { sourceName: 'src', url: `${BASE}b/left.shtml`, kind: 'detail' });
    const runId = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
    const emitted: NextJob[] = [];
    await discoverStage({ runId, source: 'src', full: false, list }, { ...makeDeps(emitted), fetchBatch: 2 });
    const jobs = emitted.map((j) => {
      const d = j.data as FetchPayload;
      return { jobId: j.jobId, urls: fetchTargets(d).map((t) => t.url), title: d.more?.[0]?.hints.title };
    });
    expect(jobs).toEqual([
      {
        jobId: jobIds.fetchBatch([`${BASE}b/3.shtml`, `${BASE}b/2.shtml`]),
        urls: [`${BASE}b/3.shtml`, `${BASE}b/2.shtml`],
        title: `年报 ${BASE}b/2.shtml`,
      },
      // A batch of one is the page's own job.
      { jobId: jobIds.fetch(`${BASE}b/1.shtml`), urls: [`${BASE}b/1.shtml`], title: undefined },
      // Known but never fetched: its own job, by its own id (another walk may name it too).
      { jobId: jobIds.fetch(`${BASE}b/left.shtml`), urls: [`${BASE}b/left.shtml`], title: undefined },
      { jobId: jobIds.fetch(`${BASE}b/0.shtml`), urls: [`${BASE}b/0.shtml`], title: undefined },
    ]);
  });

  it('an incremental list job stops at the first handled ref; a full one fetches everything again', async () => {
    const list = LISTS[0]!;
    for (const n of [1, 2, 3]) await setDocumentRefState(db, `${BASE}a/${n}.shtml`, 'fetched');
    pages.set(list.url, [
      [`${BASE}a/5.shtml`, `${BASE}a/4.shtml`],
      [`${BASE}a/3.shtml`, `${BASE}a/2.shtml`],
      [`${BASE}a/1.shtml`],
    ]);
    const inc = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
    const emitted: NextJob[] = [];
    await discoverStage({ runId: inc, source: 'src', full: false, list }, makeDeps(emitted));
    expect(fetchUrls(emitted)).toEqual([`${BASE}a/5.shtml`, `${BASE}a/4.shtml`]);
    // Found but not fetched yet (the crawl dies here): the next walk must not stop at them.
    const again: NextJob[] = [];
    await discoverStage({ runId: inc, source: 'src', full: false, list }, makeDeps(again));
    expect(fetchUrls(again)).toEqual([`${BASE}a/5.shtml`, `${BASE}a/4.shtml`]);
    expect(again.map((j) => j.jobId)).toEqual(emitted.map((j) => j.jobId));
    // The job is re-run after its worker died once 5 was fetched: 5 was first seen by this run, so
    // the walk goes past it (to 4, never fetched) and stops at 3, handled by an earlier run.
    await setDocumentRefState(db, `${BASE}a/5.shtml`, 'fetched');
    const rerun: NextJob[] = [];
    const r = await discoverStage({ runId: inc, source: 'src', full: false, list }, makeDeps(rerun));
    expect(fetchUrls(rerun)).toEqual([`${BASE}a/4.shtml`]);
    expect(r.summary.seen).toBe(2);

    const full = await startCrawlRun(db, { sourceName: 'src', mode: 'full' });
    const all: NextJob[] = [];
    await discoverStage({ runId: full, source: 'src', full: true, list }, makeDeps(all));
    expect(fetchUrls(all)).toHaveLength(5);
    expect(all.every((j) => j.jobId.endsWith(`.r${full}`) && (j.data as { force: boolean }).force)).toBe(
      true,
    );
  });

  it('an incremental walk goes past the pages a walk that died never reached, then stops early again', async () => {
    const list: ListTarget = { url: `${BASE}c/list.shtml`, agency: '丙局' };
    const c = (n: number) => `${BASE}c/${n}.shtml`;
    const fetchAll = async () => {
      for (const r of await listDocumentRefs(db, { sourceName: 'src' }))
        if (r.url.startsWith(`${BASE}c/`)) await setDocumentRefState(db, r.url, 'fetched');
    };
    const crawl = async () => {
      const runId = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
      const emitted: NextJob[] = [];
      const r = await discoverStage({ runId, source: 'src', full: false, list }, makeDeps(emitted));
      await fetchAll();
      return { runId, urls: fetchUrls(emitted), summary: r.summary };
    };
    const walkOf = async () =>
      (await listListWalks(db, { sourceName: 'src' })).find((w) => w.list_url === list.url);
    pages.set(list.url, [
      [c(6), c(5)],
      [c(4), c(3)],
      [c(2), c(1)],
    ]);

    // The first crawl dies on page 2: its start is on record, no completion.
    brokenPages.set(list.url, 1);
    const first = await crawl();
    brokenPages.clear();
    expect(first.urls).toEqual([c(6), c(5)]);
    expect(first.summary.completed).toBe(false);
    expect(await walkOf()).toMatchObject({ last_run_id: first.runId, last_completed_started_at: null });

    // The next one must not stop at 6 (handled, first seen by an earlier run): no walk of this list
    // ever completed, so nothing vouches for the pages below it.
    const second = await crawl();
    expect(second.urls).toEqual([c(4), c(3), c(2), c(1)]);
    expect(second.summary).toMatchObject({ seen: 6, completed: true });
    const completed = await walkOf();
    expect(completed?.last_run_id).toBe(second.runId);
    expect(completed?.last_completed_started_at).not.toBeNull();
    const secondRun = await getCrawlRunFlushed(second.runId);
    expect(completed!.last_completed_started_at!.getTime()).toBeGreaterThanOrEqual(
      secondRun!.started_at.getTime() - 1,
    );

    // Steady state: a new report on top is found and the walk stops at 6 again, on page 1.
    pages.set(list.url, [
      [c(7), c(6)],
      [c(5), c(4), c(3)],
      [c(2), c(1)],
    ]);
    const third = await crawl();
    expect(third.urls).toEqual([c(7)]);
    expect(third.summary).toMatchObject({ seen: 1, completed: true });

    // A walk that dies keeps the last completed walk's start: the cut-off stays where it was.
    brokenPages.set(list.url, 0);
    const before = (await walkOf())!.last_completed_started_at;
    const dead = await crawl();
    brokenPages.clear();
    expect(dead.summary.completed).toBe(false);
    expect((await walkOf())?.last_completed_started_at).toEqual(before);
    expect((await walkOf())?.last_run_id).toBe(dead.runId);
  });

  it('a list that fails is noted on the run (messages accumulate) and the job does not throw', async () => {
    const runId = await startCrawlRun(db, { sourceName: 'src', mode: 'incremental' });
    for (const list of LISTS) {
      brokenLists.add(list.url);
      await discoverStage({ runId, source: 'src', full: false, list }, makeDeps([]));
    }
    brokenLists.clear();
    const run = await getCrawlRunFlushed(runId);
    expect(run?.failed).toBe(2);
    expect(run?.error).toContain(`${LISTS[0]!.url}: `);
    expect(run?.error).toContain(`${LISTS[1]!.url}: `);
  });

  it('a scheduled source job (no run) opens an incremental run and gives it to its list jobs', async () => {
    const r = await discoverStage({ runId: null, source: 'src', full: false, list: null }, makeDeps([]));
    const runId = r.summary.runId as number;
    expect((await getCrawlRunFlushed(runId))?.mode).toBe('incremental');
    const lists = r.next.filter((j) => j.stage === 'discover');
    expect(lists.every((j) => j.data.runId === runId)).toBe(true);
  });
});
