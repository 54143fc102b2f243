/**
 * Adversarial inputs (test/support/adversarial.ts: a Word page with a span around every character,
 * 100k `|`, 100k full-width spaces, 10k-column rows, megabytes of repeated rows) take time linear in
 * their size: the CPU time at size 2n is under 3× that at n (quadratic would be 4×).
 *
 * A ratio of CPU times, not a time limit: on a busy machine wall time measures the neighbours, and
 * even CPU time per call drifts with the machine; what the neighbours do to n and to 2n alike
 * cancels (test/support/linearity.ts: best of 3 batches of about 100 ms each). A deliberately
 * quadratic control, timed the same way, must come out above the bound: the method can fail.
 * HTML families are timed at sizes on both sides of html-text.ts's DOM cap (1.5 M characters),
 * whose two paths must each be linear.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { ReportRecord } from '../../../../extractors/record.ts';
import { ADVERSARIAL } from '../../../support/adversarial.ts';
import { growth, leastGrowth } from '../../../support/linearity.ts';

const BOUND = 3;
const family = (name: string) => ADVERSARIAL.find((f) => f.name === name)!;

describe('adversarial inputs take time linear in their size', () => {
  it('the method tells a quadratic function from a linear one', () => {
    const quadratic = (s: string) => {
      let c = 0;
      for (let i = 0; i < s.length; i++) for (let j = i; j < s.length; j++) c += s.charCodeAt(j) & 1;
      return c;
    };
    const linear = (s: string) => {
      let c = 0;
      for (let r = 0; r < 2000; r++) for (let i = 0; i < s.length; i++) c += s.charCodeAt(i) & 1;
      return c;
    };
    const a = 'x'.repeat(3000);
    const b = 'x'.repeat(6000);
    expect(growth(quadratic, a, b)).toBeGreaterThan(BOUND);
    expect(leastGrowth(linear, a, b, BOUND)).toBeLessThan(BOUND);
  });

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
      const f = family(name);
      const small = f.build(n);
      const large = f.build(2 * n);
      // The inputs themselves double (a family that stopped growing would pass for linear).
      expect(large.length / small.length).toBeGreaterThan(1.8);
      const record = extractText(large);
      expect(ReportRecord.safeParse(record).success).toBe(true);
      const ratio = leastGrowth(extractText, small, large, BOUND);
      expect(ratio, `${name}: CPU at ${2 * n} ${f.unit} is ${ratio.toFixed(2)}× that at ${n}`).toBeLessThan(
        BOUND,
      );
    },
    120_000,
  );
});
