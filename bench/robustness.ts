/**
 * `npm run bench -- robustness`: issue 12's figures over the mangled corpus (test/support/mangle):
 * ≥ 10,000 generated reports, each rendered in a base shape and damaged by one to four damage
 * kinds. Prints right / missing / wrong cells (all cases, and the cases whose damages keep every
 * cell), per damage kind and base, false findings, and the slowest input.
 *
 * Usage: tsx bench/robustness.ts [--reports N] [--first SEED]. Target: 0 wrong, ≥ 99.5 % right.
 */
import { EXTRACTOR_VERSION, extractText } from '../extractors/index.ts';
import { keepsCells, mangledCorpus } from '../test/support/mangle/registry.ts';
import {
  addScore,
  emptyTally,
  formatTally,
  rightFraction,
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
const kept = emptyTally();
const by = new Map<string, Tally>();
let slowest = { ms: 0, seed: 0, what: '' };
const wrongSeeds: string[] = [];
let extractMs = 0;
for (const c of mangledCorpus(TOTAL, FIRST)) {
  const t0 = performance.now();
  const record = extractText(c.text);
  const ms = performance.now() - t0;
  extractMs += ms;
  const s = scoreRecord(record, c.report);
  addScore(all, s);
  if (keepsCells(c.applied)) addScore(kept, s);
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
console.log(`robustness: all cases: ${formatTally(all)}`);
console.log(`robustness: damages that keep every cell: ${formatTally(kept)}`);
for (const [k, t] of [...by].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`  ${k.padEnd(28)} ${formatTally(t)}`);
console.log(
  `robustness: slowest input ${slowest.ms.toFixed(1)} ms: seed ${slowest.seed} (${slowest.what}); extraction ${(extractMs / 1000).toFixed(1)} s in all`,
);
if (wrongSeeds.length)
  console.log(`robustness: seeds with wrong cells or false findings: ${wrongSeeds.join(' ')}`);
const ok = all.wrong === 0 && all.falseFindings === 0 && rightFraction(kept) >= 0.995;
console.log(`robustness: target 0 wrong, ≥ 99.5% right: ${ok ? 'met' : 'NOT met'}`);
process.exit(ok ? 0 : 1);
