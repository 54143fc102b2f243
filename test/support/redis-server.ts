/**
 * A throwaway redis-server of a test's own, on a free port, that the test may kill and start again
 * on the same port (the shared Redis on 6379 must never be killed). Appends every write to an AOF
 * fsynced at once, so that a SIGKILLed server comes back with the jobs it held, as a production
 * Redis with persistence does; without it a restarted Redis is empty and "no job lost" could not be
 * told apart from "no job there".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nothing listens on: bound by the OS (port 0), then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface RedisServer {
  url: string;
  port: number;
  /** Start (again) on the same port and data dir; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: a crash, nothing flushed beyond what the AOF already holds. */
  kill(): Promise<void>;
  /** Kill and remove the data dir. */
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-redis-'));
  let child: ChildProcess | null = null;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const c = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = c;
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const onData = (d: Buffer) => {
          out += d;
          if (/Ready to accept connections/i.test(out)) {
            c.stdout!.off('data', onData);
            c.stdout!.resume();
            resolve();
          }
        };
        c.stdout!.on('data', onData);
        c.stderr!.resume();
        c.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)));
      });
    },
    async kill() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      c.kill('SIGKILL');
      await once(c, 'exit');
    },
    async stop() {
      await server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
