/**
 * Adversarial inputs (test/support/adversarial.ts: a Word page with a span around every character,
 * 100k `|`, 100k full-width spaces, 10k-column rows, megabytes of repeated rows) take time linear in
 * their size: the CPU time at size 2n is under 3× that at n (quadratic would be 4×).
 *
 * A ratio of CPU times, not a time limit: on a busy machine wall time measures the neighbours, and
 * even CPU time per call drifts with the machine; what the neighbours do to n and to 2n alike
 * cancels (test/support/linearity.ts: the sizes alternate in batches of about 100 ms, each keeps its
 * least). Each measurement runs in a child process started with `--single-threaded-gc`, so a call
 * pays for its own garbage and not for the background GC of the one before (why: linearity.ts). A
 * deliberately quadratic control, timed the same way, must come out above the bound: the method can
 * fail.
 * The child's young generation is 64 MB (`--max-semi-space-size=64`), not the default 16: a DOM
 * of tens of thousands of nodes outgrows 16 MB at some size, and from there each scavenge copies it
 * again, a one-time step in cost per node, not growth (wide-html-table's parse, per size n of 500 /
 * 1,000 / 1,500 / 1,750 / 2,000 / 3,000: 2.9 / 9.0 / 9.9 / 43.6 / 74.6 / 88.6 ms at 16 MB, 3.0 / 5.9 /
 * 9.2 / 10.8 / 12.3 / 18.4 ms at 64 MB). Where the step falls moves with every change to what a
 * parse allocates; an n and 2n that straddle it measured the step, up to 4-8×.
 * HTML families are timed at sizes on both sides of html-text.ts's DOM cap (1.5 M characters),
 * whose two paths must each be linear.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GROWTH_NODE_FLAGS } from '../../../support/linearity.ts';

const BOUND = 3;
const CHILD = join(import.meta.dirname, 'growth-child.ts');

function measure<T>(name: string, n: number): T {
  const res = spawnSync(
    process.execPath,
    [...GROWTH_NODE_FLAGS, '--import', 'tsx', CHILD, name, String(n), String(BOUND)],
    {
      maxBuffer: 1 << 20,
    },
  );
  if (res.status !== 0)
    throw new Error(`growth-child ${name} ${n} failed: ${res.stderr.toString().slice(0, 2000)}`);
  return JSON.parse(res.stdout.toString()) as T;
}

describe('adversarial inputs take time linear in their size', () => {
  it('the method tells a quadratic function from a linear one', () => {
    const { quadratic, linear } = measure<{ quadratic: number; linear: number }>('control', 3000);
    expect(quadratic).toBeGreaterThan(BOUND);
    expect(linear).toBeLessThan(BOUND);
  }, 120_000);

  it.each([
    ['span-per-char', 400_000],
    ['span-per-char', 2_000_000],
    ['pipes', 100_000],
    ['pipes-in-table', 100_000],
    ['fullwidth-spaces', 100_000],
    ['fullwidth-spaces-in-row', 100_000],
    ['wide-rows', 5_000],
    ['wide-html-table', 1_000],
    ['wide-html-table', 5_000],
    ['repeated-rows', 2_000_000],
    ['repeated-html-rows', 500_000],
    ['repeated-html-rows', 2_000_000],
  ] as const)(
    '%s at n = %i and 2n',
    (name, n) => {
      const out = measure<{ smallChars: number; largeChars: number; valid: boolean; ratio: number }>(name, n);
      // The inputs themselves double (a family that stopped growing would pass for linear).
      expect(out.largeChars / out.smallChars).toBeGreaterThan(1.8);
      expect(out.valid).toBe(true);
      expect(out.ratio, `${name}: CPU at 2n is ${out.ratio.toFixed(2)}× that at n = ${n}`).toBeLessThan(
        BOUND,
      );
    },
    120_000,
  );
});
