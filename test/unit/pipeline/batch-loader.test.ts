/**
 * The batch loader's scheduling, against a fake writer that records each batch and when it ran:
 * batches fill up to their size, no two batches under way hold the same agency, each promise
 * settles with its own report's result, and a failing batch is retried report by report so that
 * only the bad report's caller fails.
 */
import { describe, expect, it } from 'vitest';
import type { LoadItem, LoadResult } from '../../../db/index.ts';
import { BatchLoader } from '../../../pipeline/store/batch-loader.ts';
import { makeRecord } from '../../integration/db/fixtures/make-record.ts';

const item = (agency: string, n: number): LoadItem => ({
  record: makeRecord({ agency, year: 2000 + (n % 20), seed: n }),
  ctx: { sourceUrl: `http://portal.test/${n}.html`, extractorVersion: 't' },
});

/** A writer that takes `ms` per batch and notes which agencies were under way at once. */
function fakeWriter(ms: number, fail?: (it: LoadItem) => boolean) {
  const batches: string[][] = [];
  const active = new Set<number>();
  const overlaps: string[] = [];
  let n = 0;
  const running = new Map<number, Set<string>>();
  const write = async (items: LoadItem[]): Promise<LoadResult[]> => {
    const id = n++;
    const agencies = new Set(items.map((i) => i.record.meta.agency!));
    for (const [other, set] of running)
      for (const a of agencies) if (set.has(a)) overlaps.push(`${a} in batches ${other} and ${id}`);
    running.set(id, agencies);
    active.add(id);
    batches.push(items.map((i) => i.record.meta.agency!));
    await new Promise((r) => setTimeout(r, ms));
    running.delete(id);
    active.delete(id);
    if (fail && items.some(fail)) throw new Error('batch refused');
    return items.map((it) => ({
      reportId: Number(/(\d+)\.html$/.exec(it.ctx.sourceUrl)![1]),
      outcome: 'inserted',
    }));
  };
  return { write, batches, overlaps };
}

describe('BatchLoader', () => {
  it('fills batches up to their size and answers each caller with its own result', async () => {
    const w = fakeWriter(5);
    // maxWaitMs far above the time the 45 synchronous load() calls take even on a busy machine: with
    // 5 ms, a pause while they were queued let a partial batch leave early (7 batches, not ≤ 6).
    // Only the last, partial batch waits it out.
    const loader = new BatchLoader(w.write, { maxBatch: 10, maxWaitMs: 1000, maxInFlight: 2 });
    const items = Array.from({ length: 45 }, (_, i) => item(`机关${i}`, i));
    const results = await Promise.all(items.map((it) => loader.load(it)));
    expect(results.map((r) => r.reportId)).toEqual(items.map((_, i) => i));
    expect(w.batches.flat().length).toBe(45);
    expect(Math.max(...w.batches.map((b) => b.length))).toBe(10);
    expect(w.batches.length).toBeLessThanOrEqual(6);
    await loader.drain();
  });

  it('never has one agency in two batches under way at once', async () => {
    const w = fakeWriter(10);
    const loader = new BatchLoader(w.write, { maxBatch: 4, maxWaitMs: 1, maxInFlight: 3 });
    // An agency's list arrives in order: runs of the same agency, as a crawl produces them.
    const items = Array.from({ length: 40 }, (_, i) => item(`机关${Math.floor(i / 7)}`, i));
    await Promise.all(items.map((it) => loader.load(it)));
    expect(w.overlaps).toEqual([]);
    expect(w.batches.flat().length).toBe(40);
    // Several batches did run at once (otherwise the check above proves nothing).
    expect(w.batches.length).toBeGreaterThan(3);
  });

  it('a failing batch is loaded again one report at a time: only the bad report fails', async () => {
    const w = fakeWriter(1, (it) => it.ctx.sourceUrl.endsWith('/3.html'));
    const loader = new BatchLoader(w.write, { maxBatch: 8, maxWaitMs: 5 });
    const settled = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => loader.load(item(`机关${i}`, i))),
    );
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });

  it('refuses an invalid record at once, before it joins a batch', async () => {
    const w = fakeWriter(1);
    const loader = new BatchLoader(w.write);
    const bad = item('机关', 1);
    bad.record = { ...bad.record, meta: { ...bad.record.meta, published_on: '2021-13-45' } };
    await expect(async () => loader.load(bad)).rejects.toThrow(/published_on/);
    expect(w.batches).toEqual([]);
  });
});
