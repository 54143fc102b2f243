import { describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError } from '../../../config/errors.ts';
import { FetchPayload } from '../../../pipeline/payloads.ts';
import { LocalQueue } from '../../../pipeline/queue/local.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';

// The payload's own defaults fill the rest (parentUrl, kind, force, hints).
const fetchData = (n: number) =>
  FetchPayload.parse({ runId: null, source: 's', url: `http://127.0.0.1/${n}` });
const fast = { attempts: 3, backoffMs: 5 };

describe('LocalQueue', () => {
  it('respects the per-stage concurrency and runs every job once', async () => {
    const q = new LocalQueue({ retry: { fetch: fast } });
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    q.process(
      'fetch',
      async (d) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(d.url);
        running--;
      },
      { concurrency: 3 },
    );
    await q.addBulk(
      'fetch',
      Array.from({ length: 20 }, (_, i) => ({ data: fetchData(i), jobId: `f${i}` })),
    );
    await q.whenIdle();
    expect(peak).toBe(3);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect((await q.counts()).fetch).toMatchObject({ completed: 20, failed: 0, waiting: 0, active: 0 });
    await q.close();
  });

  it('ignores a second add with the same job id', async () => {
    const q = new LocalQueue();
    let runs = 0;
    q.process('fetch', async () => void runs++, { concurrency: 2 });
    await q.add('fetch', fetchData(1), 'same');
    await q.add('fetch', fetchData(1), 'same');
    await q.whenIdle();
    await q.add('fetch', fetchData(1), 'same');
    await q.whenIdle();
    expect(runs).toBe(1);
    await q.close();
  });

  it('retries retryable errors with backoff, then keeps the job as failed', async () => {
    const q = new LocalQueue({ retry: { fetch: fast } });
    const attempts: number[] = [];
    q.process(
      'fetch',
      async (_d, job) => {
        attempts.push(job.attempt);
        expect(job.maxAttempts).toBe(3);
        throw new RetryableError('http.5xx', 'server said 503');
      },
      { concurrency: 1 },
    );
    await q.add('fetch', fetchData(1), 'flaky');
    await waitForIdle(q, { pollMs: 5 });
    expect(attempts).toEqual([1, 2, 3]);
    const failed = await q.failed('fetch');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 'flaky', attempts: 3, reason: 'http.5xx: server said 503' });
    await q.close();
  });

  it('succeeds on a later attempt after a transient error', async () => {
    const q = new LocalQueue({ retry: { fetch: fast } });
    let n = 0;
    q.process(
      'fetch',
      async () => {
        if (++n < 2) throw new Error('socket hang up');
      },
      { concurrency: 1 },
    );
    await q.add('fetch', fetchData(1), 'x');
    await waitForIdle(q, { pollMs: 5 });
    expect(n).toBe(2);
    expect((await q.counts()).fetch).toMatchObject({ completed: 1, failed: 0 });
    await q.close();
  });

  it('does not retry a NonRetryableError', async () => {
    const q = new LocalQueue({ retry: { fetch: fast } });
    let n = 0;
    q.process(
      'fetch',
      async () => {
        n++;
        throw new NonRetryableError('http.404', 'not found');
      },
      { concurrency: 1 },
    );
    await q.add('fetch', fetchData(1), 'gone');
    await waitForIdle(q, { pollMs: 5 });
    expect(n).toBe(1);
    expect((await q.failed('fetch'))[0]?.reason).toBe('http.404: not found');
    await q.close();
  });

  it('is idle only when jobs enqueued by jobs are done too', async () => {
    const q = new LocalQueue();
    const order: string[] = [];
    q.process(
      'fetch',
      async (d) => {
        await new Promise((r) => setTimeout(r, 10));
        order.push('fetch');
        await q.add(
          'extract',
          { runId: null, source: 's', documentId: 1, url: d.url, parentUrl: null, hints: {} },
          `e-${d.url}`,
        );
      },
      { concurrency: 1 },
    );
    q.process(
      'extract',
      async () => {
        await new Promise((r) => setTimeout(r, 10));
        order.push('extract');
      },
      { concurrency: 1 },
    );
    expect(await q.isIdle()).toBe(true);
    await q.add('fetch', fetchData(1), 'f1');
    expect(await q.isIdle()).toBe(false);
    await waitForIdle(q, { pollMs: 2 });
    expect(order).toEqual(['fetch', 'extract']);
    await q.close();
  });

  it('close() lets the active job finish and starts no new one', async () => {
    const q = new LocalQueue();
    const done: number[] = [];
    q.process(
      'fetch',
      async (d) => {
        await new Promise((r) => setTimeout(r, 30));
        done.push(Number(d.url.split('/').pop()));
      },
      { concurrency: 1 },
    );
    await q.addBulk(
      'fetch',
      [0, 1, 2].map((i) => ({ data: fetchData(i), jobId: `c${i}` })),
    );
    await new Promise((r) => setTimeout(r, 10));
    await q.close();
    expect(done).toEqual([0]);
  });
});
