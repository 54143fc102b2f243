/**
 * Per-host politeness that holds at the server, not only in our bookkeeping. A caller takes the host
 * (`acquire`) and gives it back (`release`) once the response has started or the request failed; the
 * next caller goes `minIntervalMs` after that. Two things this avoids: booking slots in advance (a busy
 * event loop then wakes two sleepers in one turn and they arrive together), and counting from the claim
 * (a request whose send is delayed would arrive right before the next one). The response starting is a
 * moment the server has certainly seen the request, so arrivals are at least the interval apart.
 * A holder that never releases is let go after `leaseMs`.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, HostLimiter } from '../types.ts';
import { systemClock } from '../types.ts';

type Interval = number | ((host: string) => number);
const intervalFn = (i: Interval) => (typeof i === 'function' ? i : () => i);

export interface LimiterOptions {
  clock?: Clock;
  /** How long a holder may keep a host without releasing it. */
  leaseMs?: number;
}

/**
 * FIFO per host: the next caller starts only when the previous one released (or its lease ran out).
 * `take` waits for and claims the host, `give` hands it back.
 */
function holdQueue(
  take: (host: string) => Promise<void>,
  give: (host: string) => Promise<void> | void,
  leaseMs: number,
): Required<HostLimiter> {
  const tails = new Map<string, Promise<void>>();
  const holders = new Map<string, () => void>();
  return {
    acquire(host) {
      const prev = tails.get(host) ?? Promise.resolve();
      let done!: () => void;
      const released = new Promise<void>((r) => (done = r));
      const mine = prev.then(() => take(host));
      mine.then(
        () => {
          let open = true;
          const release = () => {
            if (!open) return;
            open = false;
            clearTimeout(lease);
            if (holders.get(host) === release) holders.delete(host);
            Promise.resolve(give(host)).finally(done);
          };
          const lease = setTimeout(release, leaseMs);
          lease.unref();
          holders.set(host, release);
        },
        () => done(),
      );
      const tail = released.catch(() => undefined);
      tails.set(host, tail);
      // Forget idle hosts so a long crawl over many hosts does not grow the maps.
      void tail.then(() => tails.get(host) === tail && tails.delete(host));
      return mine;
    },
    release(host) {
      holders.get(host)?.();
    },
  };
}

const off: Required<HostLimiter> = { acquire: async () => undefined, release: () => undefined };

/** In one process. An interval of 0 turns politeness off (benchmarks). */
export function createLocalLimiter(
  minIntervalMs: Interval,
  options: LimiterOptions | Clock = {},
): Required<HostLimiter> {
  const opts: LimiterOptions = 'now' in options ? { clock: options } : options;
  const clock = opts.clock ?? systemClock;
  const intervalOf = intervalFn(minIntervalMs);
  const last = new Map<string, number>();
  const queue = holdQueue(
    async (host) => {
      // Timers may fire a little early; check again rather than trust one sleep.
      for (let prev = last.get(host); prev !== undefined; ) {
        const wait = prev + intervalOf(host) - clock.now();
        if (wait <= 0) break;
        await clock.sleep(wait);
      }
      last.set(host, clock.now());
    },
    (host) => void last.set(host, Math.max(last.get(host) ?? 0, clock.now())),
    opts.leaseMs ?? 60_000,
  );
  return {
    acquire: (host) => (intervalOf(host) <= 0 ? off.acquire(host) : queue.acquire(host)),
    release: (host) => queue.release(host),
  };
}

/** The subset of ioredis the Redis limiter needs (keeps the crawler free of a hard ioredis type). */
export interface RedisLike {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

// Value "<free-at ms>|<holder token>", on the Redis server's clock so all processes share one schedule.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('GET', KEYS[1])
local freeAt = 0
local holder = ''
if v then freeAt = tonumber(string.match(v, '^(%d+)')) holder = string.match(v, '|(.*)$') or '' end
`;
/**
 * Claim if free: the host is then held for the lease. Otherwise: how long to wait before asking again
 * (while another process holds the host, its release time is unknown, so poll every ARGV[4] ms).
 */
const CLAIM = `${NOW}
if freeAt > now then
  if holder ~= '' then return math.min(freeAt - now, tonumber(ARGV[4])) end
  return freeAt - now
end
local lease = tonumber(ARGV[2])
redis.call('SET', KEYS[1], (now + lease) .. '|' .. ARGV[3], 'PX', lease + 1000)
return 0
`;
/** Release (only by the holder): free again `interval` from now (+1: TIME was floored to the millisecond). */
const RELEASE = `${NOW}
if holder ~= ARGV[3] then return 0 end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], (now + 1 + interval) .. '|', 'PX', interval + 1000)
return 1
`;

export function createRedisLimiter(
  redis: RedisLike,
  options: { prefix: string; minIntervalMs: Interval } & LimiterOptions,
): Required<HostLimiter> {
  const intervalOf = intervalFn(options.minIntervalMs);
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 60_000;
  const key = (host: string) => `${options.prefix}:politeness:${host}`;
  const tokens = new Map<string, string>();
  // Callers in this process queue locally, so only one of them at a time asks Redis for a host.
  const queue = holdQueue(
    async (host) => {
      const token = randomUUID();
      for (;;) {
        const interval = intervalOf(host);
        const poll = Math.max(5, Math.floor(interval / 4));
        const wait = Number(await redis.eval(CLAIM, 1, key(host), interval, leaseMs, token, poll));
        if (wait <= 0) break;
        await clock.sleep(wait);
      }
      tokens.set(host, token);
    },
    async (host) => {
      const token = tokens.get(host);
      tokens.delete(host);
      if (token)
        await redis.eval(RELEASE, 1, key(host), intervalOf(host), leaseMs, token).catch(() => undefined);
    },
    leaseMs,
  );
  return {
    acquire: (host) => (intervalOf(host) <= 0 ? off.acquire(host) : queue.acquire(host)),
    release: (host) => queue.release(host),
  };
}
