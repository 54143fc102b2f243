/** startPortalProcess(): the local portal in a child process (see child.ts), with the same data over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { PortalOptions, RequestLog } from './server.ts';
import type { PortalTruth } from './truth.ts';

export interface RemotePortal {
  url: string;
  pid: number;
  /** `cells: false` leaves out the expected cells (large portals). */
  truth(opts?: { cells?: boolean }): Promise<PortalTruth>;
  requests(): Promise<RequestLog[]>;
  publish(n: number): Promise<void>;
  /** See Portal.outage. */
  outage(targets: readonly string[]): Promise<void>;
  /** See Portal.hang and Portal.held. */
  hang(targets: readonly string[]): Promise<void>;
  held(): Promise<string[]>;
  close(): Promise<void>;
}

export async function startPortalProcess(opts: PortalOptions = {}): Promise<RemotePortal> {
  const child: ChildProcess = fork(join(import.meta.dirname, 'child.ts'), [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (v: unknown) => void>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`portal process exited early (code ${code})`)));
    child.on('message', (m: { type: string; url?: string; id?: number; result?: unknown }) => {
      if (m.type === 'ready') resolve(m.url!);
      else if (m.type === 'reply') pending.get(m.id!)?.(m.result);
    });
  });
  child.removeAllListeners('exit');
  const call = <T>(cmd: string, n?: number, targets?: readonly string[]) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, (v) => resolve(v as T));
      child.send({ id, cmd, n, targets });
    });
  return {
    url,
    pid: child.pid!,
    truth: (o) => call<PortalTruth>(o?.cells === false ? 'truth-lite' : 'truth'),
    requests: () => call<RequestLog[]>('requests'),
    publish: (n) => call<void>('publish', n),
    outage: (targets) => call<void>('outage', undefined, targets),
    hang: (targets) => call<void>('hang', undefined, targets),
    held: () => call<string[]>('held'),
    async close() {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((r) => child.once('exit', r));
      await call('close');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}
