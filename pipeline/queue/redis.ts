/**
 * The Redis connection every BullMQ-backed command shares: opened first, with a bounded wait, so that
 * a Redis that is down or unreachable ends the command in seconds with one line naming REDIS_URL,
 * instead of hanging while ioredis retries forever and prints a stack trace per attempt.
 * Once connected, the client reconnects with backoff for as long as the process lives (a worker rides
 * out a Redis restart), and an outage is logged once when it starts and once when it ends.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { RetryableError } from '../../config/errors.ts';
import { silentLogger } from '../../config/logger.ts';
import { redactUrl } from '../../config/settings.ts';

/** Redis down or unreachable: worth another try later, so retryable (the CLI exits 1, not 2). */
export class RedisUnavailableError extends RetryableError {}

/** Reconnect delay after the n-th failed attempt: 100 ms doubling to 5 s, never giving up. */
export function reconnectDelayMs(times: number): number {
  return Math.min(100 * 2 ** Math.min(times - 1, 10), 5_000);
}

export const REDIS_OPTIONS: RedisOptions = {
  // BullMQ requires maxRetriesPerRequest: null on connections its workers block on; it also means a
  // command issued during an outage waits for the reconnection instead of failing (no job is lost).
  maxRetriesPerRequest: null,
  // Connected explicitly by connectRedis(), which bounds the wait.
  lazyConnect: true,
  retryStrategy: reconnectDelayMs,
  // ioredis's own connectTimeout stays at its default (10 s): it bounds one TCP attempt, and a
  // shorter one fails healthy connections on a CPU-starved machine.
};

export interface ConnectRedisOptions {
  /** How long to wait for the first `ready`, ms (XXGK_REDIS_CONNECT_TIMEOUT_MS). */
  timeoutMs: number;
  logger?: Logger;
}

/**
 * A connected client, or RedisUnavailableError once `timeoutMs` has passed without `ready`.
 * Errors during the wait are kept (the last one goes in the message), not logged: the one line of
 * the CLI says it all.
 */
export async function connectRedis(url: string, opts: ConnectRedisOptions): Promise<Redis> {
  const client = new Redis(url, REDIS_OPTIONS);
  let lastError: Error | undefined;
  const onError = (err: Error) => {
    lastError = err;
  };
  client.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        client.off('ready', onReady);
        if (err) reject(err);
        else resolve();
      };
      const onReady = () => finish();
      client.once('ready', onReady);
      let extended = false;
      const expire = () => {
        // On a CPU-starved process the timer and the socket's I/O become due in the same turn of the
        // event loop, and timers run first: look again after the I/O callbacks of this turn
        // (setImmediate runs after the poll phase) before calling the connection failed.
        setImmediate(() => {
          if (client.status === 'ready') return finish();
          // Still on its way without a fault (the socket is up and the handshake pending, or the
          // first attempt has neither connected nor failed): the process, not Redis, was slow; one
          // more period, so the wait stays bounded (2× at most) while a refusal still fails at 1×.
          const onItsWay = client.status === 'connect' || (client.status === 'connecting' && !lastError);
          if (onItsWay && !extended) {
            extended = true;
            timer = setTimeout(expire, opts.timeoutMs);
            return;
          }
          finish(unavailable(url, opts.timeoutMs, lastError));
        });
      };
      let timer = setTimeout(expire, opts.timeoutMs);
      // connect() rejects on the first failed attempt while ioredis goes on retrying: the wait
      // above, not this promise, decides.
      client.connect().catch(() => {});
    });
  } catch (err) {
    client.disconnect();
    throw err;
  } finally {
    client.off('error', onError);
  }
  watchOutages(client, url, opts.logger ?? silentLogger);
  return client;
}

function unavailable(url: string, timeoutMs: number, cause: Error | undefined): RedisUnavailableError {
  const why = cause ? errorText(cause) : 'no answer';
  return new RedisUnavailableError(
    'redis.unavailable',
    `REDIS_URL ${redactUrl(url)} unreachable after ${timeoutMs} ms (XXGK_REDIS_CONNECT_TIMEOUT_MS): ${why}`,
    { cause },
  );
}

function errorText(err: Error): string {
  const e = err as Error & { code?: string };
  // ioredis wraps an AggregateError for hosts with several addresses: its message may be empty.
  return e.message || e.code || e.name;
}

/**
 * One warning when the connection is lost, one info line when it is back: ioredis emits an error per
 * reconnection attempt, which would flood the log during an outage. Every client must have an 'error'
 * listener, or ioredis prints "Unhandled error event" with a stack trace for each.
 */
export function watchOutages(client: Redis, url: string, logger: Logger): void {
  let down = false;
  client.on('error', (err) => {
    if (down) return logger.debug({ err: errorText(err) }, 'redis still unreachable');
    down = true;
    logger.warn(
      { redis: redactUrl(url), err: errorText(err) },
      'redis connection lost; reconnecting with backoff',
    );
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: redactUrl(url) }, 'redis connection back');
  });
}
