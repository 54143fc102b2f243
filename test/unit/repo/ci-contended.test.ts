/**
 * `.ci/contended` (README "Testing"): runs a command beside one CPU hog per core, hands back the
 * command's exit status, and never leaves a hog behind — neither when the command ends nor when the
 * script is terminated (a CI timeout), which must stop the command at once rather than wait for it.
 * Each case waits on the script's own events (its start line, its exit), never on a delay.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(resolve(import.meta.dirname, '../../..'), '.ci/contended');

function start(args: string[]): {
  child: ChildProcess;
  hogs: Promise<number[]>;
  exit: Promise<number | null>;
} {
  const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const hogs = new Promise<number[]>((resolveHogs) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /contended: \d+ CPU hog\(s\) running \(pids ([\d ]+)\)/.exec(out);
      if (m) resolveHogs(m[1]!.trim().split(' ').map(Number));
    });
  });
  const exit = new Promise<number | null>((r) =>
    child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null))),
  );
  return { child, hogs, exit };
}

/** Running, not a zombie (a killed hog is reaped by whoever inherits it, a moment later). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Polls until every hog has died; bounded far above what a kill takes, so only a leak fails. */
async function gone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 1500 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
  return !pids.some(alive);
}

describe('.ci/contended', () => {
  it("hands back the command's exit status and stops its hogs when the command ends", async () => {
    const run = start(['--hogs', '2', 'sh', '-c', 'exit 3']);
    const pids = await run.hogs;
    expect(pids).toHaveLength(2);
    expect(await run.exit).toBe(3);
    expect(await gone(pids)).toBe(true);
  });

  it('SIGTERM stops the command and the hogs at once instead of waiting for the command', async () => {
    // `sleep 600`: only a script that stops the command itself exits at once, with 128 + SIGTERM.
    const run = start(['--hogs', '1', 'sleep', '600']);
    const pids = await run.hogs;
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
    expect(await gone(pids)).toBe(true);
  });
});
