import { describe, expect, it } from 'vitest';
import { createLocalLimiter } from '../../../crawlers/http/limiter.ts';
import type { Clock } from '../../../crawlers/types.ts';

/** A clock that stands still unless a test moves it; sleeps return at once and are recorded. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: 1000,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
    },
  };
  return c;
}

describe('local limiter', () => {
  it('gives concurrent callers slots minIntervalMs apart, per host', async () => {
    const clock = fakeClock();
    const limiter = createLocalLimiter(100, clock);
    // Five workers ask at the same instant: the first goes now, the others 100, 200, 300, 400 ms later.
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('a')));
    expect(clock.sleeps).toEqual([100, 200, 300, 400]);
    // Another host is not held up by the first one.
    await limiter.acquire('b');
    expect(clock.sleeps).toHaveLength(4);
  });

  it('does not wait when the host has been idle long enough', async () => {
    const clock = fakeClock();
    const limiter = createLocalLimiter(100, clock);
    await limiter.acquire('a');
    clock.t += 150;
    await limiter.acquire('a');
    clock.t += 50;
    await limiter.acquire('a');
    expect(clock.sleeps).toEqual([50]);
  });

  it('is off with an interval of 0', async () => {
    const clock = fakeClock();
    const limiter = createLocalLimiter(0, clock);
    for (let i = 0; i < 10; i++) await limiter.acquire('a');
    expect(clock.sleeps).toEqual([]);
  });
});
