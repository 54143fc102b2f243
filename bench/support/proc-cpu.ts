/**
 * CPU time from Linux's /proc, for the benches that split it by thread (support/contender.ts,
 * pglite-replay.ts) or read a server's (Redis): process.cpuUsage() gives the process's sum only.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds of each of this process's threads, by thread id (Linux; empty elsewhere). */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const c = procCpu(Number(tid), `/proc/self/task/${tid}/stat`);
      if (c !== null) out.set(Number(tid), c);
    }
  } catch {}
  return out;
}

/** Each thread's CPU since `before`: the main thread, the busiest other one, the rest. */
export function threadSplit(before: Map<number, number>): { main: number; top: number; rest: number } {
  let main = 0;
  let top = 0;
  let rest = 0;
  for (const [tid, c] of threadCpu()) {
    const d = c - (before.get(tid) ?? 0);
    if (process.env.XXGK_BENCH_THREADS && d > 0.05)
      process.stderr.write(`thread ${tid} ${threadName(tid)}: ${d.toFixed(2)} s\n`);
    if (tid === process.pid) main = d;
    else if (d > top) {
      rest += top;
      top = d;
    } else rest += d;
  }
  return { main, top, rest };
}

/** A thread's name (/proc's comm: node's are `node`, `node_worker`, `V8 DefaultWorke`, `libuv-worker`…). */
function threadName(tid: number): string {
  try {
    return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** utime + stime of a process, seconds; null once it is gone (or on a system without /proc). */
export function procCpu(pid: number, file = `/proc/${pid}/stat`): number | null {
  try {
    const stat = readFileSync(file, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // In USER_HZ ticks (1/100 s on Linux).
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
