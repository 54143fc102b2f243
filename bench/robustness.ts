/**
 * `npm run bench -- robustness`: issue 12's figures over the mangled corpus (test/support/mangle):
 * ≥ 10,000 generated reports, each rendered in a base shape and damaged by one to four damage
 * kinds. Prints right / missing / wrong over the cells present in the input, and apart from them
 * the cells absent from it (rows a `lossy` damage cut out: null with a `table.missing` finding, or
 * wrong), per damage kind and base, false findings, and the slowest input; then the adversarial
 * inputs of issue 13 (test/support/adversarial.ts) at their sizes seen in the wild, with CPU time,
 * wall time and growth from half the size, and the slowest of them.
 *
 * Usage: tsx bench/robustness.ts [--reports N] [--first SEED]. Target: 0 wrong, ≥ 99.5 % right,
 * adversarial growth < 3× per doubling.
 */
import { EXTRACTOR_VERSION, extractText } from '../extractors/index.ts';
import { ADVERSARIAL } from '../test/support/adversarial.ts';
import { growth, perCall } from '../test/support/linearity.ts';
import { mangledCorpus } from '../test/support/mangle/registry.ts';
import {
  addScore,
  emptyTally,
  formatTally,
  rightFraction,
  rightOfAll,
  scoreRecord,
  type Tally,
} from '../test/support/mangle/score.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const TOTAL = Number(arg('--reports') ?? 10_000);
const FIRST = Number(arg('--first') ?? 1);
if (!Number.isInteger(TOTAL) || TOTAL < 1)
  throw new Error('bench robustness: --reports must be a positive integer');

const all = emptyTally();
const by = new Map<string, Tally>();
let slowest = { ms: 0, seed: 0, what: '' };
const wrongSeeds: string[] = [];
let extractMs = 0;
for (const c of mangledCorpus(TOTAL, FIRST)) {
  const t0 = performance.now();
  const record = extractText(c.text);
  const ms = performance.now() - t0;
  extractMs += ms;
  const s = scoreRecord(record, c.report, c.absent);
  addScore(all, s);
  for (const k of [`base ${c.base}`, ...c.applied.map((d) => `damage ${d}`)]) {
    const t = by.get(k) ?? emptyTally();
    addScore(t, s);
    by.set(k, t);
  }
  if (ms > slowest.ms)
    slowest = { ms, seed: c.seed, what: `${c.base} + ${c.applied.join(' + ')}, ${c.text.length} chars` };
  if ((s.wrong || s.falseFindings.length) && wrongSeeds.length < 20) wrongSeeds.push(String(c.seed));
}
console.log(`robustness: ${TOTAL} mangled reports from seed ${FIRST}; extractor ${EXTRACTOR_VERSION}`);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
console.log(
  `robustness: right ${pct(rightFraction(all))} of the ${all.right + all.missing + all.wrong} cells present in the input, wrong ${all.wrong}, false findings ${all.falseFindings}; ${all.absent} cells absent from the input (rows a damage cut out), each null with its table.missing finding (${pct(rightOfAll(all))} right counting them)`,
);
console.log(`robustness: all cases: ${formatTally(all)}`);
for (const [k, t] of [...by].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`  ${k.padEnd(28)} ${formatTally(t)}`);
console.log(
  `robustness: slowest input ${slowest.ms.toFixed(1)} ms: seed ${slowest.seed} (${slowest.what}); extraction ${(extractMs / 1000).toFixed(1)} s in all`,
);
if (wrongSeeds.length)
  console.log(`robustness: seeds with wrong cells or false findings: ${wrongSeeds.join(' ')}`);
const ok = all.wrong === 0 && all.falseFindings === 0 && rightFraction(all) >= 0.995;
console.log(
  `robustness: target 0 wrong, 0 false findings, ≥ 99.5% right of the cells in the input: ${ok ? 'met' : 'NOT met'}`,
);
const linear = adversarialSection();
process.exit(ok && linear ? 0 : 1);

/**
 * The adversarial families (test/support/adversarial.ts) at the size seen in the wild and at half
 * of it: CPU time per call (test/support/linearity.ts), the first call's wall time, the record's
 * status, and CPU growth from
 * n/2 to n, which must stay under 3× (quadratic is 4×; the fuzz test asserts the same at smaller
 * sizes). Returns whether every family grew linearly.
 */
function adversarialSection(): boolean {
  console.log(
    'robustness: adversarial inputs (CPU per call, best of 3 batches; growth = CPU at n / CPU at n/2, linear < 3)',
  );
  let slowestAdv = { cpu: 0, what: '' };
  let allLinear = true;
  for (const f of ADVERSARIAL) {
    const half = f.build(f.wild / 2);
    const full = f.build(f.wild);
    const t0 = performance.now();
    const record = extractText(full);
    const wall = performance.now() - t0;
    const g = growth(extractText, half, full);
    const cpu = perCall(extractText, full);
    allLinear &&= g < 3;
    console.log(
      `  ${f.name.padEnd(24)} ${String(f.wild).padStart(9)} ${f.unit.padEnd(7)} ${(full.length / 1e6).toFixed(2).padStart(6)} M chars  CPU ${cpu.toFixed(1).padStart(6)} ms  wall ${wall.toFixed(0).padStart(5)} ms (first call)  growth ${g.toFixed(2)}  ${record.status}`,
    );
    if (cpu > slowestAdv.cpu) slowestAdv = { cpu, what: `${f.name} at ${f.wild} ${f.unit}` };
  }
  console.log(
    `robustness: slowest adversarial input ${slowestAdv.cpu.toFixed(0)} ms CPU: ${slowestAdv.what}; linear growth: ${allLinear ? 'met' : 'NOT met'}`,
  );
  return allLinear;
}
