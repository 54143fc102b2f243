/**
 * `xxgk` runs node with options of its own, on bin/xxgk.mjs's `#!/usr/bin/env -S` line (the only
 * place they can be set: node refuses `--single-threaded-gc` in NODE_OPTIONS and V8 aborts when it
 * is set at run time; glibc reads MALLOC_ARENA_MAX at start-up). The crawl bench runs its xxgk
 * contenders with the same line. Here: the line has that form, and node starts with it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const shebang = readFileSync(CLI, 'utf8').split('\n', 1)[0]!;

describe("the CLI's node options", () => {
  it('are on an env -S line naming node, with the memory and GC settings the crawl was measured with', () => {
    const m = /^#!\/usr\/bin\/env -S ((?:[A-Z_]+=\S+ )*)node((?: --[a-z-]+(?:=\d+)?)*)$/.exec(shebang);
    expect(m, shebang).not.toBeNull();
    expect(m![1]!.trim().split(' ')).toContain('MALLOC_ARENA_MAX=2');
    expect(m![2]!.trim().split(' ')).toContain('--single-threaded-gc');
    expect(m![2]!.trim().split(' ')).toContain('--max-semi-space-size=8');
  });

  it('start node and reach the program, variables set and flags taken', () => {
    const words = shebang.replace('#!/usr/bin/env -S ', '').split(' ');
    const vars = Object.fromEntries(words.filter((w) => w.includes('=')).map((w) => w.split('=')));
    const flags = words.filter((w) => w.startsWith('--'));
    const r = spawnSync(
      process.execPath,
      [...flags, '-e', 'console.log(JSON.stringify([process.execArgv, process.env.MALLOC_ARENA_MAX]))'],
      { env: { ...process.env, ...vars }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.arrayContaining(flags), '2']);
  });
});
