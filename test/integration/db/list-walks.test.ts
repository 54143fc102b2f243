/**
 * list_walks and refSighting on PostgreSQL and on PGlite: the history an incremental walk's stop rule
 * reads, with times that are never later than the stored ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  completeListWalk,
  type Database,
  getCrawlRun,
  listListWalks,
  migrate,
  openDatabase,
  refSighting,
  startCrawlRun,
  startListWalk,
  upsertDocumentRef,
} from '../../../db/index.ts';
import { makePgDb } from './pg-helpers.ts';

const LIST = 'http://127.0.0.1:1/jkqxxgk/c1/list.shtml';
const pause = () => new Promise((r) => setTimeout(r, 5));

const engines: Array<[string, () => Promise<{ db: Database; cleanup(): Promise<void> }>]> = [
  ['PostgreSQL', makePgDb],
  [
    'PGlite',
    async () => {
      const db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
      return { db, cleanup: () => db.close() };
    },
  ],
];

describe.each(engines)('list walks on %s', (_name, open) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await open());
    await migrate(db);
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('a list starts with no completed walk; a completed walk becomes the next one’s cut-off', async () => {
    const run = await startCrawlRun(db, { sourceName: 'gzjkq', mode: 'incremental' });
    const first = await startListWalk(db, { sourceName: 'gzjkq', listUrl: LIST, runId: run });
    expect(first.lastCompletedStartedAt).toBeNull();
    expect(first.runStartedAt).toEqual((await getCrawlRun(db, run))!.started_at);
    expect(first.startedAt >= first.runStartedAt!).toBe(true);
    expect(await listListWalks(db, { sourceName: 'gzjkq' })).toEqual([
      expect.objectContaining({
        list_url: LIST,
        last_started_at: first.startedAt,
        last_run_id: run,
        last_completed_started_at: null,
        last_completed_at: null,
      }),
    ]);

    // A second walk that dies (never completed) changes nothing but the start.
    await pause();
    const died = await startListWalk(db, { sourceName: 'gzjkq', listUrl: LIST, runId: run });
    expect(died.lastCompletedStartedAt).toBeNull();
    expect(died.startedAt > first.startedAt).toBe(true);

    await completeListWalk(db, { sourceName: 'gzjkq', listUrl: LIST, startedAt: first.startedAt });
    const next = await startListWalk(db, { sourceName: 'gzjkq', listUrl: LIST });
    expect(next.lastCompletedStartedAt).toEqual(first.startedAt);
    expect(next.runStartedAt).toBeNull();
    const [row] = await listListWalks(db, { sourceName: 'gzjkq' });
    expect(row?.last_completed_at).not.toBeNull();
    expect(row!.last_completed_at! >= first.startedAt).toBe(true);
  });

  it('walks of one list completing out of order keep the latest start', async () => {
    const list = `${LIST}?overlap`;
    const early = await startListWalk(db, { sourceName: 'gzjkq', listUrl: list });
    await pause();
    const late = await startListWalk(db, { sourceName: 'gzjkq', listUrl: list });
    await completeListWalk(db, { sourceName: 'gzjkq', listUrl: list, startedAt: late.startedAt });
    await completeListWalk(db, { sourceName: 'gzjkq', listUrl: list, startedAt: early.startedAt });
    expect((await startListWalk(db, { sourceName: 'gzjkq', listUrl: list })).lastCompletedStartedAt).toEqual(
      late.startedAt,
    );
  });

  it('keeps each source’s walks of the same list apart', async () => {
    const list = `${LIST}?shared`;
    const a = await startListWalk(db, { sourceName: 'gzjkq', listUrl: list });
    await completeListWalk(db, { sourceName: 'gzjkq', listUrl: list, startedAt: a.startedAt });
    expect(
      (await startListWalk(db, { sourceName: 'other', listUrl: list })).lastCompletedStartedAt,
    ).toBeNull();
    expect((await listListWalks(db, { sourceName: 'other' })).map((w) => w.list_url)).toEqual([list]);
    expect((await listListWalks(db)).filter((w) => w.list_url === list).map((w) => w.source)).toEqual([
      'gzjkq',
      'other',
    ]);
  });

  it('reads a ref’s first sighting truncated to the millisecond, never later than stored', async () => {
    const url = 'http://127.0.0.1:1/jkqxxgk/c1/202501/a.shtml';
    expect(await refSighting(db, url)).toBeNull();
    await upsertDocumentRef(db, { sourceName: 'gzjkq', url, kind: 'detail' });
    const seen = await refSighting(db, url);
    expect(seen?.state).toBe('new');
    const [stored] = await db.query<{ us: string }>(
      `SELECT (extract(epoch FROM first_seen) * 1000000)::bigint::text AS us FROM document_refs WHERE url = $1`,
      [url],
    );
    const storedUs = BigInt(stored!.us);
    expect(BigInt(seen!.firstSeen.getTime()) * 1000n).toBe(storedUs - (storedUs % 1000n));
  });
});
