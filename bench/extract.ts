/**
 * Extraction throughput and memory: a corpus of ≥ 10,000 reports (the real seeds, the seeds'
 * values re-rendered in every shape, and generated reports in every shape, mixed) is generated
 * into temporary files first, then each file is read back and extracted in one process. Prints
 * reports/s (wall time and per CPU-second, overall and per kind of input), MB/s, peak RSS, and RSS
 * at 25/50/75/100 % of the extraction so memory staying flat as the corpus grows is visible.
 *
 * Generating first keeps the generator's own cost out of the extraction's figures: interleaved,
 * its garbage was collected and its code compiled (by V8's background threads, which
 * `process.cpuUsage()` counts) while a report was being timed. Every CPU-second of the extraction
 * phase still counts, the JIT's warm-up included: the rate of the first and the second half of
 * the corpus (the same mix of kinds) is printed too, so the warm-up's share is visible.
 *
 * Baseline: the same files only read and split into lines (`readFileSync` + `split('\n')`),
 * timed on the same files in the same run; the ratio says how far extraction is from the cost
 * of merely looking at every line (issue 14: within 3×).
 *
 * A/B: `--against DIR/extractors/index.ts` runs another extractor (e.g. a checkout of an older
 * commit, `git worktree add /tmp/old <sha>`) on every report too, alternating which goes first,
 * and prints both rates: on a machine busy with other work, only figures taken in the same run
 * under the same load compare.
 *
 * Usage: tsx bench/extract.ts [--reports N] [--seeds DIR] [--against PATH].
 * The seeds default to the copies in test/fixtures/seeds; without any (an empty --seeds dir) it
 * uses generated reports only, and says so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXTRACTOR_VERSION, extractText } from '../extractors/index.ts';
import { DEFAULT_SEED_DIR, extractCorpus, loadSeeds, SHAPE_ENTRIES } from './support/extract-corpus.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const TOTAL = Number(arg('--reports') ?? 10_000);
if (!Number.isInteger(TOTAL) || TOTAL < 1)
  throw new Error('bench extract: --reports must be a positive integer');
const SEED_DIR = arg('--seeds') ?? DEFAULT_SEED_DIR;
const AGAINST = arg('--against');
const shapes = SHAPE_ENTRIES;

type Extract = typeof extractText;
const other: { extract: Extract; version: string } | null = AGAINST
  ? await import(pathToFileURL(resolve(AGAINST)).href).then((m) => ({
      extract: m.extractText as Extract,
      version: String(m.EXTRACTOR_VERSION),
    }))
  : null;

const mb = (bytes: number) => bytes / (1024 * 1024);
const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const seeds = loadSeeds(SEED_DIR);
console.log(
  seeds.texts.length
    ? `extract: corpus of ${TOTAL} reports: ${seeds.texts.length} real seeds (1 in 10), seeds re-rendered in ${shapes.length} shapes (1 in 10), generated in ${shapes.length} shapes (the rest); extractor ${EXTRACTOR_VERSION}`
    : `extract: no seeds at ${SEED_DIR}: corpus of ${TOTAL} generated reports only, in ${shapes.length} shapes; extractor ${EXTRACTOR_VERSION}`,
);
const load0 = loadavg()[0] as number;

interface Side {
  ms: number;
  cpuMs: number;
  byKind: Map<string, { n: number; ms: number; cpuMs: number }>;
}
const side = (): Side => ({ ms: 0, cpuMs: 0, byKind: new Map() });
const mine = side();
const theirs = side();
// Reading and splitting the same files: the floor extraction is compared with.
const floor = { ms: 0, cpuMs: 0 };

function timed(s: Side, kind: string, extract: Extract, text: string) {
  const c0 = cpuNow();
  const t0 = performance.now();
  const record = extract(text);
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  s.ms += ms;
  s.cpuMs += cpuMs;
  const k = s.byKind.get(kind) ?? { n: 0, ms: 0, cpuMs: 0 };
  k.n++;
  k.ms += ms;
  k.cpuMs += cpuMs;
  s.byKind.set(kind, k);
  return record;
}

const dir = mkdtempSync(join(tmpdir(), 'xxgk-bench-extract-'));
let bytes = 0;
const statuses: Record<string, number> = { ok: 0, partial: 0, failed: 0 };
const marks = [0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(TOTAL * f)));
const rssAt: string[] = [];
let n = 0;
let lineCount = 0;
let peakRss = 0;
let wallStart = 0;
// Text reports' CPU time in the first and the second half of the corpus: the JIT warms up in the first.
const halves = [
  { n: 0, cpuMs: 0 },
  { n: 0, cpuMs: 0 },
];
const genStart = performance.now();
try {
  const kinds: string[] = [];
  for (const doc of extractCorpus(TOTAL, seeds)) {
    writeFileSync(join(dir, `${kinds.length}.txt`), doc.text);
    kinds.push(doc.kind.endsWith('html') ? 'html' : doc.kind === 'seed' ? 'seed' : 'text');
  }
  const genSecs = (performance.now() - genStart) / 1000;
  console.log(`extract: corpus generated in ${genSecs.toFixed(1)} s; extracting`);
  peakRss = process.memoryUsage().rss;
  wallStart = performance.now();
  for (const kind of kinds) {
    const file = join(dir, `${n}.txt`);
    const c0 = cpuNow();
    const t0 = performance.now();
    const text = readFileSync(file, 'utf8');
    lineCount += text.split('\n').length;
    floor.ms += performance.now() - t0;
    floor.cpuMs += cpuNow() - c0;
    bytes += Buffer.byteLength(text, 'utf8');
    // Alternate which extractor goes first, so neither always meets a warmer cache.
    if (other && n % 2 === 1) timed(theirs, kind, other.extract, text);
    const before = mine.cpuMs;
    const record = timed(mine, kind, extractText, text);
    if (kind === 'text') {
      const h = halves[n < TOTAL / 2 ? 0 : 1]!;
      h.n++;
      h.cpuMs += mine.cpuMs - before;
    }
    if (other && n % 2 === 0) timed(theirs, kind, other.extract, text);
    statuses[record.status] = (statuses[record.status] ?? 0) + 1;
    n++;
    if (n % 50 === 0 || marks.includes(n)) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (marks.includes(n))
      rssAt.push(`${Math.round((n / TOTAL) * 100)}% ${mb(process.memoryUsage().rss).toFixed(0)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rate = (count: number, ms: number) => ((count * 1000) / ms).toFixed(0);
const kinds = (s: Side) =>
  [...s.byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, k]) => `${kind} ${k.n} at ${rate(k.n, k.ms)}/s (${rate(k.n, k.cpuMs)} per CPU-s)`)
    .join(', ');
console.log(
  `extract: machine load ${load0.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end (1-minute load average; wall rates fall with load, per-CPU-second ones much less)`,
);
console.log(
  `extract: ${n} reports, ${rate(n, mine.ms)} reports/s, ${(mb(bytes) / (mine.ms / 1000)).toFixed(1)} MB/s, peak RSS ${mb(peakRss).toFixed(0)} MB`,
);
console.log(
  `extract: CPU time ${(mine.cpuMs / 1000).toFixed(1)} s: ${rate(n, mine.cpuMs)} reports per CPU-second (less sensitive to other load on the machine)`,
);
console.log(`extract: by kind: ${kinds(mine)}`);
const [first, second] = halves as [(typeof halves)[0], (typeof halves)[0]];
if (first.n && second.n)
  console.log(
    `extract: text, first half of the corpus ${rate(first.n, first.cpuMs)} per CPU-s (the JIT's warm-up is in it), second half ${rate(second.n, second.cpuMs)} per CPU-s (warm); both count in the figures above`,
  );
console.log(
  `extract: baseline, the same files read and split into lines (${lineCount} lines): ${rate(n, floor.ms)}/s (${rate(n, floor.cpuMs)} per CPU-s); extraction takes ${(mine.cpuMs / floor.cpuMs).toFixed(1)}× its CPU time (issue 14: within 3×)`,
);
if (other) {
  console.log(`extract: A/B against ${AGAINST} (extractor ${other.version}), same reports, same run:`);
  console.log(
    `extract:   that one: ${rate(n, theirs.ms)} reports/s, ${rate(n, theirs.cpuMs)} per CPU-s; by kind: ${kinds(theirs)}`,
  );
  console.log(
    `extract:   this one: ${rate(n, mine.ms)} reports/s, ${rate(n, mine.cpuMs)} per CPU-s; ${(theirs.cpuMs / mine.cpuMs).toFixed(2)}× the other's speed per CPU-second`,
  );
}
console.log(`extract: RSS at ${rssAt.join(', ')}`);
console.log(
  `extract: ${mb(bytes).toFixed(1)} MB of text, extraction ${(mine.ms / 1000).toFixed(1)} s of ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall after generating the corpus (the rest is reading the files${other ? ' and the other extractor' : ''}); status ok ${statuses.ok}, partial ${statuses.partial}, failed ${statuses.failed}`,
);
