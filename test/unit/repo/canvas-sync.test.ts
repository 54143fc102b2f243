/**
 * No asynchronous canvas encoding anywhere in the repository. @napi-rs/canvas's `canvas.encode()`
 * runs Skia's encoder on the libuv thread pool, and a garbage collection on the main thread during
 * that work crashed the process with a NULL dereference in skia.linux-x64-gnu.node (core dump,
 * 2026-12-03: the faulting thread a thread-pool worker, the main thread in incremental marking) —
 * the vitest worker running seal.test.ts died as "Worker exited unexpectedly" in CI, in about half
 * of the runs beside another file. Known upstream (napi-rs canvas async encode segfaults under load).
 * With `encodeSync` the same pairing passed 8 of 8. Images are small; the synchronous call costs
 * nothing that matters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIRS = ['bench', 'bin', 'crawlers', 'db', 'extractors', 'pipeline', 'test'];
const ASYNC_ENCODE = /\.(?:encode|toDataURLAsync)\(\s*['"](?:png|jpeg|webp|avif|gif)['"]/;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    // This file names the pattern in its own check of the pattern.
    else if (/\.(?:ts|mts|mjs|js)$/.test(name) && p !== import.meta.filename) yield p;
  }
}

describe('canvas encoding is synchronous', () => {
  it('the pattern finds an asynchronous encode', () => {
    expect(ASYNC_ENCODE.test("await c.encode('jpeg', 70)")).toBe(true);
    expect(ASYNC_ENCODE.test("c.encodeSync('jpeg', 70)")).toBe(false);
  });

  it('no source calls canvas.encode(format) (only encodeSync)', () => {
    const offenders: string[] = [];
    for (const dir of DIRS)
      for (const file of sources(join(ROOT, dir))) {
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (ASYNC_ENCODE.test(line)) offenders.push(`${relative(ROOT, file)}:${i + 1}`);
        });
      }
    expect(offenders).toEqual([]);
  });
});
