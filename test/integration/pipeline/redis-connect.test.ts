/**
 * connectRedis's bounded wait (pipeline/queue/redis.ts) against the real Redis and a closed port.
 * The starved case is made, not waited for: the event loop is blocked past the timeout right after
 * the connection starts, so the timer and the socket's I/O come due in the same turn (what a
 * CPU-starved process sees); the connection must still be taken, not failed.
 */
import { describe, expect, it } from 'vitest';
import { connectRedis, RedisUnavailableError } from '../../../pipeline/queue/redis.ts';
import { closedPort } from '../../support/redis-server.ts';

const REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // A CPU-starved process: nothing else runs meanwhile.
  }
}

describe('connectRedis', () => {
  it('takes a connection that comes up while the process was starved past the timeout', async () => {
    // The timeout is short only against the block: after it, the handshake has one more period (on
    // this busy machine, a few ms of work may take that long in wall time).
    for (let i = 0; i < 2; i++) {
      const pending = connectRedis(REDIS, { timeoutMs: 500 });
      blockFor(800);
      const client = await pending;
      expect(client.status).toBe('ready');
      client.disconnect();
    }
  });

  it('fails a closed port with redis.unavailable naming the URL (password redacted) and the error', async () => {
    const port = await closedPort();
    const err = await connectRedis(`redis://:pw@127.0.0.1:${port}`, { timeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect(err.code).toBe('redis.unavailable');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(
      `REDIS_URL redis://:***@127.0.0.1:${port} unreachable after 300 ms (XXGK_REDIS_CONNECT_TIMEOUT_MS): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
