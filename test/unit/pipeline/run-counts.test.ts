/**
 * Run counters counted in memory: many jobs' counts are written in one statement, a settled job's
 * counts are written before `settle()` resolves, and a failed write keeps its counts for the next.
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../db/index.ts';
import { RunCounts } from '../../../pipeline/store/run-counts.ts';

/** A Queryable that keeps crawl_runs counters from the flush statement's parameters. */
function fakeDb(opts: { failFirst?: boolean } = {}) {
  const rows = new Map<number, number[]>();
  let statements = 0;
  let failures = opts.failFirst ? 1 : 0;
  const db = {
    kind: 'pg',
    query: async (_sql: string, params: unknown[] = []) => {
      statements++;
      if (failures-- > 0) throw new Error('connection lost');
      const [ids, ...cols] = params as number[][];
      for (const [i, id] of ids!.entries()) {
        const r = rows.get(id) ?? [0, 0, 0, 0, 0];
        cols.forEach((c, k) => {
          r[k]! += c[i]!;
        });
        rows.set(id, r);
      }
      return [];
    },
  } as unknown as Queryable;
  return { db, rows, statements: () => statements };
}

describe('RunCounts', () => {
  it('writes the counts of many settling jobs in one statement, before any of them resolves', async () => {
    const f = fakeDb();
    const counts = new RunCounts(f.db, { intervalMs: 60_000, settleMs: 20 });
    const jobs = Array.from({ length: 50 }, async (_, i) => {
      counts.add(7, 'fetched');
      counts.add(7, 'loaded');
      if (i % 10 === 0) counts.add(8, 'failed');
      await counts.settle();
      return f.rows.get(7)?.[1] ?? 0; // what the table says when this job is acknowledged
    });
    const seenAtAck = await Promise.all(jobs);
    expect(seenAtAck.every((n) => n === 50)).toBe(true);
    expect(f.statements()).toBe(1);
    expect(f.rows.get(7)).toEqual([0, 50, 0, 50, 0]);
    expect(f.rows.get(8)).toEqual([0, 0, 0, 0, 5]);
    await counts.close();
  });

  it('keeps the counts of a failed write for the next one', async () => {
    const f = fakeDb({ failFirst: true });
    const counts = new RunCounts(f.db, { intervalMs: 60_000, settleMs: 1 });
    counts.add(1, 'discovered', 3);
    await counts.settle(); // the write fails: settle does not throw, the counts stay
    expect(f.rows.get(1)).toBeUndefined();
    counts.add(1, 'discovered', 2);
    await counts.close();
    expect(f.rows.get(1)).toEqual([5, 0, 0, 0, 0]);
  });
});
