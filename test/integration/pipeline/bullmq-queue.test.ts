import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../../config/errors.ts';
import { FetchPayload } from '../../../pipeline/payloads.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';

const REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// The payload's own defaults fill the rest (parentUrl, kind, force, hints).
const fetchData = (n: number) =>
  FetchPayload.parse({ runId: null, source: 's', url: `http://127.0.0.1/${n}` });

const open: BullQueue[] = [];
function makeQueue(
  prefix: string,
  extra: Partial<ConstructorParameters<typeof BullQueue>[0]> = {},
): BullQueue {
  const q = new BullQueue({
    redisUrl: REDIS,
    prefix,
    retry: { fetch: { attempts: 3, backoffMs: 20 } },
    ...extra,
  });
  open.push(q);
  return q;
}

afterEach(async () => {
  for (const q of open.splice(0)) {
    await q.obliterate().catch(() => {});
    await q.close();
  }
});

describe('BullQueue (real Redis)', () => {
  it('runs jobs, dedupes by job id, reports counts and idleness', async () => {
    const q = makeQueue(`t-${randomUUID()}`);
    const seen: string[] = [];
    q.process('fetch', async (d) => void seen.push(d.url), { concurrency: 4 });
    await q.addBulk(
      'fetch',
      [1, 2, 3, 1].map((i) => ({ data: fetchData(i), jobId: `fetch.${i}` })),
    );
    await q.add('fetch', fetchData(2), 'fetch.2');
    await waitForIdle(q, { pollMs: 50, timeoutMs: 10_000 });
    expect(seen.sort()).toEqual(['http://127.0.0.1/1', 'http://127.0.0.1/2', 'http://127.0.0.1/3']);
    expect((await q.counts()).fetch).toMatchObject({ completed: 3, failed: 0, waiting: 0, active: 0 });
  });

  it('retries with backoff and keeps the failed job; a NonRetryableError fails at once', async () => {
    const q = makeQueue(`t-${randomUUID()}`);
    const attempts: Record<string, number[]> = {};
    q.process(
      'fetch',
      async (d, job) => {
        attempts[d.url] = [...(attempts[d.url] ?? []), job.attempt];
        if (d.url.endsWith('/1')) throw new Error('503');
        throw new NonRetryableError('http.404', 'not found');
      },
      { concurrency: 2 },
    );
    await q.add('fetch', fetchData(1), 'fetch.1');
    await q.add('fetch', fetchData(2), 'fetch.2');
    await waitForIdle(q, { pollMs: 50, timeoutMs: 10_000 });
    expect(attempts['http://127.0.0.1/1']).toEqual([1, 2, 3]);
    expect(attempts['http://127.0.0.1/2']).toEqual([1]);
    const failed = await q.failed('fetch');
    expect(failed.map((f) => f.id).sort()).toEqual(['fetch.1', 'fetch.2']);
    expect(failed.find((f) => f.id === 'fetch.2')?.reason).toBe('http.404: not found');
  });

  it('recovers the job of a worker killed with SIGKILL mid-job (stalled-job recovery)', async () => {
    const prefix = `t-${randomUUID()}`;
    const redis = new Redis(REDIS);
    const q = makeQueue(prefix, { lockDurationMs: 1500, stalledIntervalMs: 500 });
    await q.add('fetch', fetchData(1), 'fetch.victim');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/integration/pipeline/fixtures/hang-worker.ts', REDIS, prefix],
      {
        stdio: 'inherit',
      },
    );
    try {
      for (let i = 0; i < 200 && !(await redis.get(`${prefix}:started`)); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await redis.get(`${prefix}:started`)).toBe('fetch.victim');
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const ran: number[] = [];
      q.process('fetch', async (_d, job) => void ran.push(job.attempt), { concurrency: 1 });
      const t0 = Date.now();
      while (ran.length === 0 && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(ran).toHaveLength(1);
      await waitForIdle(q, { pollMs: 50, timeoutMs: 5_000 });
      expect((await q.counts()).fetch).toMatchObject({ completed: 1, failed: 0 });
    } finally {
      child.kill('SIGKILL');
      await redis.del(`${prefix}:started`);
      await redis.quit();
    }
  });

  it('close() drains: the active job finishes and is completed, no new job starts', async () => {
    const prefix = `t-${randomUUID()}`;
    const q = new BullQueue({ redisUrl: REDIS, prefix });
    const started: string[] = [];
    const finished: string[] = [];
    q.process(
      'fetch',
      async (d) => {
        started.push(d.url);
        await new Promise((r) => setTimeout(r, 600));
        finished.push(d.url);
      },
      { concurrency: 1 },
    );
    await q.addBulk(
      'fetch',
      [1, 2].map((i) => ({ data: fetchData(i), jobId: `fetch.${i}` })),
    );
    for (let i = 0; i < 100 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await q.close();
    expect(finished).toEqual(started);
    expect(started).toHaveLength(1);
    const inspect = makeQueue(prefix);
    expect((await inspect.counts()).fetch).toMatchObject({ completed: 1, waiting: 1, active: 0 });
  });
});
