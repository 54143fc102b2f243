/**
 * Politeness measured at the server, with the portal in its own process: the local limiter shared by
 * concurrent fetches, and the Redis limiter shared by two independent limiter+fetcher pairs (as two
 * worker processes would be). A control run without a limiter shows the measurement can fail.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../crawlers/http/fetcher.ts';
import { createLocalLimiter, createRedisLimiter } from '../../../crawlers/http/limiter.ts';
import type { HostLimiter } from '../../../crawlers/types.ts';
import { type RemotePortal, startPortalProcess } from '../../portal/remote.ts';
import { gaps, USER_AGENT } from './harness.ts';

const REDIS_URL = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const INTERVAL = 40;
const TOLERANCE = 1.5; // the limiter's clock is in whole milliseconds

let portal: RemotePortal;
let pages: string[];

beforeAll(async () => {
  portal = await startPortalProcess({ seed: 11, agencies: 4, faults: false, seeds: false, prewarm: true });
  const truth = await portal.truth();
  pages = truth.reports.filter((r) => r.kind === 'page').map((r) => r.url);
});
afterAll(async () => {
  await portal?.close();
});

const fetcherWith = (limiter?: HostLimiter) =>
  createFetcher({ userAgent: USER_AGENT, allowHosts: () => true, allowPrivate: true, limiter, retries: 0 });

/** Fetches `urls` with `concurrency` parallel workers; returns the server-side arrival times of exactly those requests. */
async function run(
  fetchers: Array<ReturnType<typeof fetcherWith>>,
  urls: string[],
  concurrency: number,
): Promise<number[]> {
  const before = (await portal.requests()).length;
  const queue = [...urls];
  await Promise.all(
    fetchers.flatMap((f) =>
      Array.from({ length: concurrency }, async () => {
        for (let u = queue.shift(); u; u = queue.shift()) await f.fetch(u);
      }),
    ),
  );
  await Promise.all(fetchers.map((f) => f.close()));
  const log = (await portal.requests()).slice(before);
  expect(log).toHaveLength(urls.length);
  return log.map((q) => q.time);
}

describe('per-host politeness, measured by the server', () => {
  it('control: without a limiter, concurrent fetches arrive bunched up', async () => {
    const times = await run([fetcherWith(), fetcherWith()], pages.slice(0, 16), 4);
    expect(Math.min(...gaps(times))).toBeLessThan(INTERVAL / 2);
  });

  it('local limiter: 8 concurrent fetches never come closer than the interval', async () => {
    const limiter = createLocalLimiter(INTERVAL);
    const times = await run([fetcherWith(limiter)], pages.slice(0, 16), 8);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(INTERVAL - TOLERANCE);
  });

  it('Redis limiter: two limiter instances on one Redis (two "processes") share the interval', async () => {
    const prefix = `xxgk-test-${randomUUID()}`;
    const a = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const b = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const fa = fetcherWith(createRedisLimiter(a, { prefix, minIntervalMs: INTERVAL }));
      const fb = fetcherWith(createRedisLimiter(b, { prefix, minIntervalMs: INTERVAL }));
      const times = await run([fa, fb], pages.slice(0, 20), 4);
      expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(INTERVAL - TOLERANCE);
      // And not absurdly slower than the limit either: the slots are used. Generous (10×) because a
      // starved test process is slow on its own (2.4 s = 3.1× at load 25); a limiter that polled or
      // slept whole seconds would still be far past it.
      const span = Math.max(...times) - Math.min(...times);
      expect(span).toBeLessThan(19 * INTERVAL * 10);
    } finally {
      const keys = await a.keys(`${prefix}:*`);
      if (keys.length) await a.del(...keys);
      a.disconnect();
      b.disconnect();
    }
  });
});
