/**
 * `xxgk … | head -1`: the CLI's reader goes away mid-output. Spawns `node bin/xxgk.mjs extract` on the
 * seed reports (no database needed) with real pipes and closes them from this side, the way `head`
 * does, then checks the process stops quietly instead of dying on an unhandled EPIPE.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_PIPE_CLOSED } from '../../../bin/cli.ts';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
const env = { ...process.env, XXGK_LOG_LEVEL: 'silent' };
// One pass over the seeds prints ~150 kB of JSON Lines; twenty passes are ~3 MB, far more than a
// pipe buffer (64 kB), so the CLI is certainly still writing when its reader goes away.
const MANY_SEEDS = Array.from({ length: 20 }, () => SEEDS);

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from closing the pipe to the process's exit. */
  afterClose: number;
}

function run(args: string[], close: 'stdout-after-first-chunk' | 'stderr-at-once'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let closedAt = 0;
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    if (close === 'stderr-at-once') {
      closedAt = Date.now();
      child.stderr.destroy();
    } else {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
      });
    }
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      if (close === 'stdout-after-first-chunk' && closedAt === 0) {
        closedAt = Date.now();
        child.stdout.destroy();
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, afterClose: closedAt ? Date.now() - closedAt : Number.NaN });
    });
  });
}

describe('xxgk with a closed output pipe', () => {
  it('stops quietly with the status of a process killed by SIGPIPE when stdout is closed', async () => {
    const r = await run(['extract', ...MANY_SEEDS], 'stdout-after-first-chunk');
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    // 141 is produced only by the EPIPE handler: the run was cut short, not completed.
    expect(r.code).toBe(EXIT_PIPE_CLOSED);
    expect(r.afterClose).toBeLessThan(10_000);
  });

  it('keeps working and keeps its exit code when only stderr is closed', async () => {
    const missing = join(SEEDS, 'no-such-report.txt');
    const r = await run(['extract', missing, SEEDS], 'stderr-at-once');
    // The missing input is reported on the closed stderr (EPIPE there), yet every seed is printed
    // and the exit code is the one for bad input, not a crash.
    const files = r.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { file: string }).file);
    expect(files).toEqual(
      readdirSync(SEEDS)
        .sort()
        .map((name) => join(SEEDS, name)),
    );
    expect(r.code).toBe(2);
  });
});
