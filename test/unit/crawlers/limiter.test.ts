import { describe, expect, it } from 'vitest';
import { createLocalLimiter } from '../../../crawlers/http/limiter.ts';
import type { Clock } from '../../../crawlers/types.ts';

/** Virtual time: sleepers wake in time order when the test calls `run()`; nothing really waits. */
function virtualClock() {
  let t = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  const clock: Clock = {
    now: () => t,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: t + ms, wake })),
  };
  const flush = () => new Promise((r) => setImmediate(r));
  return {
    clock,
    advance: (ms: number) => {
      t += ms;
    },
    async run() {
      await flush();
      while (sleepers.length) {
        sleepers.sort((a, b) => a.at - b.at);
        const s = sleepers.shift()!;
        t = Math.max(t, s.at);
        s.wake();
        await flush();
      }
    },
  };
}

/**
 * Starts `n` requests at once, each holding the host for `holdMs` of virtual time before releasing it,
 * and returns the virtual times at which each was let through.
 */
async function burst(
  limiter: ReturnType<typeof createLocalLimiter>,
  v: ReturnType<typeof virtualClock>,
  host: string,
  n: number,
  holdMs = 0,
) {
  const times: number[] = [];
  const one = async () => {
    await limiter.acquire(host);
    times.push(v.clock.now());
    if (holdMs) await v.clock.sleep(holdMs);
    limiter.release(host);
  };
  const all = Promise.all(Array.from({ length: n }, one));
  await v.run();
  await all;
  return times;
}

describe('local limiter', () => {
  it('lets concurrent callers through minIntervalMs apart, in order', async () => {
    const v = virtualClock();
    const limiter = createLocalLimiter(100, v.clock);
    expect(await burst(limiter, v, 'a', 5)).toEqual([0, 100, 200, 300, 400]);
  });

  it('keeps hosts independent', async () => {
    const v = virtualClock();
    const limiter = createLocalLimiter(100, v.clock);
    const both = await Promise.all([burst(limiter, v, 'a', 2), burst(limiter, v, 'b', 2)]);
    expect(both).toEqual([
      [0, 100],
      [0, 100],
    ]);
  });

  it('counts from when the previous request really left, and does not wait after idle time', async () => {
    const v = virtualClock();
    const limiter = createLocalLimiter(100, v.clock);
    await burst(limiter, v, 'a', 1);
    v.advance(150);
    expect(await burst(limiter, v, 'a', 1)).toEqual([150]);
    v.advance(40);
    expect(await burst(limiter, v, 'a', 1)).toEqual([250]);
  });

  it('counts the interval from the release: a slow response delays the next request', async () => {
    const v = virtualClock();
    const limiter = createLocalLimiter(100, v.clock);
    expect(await burst(limiter, v, 'a', 3, 250)).toEqual([0, 350, 700]);
  });

  it('lets a holder that never releases go after the lease', async () => {
    const limiter = createLocalLimiter(10, { leaseMs: 50 });
    const started = Date.now();
    await limiter.acquire('a');
    await limiter.acquire('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('is off with an interval of 0', async () => {
    const v = virtualClock();
    const limiter = createLocalLimiter(0, v.clock);
    expect(await burst(limiter, v, 'a', 5)).toEqual([0, 0, 0, 0, 0]);
  });
});
