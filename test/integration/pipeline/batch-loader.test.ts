/**
 * The pipeline store's batched loads on a real database (embedded, on its own thread, as the
 * pipeline opens it): loads from many concurrent callers become few transactions, and each caller
 * hears of its report only once it is committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrate, openDatabase, upsertSource } from '../../../db/index.ts';
import type { PipelineStore } from '../../../pipeline/ports.ts';
import { createSqlStore } from '../../../pipeline/store/sql-store.ts';
import { makeRecord } from '../db/fixtures/make-record.ts';

let db: Database;
let store: PipelineStore;
let transactions = 0;
beforeAll(async () => {
  const real = await openDatabase(
    { databaseUrl: undefined, dataDir: '' },
    { inMemory: true, offThread: true },
  );
  await migrate(real);
  await upsertSource(real, { name: 'batch-test', baseUrl: 'http://portal.test' });
  db = {
    ...real,
    transaction: (fn) => {
      transactions++;
      return real.transaction(fn);
    },
  };
  store = createSqlStore(db, { load: { maxBatch: 25, maxWaitMs: 50, maxInFlight: 2 } });
});
afterAll(async () => {
  await store?.close();
  await db?.close();
});

describe('store.loadReport (batched)', () => {
  it('loads 60 concurrent reports in a few transactions, each committed when its promise resolves', async () => {
    const records = Array.from({ length: 60 }, (_, i) =>
      makeRecord({ agency: `批量测试局${i % 12}`, year: 2019 + (i % 5), seed: i }),
    );
    const ctx = (i: number) => ({
      sourceUrl: `http://portal.test/${i}.html`,
      sourceName: 'batch-test',
      extractorVersion: 't',
    });
    const results = await Promise.all(
      records.map(async (r, i) => {
        const res = await store.loadReport(r, ctx(i));
        // Committed: another statement sees it at once.
        const seen = await db.query('SELECT 1 FROM reports WHERE id = $1', [res.reportId]);
        return { ...res, seen: seen.length };
      }),
    );
    expect(results.map((r) => [r.outcome, r.seen])).toEqual(records.map(() => ['inserted', 1]));
    expect(transactions).toBeGreaterThanOrEqual(3); // at most 25 per batch
    expect(transactions).toBeLessThanOrEqual(10);
    const again = await Promise.all(records.map((r, i) => store.loadReport(r, ctx(i))));
    expect(again.map((r) => r.outcome)).toEqual(records.map(() => 'unchanged'));
  });
});
