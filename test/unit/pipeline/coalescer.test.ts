/**
 * The coalescer's scheduling, against a fake writer: items gathered into batches up to their size,
 * at most maxInFlight batches under way, each promise settled with its own item's answer only after
 * its batch is written, a lone item leaving after maxWaitMs, and a failing batch written again item
 * by item so that only the bad item's caller fails.
 */
import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../../pipeline/store/coalescer.ts';

function fakeWriter(fail?: (n: number) => boolean) {
  const batches: number[][] = [];
  const written = new Set<number>();
  let active = 0;
  let maxActive = 0;
  // Batches finish when the test says so: no wall-clock waits decide the outcome.
  const gates: Array<() => void> = [];
  const write = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((r) => gates.push(r));
    active--;
    if (fail && items.some(fail)) throw new Error('batch refused');
    for (const i of items) written.add(i);
    return items.map((i) => `#${i}`);
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { write, batches, written, release, maxActive: () => maxActive };
}

describe('Coalescer', () => {
  it('fills batches, keeps maxInFlight, answers each caller only once its own batch is written', async () => {
    const w = fakeWriter();
    const c = new Coalescer(w.write, { maxBatch: 4, maxWaitMs: 60_000, maxInFlight: 2 });
    const answers: string[] = [];
    const calls = Array.from({ length: 10 }, (_, i) =>
      c.add(i).then((a) => {
        // Settled only after its item was written.
        expect(w.written.has(i)).toBe(true);
        answers.push(a);
        return a;
      }),
    );
    // Two full batches leave at once; the third (2 items) waits for room, then for company.
    while (w.batches.length < 2) await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(answers).toEqual([]);
    await w.release();
    await w.release();
    const early = await Promise.all(calls.slice(0, 8));
    expect(early).toEqual(Array.from({ length: 8 }, (_, i) => `#${i}`));
    expect(w.maxActive()).toBe(2);
    // The last two wait for company (maxWaitMs is a minute): drain does not force them out either.
    expect(w.batches.length).toBe(2);
    c.add(10);
    c.add(11);
    while (w.batches.length < 3) await new Promise((r) => setImmediate(r));
    expect(w.batches[2]).toEqual([8, 9, 10, 11]);
    await w.release();
    expect(await Promise.all(calls.slice(8))).toEqual(['#8', '#9']);
  });

  it('a lone item leaves after maxWaitMs', async () => {
    const w = fakeWriter();
    const c = new Coalescer(w.write, { maxBatch: 100, maxWaitMs: 5 });
    const p = c.add(1);
    while (w.batches.length < 1) await new Promise((r) => setTimeout(r, 1));
    await w.release();
    expect(await p).toBe('#1');
    await c.drain();
  });

  it('a partial batch waits for the one under way, gathering what arrives meanwhile (group commit)', async () => {
    const w = fakeWriter();
    const c = new Coalescer(w.write, { maxBatch: 100, maxWaitMs: 1, maxInFlight: 2 });
    const first = c.add(1);
    while (w.batches.length < 1) await new Promise((r) => setTimeout(r, 1));
    const rest = [2, 3, 4].map((i) => c.add(i));
    // Far past maxWaitMs (a timer never fires early, and the coalescer's was set first): with a
    // batch under way, the partial one has not gone beside it.
    await new Promise((r) => setTimeout(r, 50));
    expect(w.batches).toEqual([[1]]);
    await w.release();
    expect(await first).toBe('#1');
    while (w.batches.length < 2) await new Promise((r) => setTimeout(r, 1));
    expect(w.batches[1]).toEqual([2, 3, 4]);
    await w.release();
    expect(await Promise.all(rest)).toEqual(['#2', '#3', '#4']);
    await c.drain();
  });

  it('a failing batch is written again item by item: only the bad item fails', async () => {
    const w = fakeWriter((n) => n === 2);
    const c = new Coalescer(w.write, { maxBatch: 4, maxWaitMs: 60_000 });
    const calls = [0, 1, 2, 3].map((i) =>
      c.add(i).then(
        (a) => a,
        (e: Error) => `failed: ${e.message}`,
      ),
    );
    // The batch, then each item alone.
    for (let k = 0; k < 5; k++) await w.release();
    expect(await Promise.all(calls)).toEqual(['#0', '#1', 'failed: batch refused', '#3']);
    expect(w.batches).toEqual([[0, 1, 2, 3], [0], [1], [2], [3]]);
    await c.drain();
  });
});
