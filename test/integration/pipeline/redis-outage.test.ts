/**
 * Redis goes away under a running worker and comes back: the worker reconnects by itself (ioredis
 * retryStrategy) and every job completes, those enqueued before the crash and those enqueued while
 * Redis was down. A redis-server of the test's own is SIGKILLed and restarted on the same port.
 * Every wait is on an event (a job count reached, the connection seen down), never on the clock.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchPayload } from '../../../pipeline/payloads.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';
import { type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const fetchData = (n: number) =>
  FetchPayload.parse({ runId: null, source: 's', url: `http://127.0.0.1/${n}` });

let server: RedisServer | null = null;
let queue: BullQueue | null = null;
afterEach(async () => {
  await queue?.close();
  await server?.stop();
  queue = null;
  server = null;
});

/** Resolves once `cond()` holds, checked each time `tick` is called. */
function waitUntil(cond: () => boolean): { tick(): void; reached: Promise<void> } {
  let resolve!: () => void;
  const reached = new Promise<void>((r) => (resolve = r));
  return {
    tick: () => cond() && resolve(),
    reached,
  };
}

describe('a worker and a Redis that crashes and comes back', () => {
  it('reconnects with backoff and completes every job', async () => {
    server = await startRedisServer();
    queue = await BullQueue.open({
      redisUrl: server.url,
      connectTimeoutMs: 30_000,
      prefix: `t-${randomUUID()}`,
      // A job whose lock ran out while Redis was down is taken over soon after it is back.
      lockDurationMs: 2_000,
      stalledIntervalMs: 500,
      retry: { fetch: { attempts: 10, backoffMs: 50 } },
    });
    const done = new Set<string>();
    const crashPoint = waitUntil(() => done.size >= 5);
    queue.process(
      'fetch',
      async (d) => {
        // Long enough that jobs are in flight when Redis dies.
        await new Promise((r) => setTimeout(r, 20));
        done.add(d.url);
        crashPoint.tick();
      },
      { concurrency: 2 },
    );
    const before = Array.from({ length: 40 }, (_, i) => i);
    await queue.addBulk(
      'fetch',
      before.map((i) => ({ data: fetchData(i), jobId: `fetch.${i}` })),
    );
    await crashPoint.reached;

    // Not events.once: it rejects on the 'error' that comes with the close.
    const lost = new Promise((r) => queue!.connection.once('close', r));
    await server.kill();
    await lost;
    // The outage hit mid-run: jobs were left for after the restart.
    expect(done.size).toBeLessThan(before.length);
    // Enqueued during the outage: ioredis holds the command until the connection is back.
    const during = Promise.all([100, 101, 102].map((i) => queue!.add('fetch', fetchData(i), `fetch.${i}`)));
    await server.start();
    await during;

    await waitForIdle(queue, { pollMs: 100, timeoutMs: 120_000 });
    const all = [...before, 100, 101, 102].map((i) => `http://127.0.0.1/${i}`);
    expect([...done].sort()).toEqual(all.sort());
    const counts = (await queue.counts()).fetch;
    expect(counts).toMatchObject({ completed: 43, failed: 0, waiting: 0, active: 0, delayed: 0 });
  }, 180_000);
});
