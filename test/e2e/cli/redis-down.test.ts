/**
 * Redis down or unreachable: every command that needs it ends with one line naming REDIS_URL
 * (password redacted) and the error, code `redis.unavailable`, exit status 1, no stack traces; a
 * worker whose Redis dies exits on SIGTERM all the same. "Down" is a closed port (bound by the OS,
 * then closed) or a redis-server of the test's own, SIGKILLed. No elapsed time is asserted: the
 * connect wait is XXGK_REDIS_CONNECT_TIMEOUT_MS and the test waits on the process's exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const dir = mkdtempSync(join(tmpdir(), 'xxgk-redis-down-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xxgk(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: {
      ...process.env,
      // PGlite in a folder of its own: the commands must fail on Redis, not on a database.
      DATABASE_URL: '',
      XXGK_DATA_DIR: join(dir, 'data'),
      XXGK_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { code, stdout, stderr };
}

/** Resolves with stderr so far once it matches `re` (a log line the process writes when it is there). */
function stderrMatching(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = '';
    const onData = (d: Buffer) => {
      err += d;
      if (re.test(err)) {
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(err);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${re}: ${err}`)));
  });
}

describe('Redis down: the commands that need it', () => {
  const commands = [
    ['crawl'],
    ['worker'],
    ['status'],
    ['schedule', '--list'],
    ['dashboard'],
    ['retry', '--failed-fetches'],
    // The demo starts its portal first: it must not keep the process alive after the failure.
    ['demo', '--agencies', '1'],
  ];

  it.each(commands)('`xxgk %s` fails with one line naming REDIS_URL', async (...args) => {
    const port = await closedPort();
    const r = await finished(
      xxgk(args, {
        REDIS_URL: `redis://:s3cret@127.0.0.1:${port}/0`,
        XXGK_REDIS_CONNECT_TIMEOUT_MS: '1000',
      }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `xxgk: redis.unavailable: REDIS_URL redis://:***@127.0.0.1:${port}/0 unreachable after 1000 ms (XXGK_REDIS_CONNECT_TIMEOUT_MS): connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(r.stderr).not.toContain('s3cret');
  });
});

describe('a worker and SIGTERM', () => {
  let server: RedisServer | null = null;
  afterAll(async () => server?.stop());

  it('exits on SIGTERM with Redis up, and with Redis gone', async () => {
    server = await startRedisServer();
    const env = { REDIS_URL: server.url, XXGK_LOG_LEVEL: 'info', XXGK_QUEUE_PREFIX: 'sigterm' };

    const a = xxgk(['worker'], env);
    const aExit = finished(a);
    await stderrMatching(a, /worker started/);
    a.kill('SIGTERM');
    const ra = await aExit;
    expect(ra.code, ra.stderr).toBe(0);

    // Redis dies under a running worker: it logs the outage once and keeps reconnecting (a worker
    // is not a command: it waits for Redis to come back)... until SIGTERM, which it still obeys.
    const b = xxgk(['worker'], env);
    const bExit = finished(b);
    await stderrMatching(b, /worker started/);
    const lost = stderrMatching(b, /redis connection lost/);
    await server.kill();
    await lost;
    b.kill('SIGTERM');
    const rb = await bExit;
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr.match(/redis connection lost/g)).toHaveLength(1);
    expect(rb.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
  }, 180_000);
});
