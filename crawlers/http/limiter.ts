/**
 * Per-host politeness. A request's slot is claimed at the moment it leaves, never booked in advance:
 * with advance booking, a busy event loop wakes two sleepers in the same turn and their requests go
 * out together, which the server sees as a burst. Callers for one host queue in FIFO order.
 */
import type { Clock, HostLimiter } from '../types.ts';
import { systemClock } from '../types.ts';

type Interval = number | ((host: string) => number);
const intervalFn = (i: Interval) => (typeof i === 'function' ? i : () => i);

/** FIFO per host: each caller starts waiting only once the previous one has gone. */
function fifo(claim: (host: string) => Promise<void>): HostLimiter {
  const tails = new Map<string, Promise<void>>();
  return {
    acquire(host) {
      const prev = tails.get(host) ?? Promise.resolve();
      const mine = prev.then(() => claim(host));
      const tail = mine.catch(() => undefined);
      tails.set(host, tail);
      // Forget idle hosts so a long crawl over many hosts does not grow the map.
      void tail.then(() => tails.get(host) === tail && tails.delete(host));
      return mine;
    },
  };
}

/** In one process. An interval of 0 turns politeness off (benchmarks). */
export function createLocalLimiter(minIntervalMs: Interval, clock: Clock = systemClock): HostLimiter {
  const intervalOf = intervalFn(minIntervalMs);
  const last = new Map<string, number>();
  const limiter = fifo(async (host) => {
    const interval = intervalOf(host);
    const prev = last.get(host);
    if (prev !== undefined) {
      const wait = prev + interval - clock.now();
      if (wait > 0) await clock.sleep(wait);
    }
    last.set(host, clock.now());
  });
  return { acquire: (host) => (intervalOf(host) <= 0 ? Promise.resolve() : limiter.acquire(host)) };
}

/** The subset of ioredis the Redis limiter needs (keeps the crawler free of a hard ioredis type). */
export interface RedisLike {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * Claims the host's slot atomically on the Redis server's clock if it is free, otherwise says how long
 * until it is. Every process sharing the Redis shares one schedule per host.
 */
const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nxt > now then return nxt - now end
redis.call('SET', KEYS[1], now + interval, 'PX', interval + 1000)
return 0
`;

export function createRedisLimiter(redis: RedisLike, options: { prefix: string; minIntervalMs: Interval; clock?: Clock }): HostLimiter {
  const intervalOf = intervalFn(options.minIntervalMs);
  const clock = options.clock ?? systemClock;
  // Within this process callers queue locally, so only one of them at a time polls Redis per host.
  const limiter = fifo(async (host) => {
    const interval = intervalOf(host);
    for (;;) {
      const wait = Number(await redis.eval(CLAIM, 1, `${options.prefix}:politeness:${host}`, interval));
      if (wait <= 0) return;
      await clock.sleep(wait);
    }
  });
  return { acquire: (host) => (intervalOf(host) <= 0 ? Promise.resolve() : limiter.acquire(host)) };
}
