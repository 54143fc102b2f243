/**
 * Measures CPU growth from n to 2n in a process of its own, started by adversarial.test.ts with
 * `--single-threaded-gc` (see test/support/linearity.ts for why), and prints JSON.
 *   growth-child.ts FAMILY N BOUND   an adversarial family (test/support/adversarial.ts) through extractText
 *   growth-child.ts control N BOUND  the method's own controls: a quadratic and a linear function
 */
import { extractText } from '../../../../extractors/index.ts';
import { ReportRecord } from '../../../../extractors/record.ts';
import { ADVERSARIAL } from '../../../support/adversarial.ts';
import { growth, leastGrowth } from '../../../support/linearity.ts';

const [name, nArg, boundArg] = process.argv.slice(2);
const n = Number(nArg);
const bound = Number(boundArg);

if (name === 'control') {
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
  const a = 'x'.repeat(n);
  const b = 'x'.repeat(2 * n);
  process.stdout.write(
    JSON.stringify({ quadratic: growth(quadratic, a, b), linear: leastGrowth(linear, a, b, bound) }),
  );
} else {
  const family = ADVERSARIAL.find((f) => f.name === name);
  if (!family) throw new Error(`no adversarial family named ${name}`);
  const small = family.build(n);
  const large = family.build(2 * n);
  const record = extractText(large);
  process.stdout.write(
    JSON.stringify({
      smallChars: small.length,
      largeChars: large.length,
      valid: ReportRecord.safeParse(record).success,
      ratio: leastGrowth(extractText, small, large, bound),
    }),
  );
}
