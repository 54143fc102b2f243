/**
 * Extraction throughput and memory: a corpus of ≥ 10,000 reports (the real seeds, the seeds'
 * values re-rendered in every shape, and generated reports in every shape, mixed) is generated
 * lazily, one report at a time, and extracted in one process. Prints reports/s, MB/s and peak
 * RSS, plus RSS at 25/50/75/100 % so memory staying flat as the corpus grows is visible.
 *
 * Usage: tsx bench/extract.ts [--reports N] [--seeds DIR]. The seeds default to the copies in
 * test/fixtures/seeds; without any (an empty --seeds dir) it uses generated reports only, and says so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTRACTOR_VERSION, extractText } from '../extractors/index.ts';
import { generateReport } from '../test/support/generate.ts';
import { goldenToReport, loadGoldens } from '../test/support/golden.ts';
import { SHAPES } from '../test/support/render/index.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const TOTAL = Number(arg('--reports') ?? 10_000);
if (!Number.isInteger(TOTAL) || TOTAL < 1)
  throw new Error('bench extract: --reports must be a positive integer');
const SEED_DIR = arg('--seeds') ?? join(import.meta.dirname, '../test/fixtures/seeds');
const shapes = Object.entries(SHAPES);

function loadSeeds(): { texts: string[]; reports: ReturnType<typeof goldenToReport>[] } {
  if (!existsSync(SEED_DIR)) return { texts: [], reports: [] };
  const texts = readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(SEED_DIR, f), 'utf8'));
  const reports = loadGoldens().map(({ golden }, i) => goldenToReport(golden, i));
  return { texts, reports };
}

/** The corpus, lazily: 1 in 10 a real seed, 1 in 10 a seed re-rendered, the rest generated. */
function* corpus(seeds: ReturnType<typeof loadSeeds>): Generator<{ kind: string; text: string }> {
  for (let i = 0; i < TOTAL; i++) {
    const [shape, render] = shapes[i % shapes.length]!;
    if (seeds.texts.length && i % 10 === 0)
      yield { kind: 'seed', text: seeds.texts[(i / 10) % seeds.texts.length]! };
    else if (seeds.reports.length && i % 10 === 1)
      yield {
        kind: `seed-as-${shape}`,
        text: render(seeds.reports[Math.floor(i / 10) % seeds.reports.length]!),
      };
    else yield { kind: shape, text: render(generateReport(i, i % 7 === 3 ? { template: '2019' } : {})) };
  }
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const seeds = loadSeeds();
console.log(
  seeds.texts.length
    ? `extract: corpus of ${TOTAL} reports: ${seeds.texts.length} real seeds (1 in 10), seeds re-rendered in ${shapes.length} shapes (1 in 10), generated in ${shapes.length} shapes (the rest); extractor ${EXTRACTOR_VERSION}`
    : `extract: no seeds at ${SEED_DIR}: corpus of ${TOTAL} generated reports only, in ${shapes.length} shapes; extractor ${EXTRACTOR_VERSION}`,
);

let bytes = 0;
let extractMs = 0;
// CPU time of the process during extraction: on a shared machine wall time also counts the
// time other processes held the core; CPU time does not (it does count GC helper threads).
let cpuMs = 0;
let peakRss = process.memoryUsage().rss;
const statuses: Record<string, number> = { ok: 0, partial: 0, failed: 0 };
// Per kind of input (HTML pages vs plain text), so a slow path is visible in the mix.
const byKind = new Map<string, { n: number; ms: number }>();
const marks = [0.25, 0.5, 0.75, 1].map((f) => Math.max(1, Math.round(TOTAL * f)));
const rssAt: string[] = [];
const wallStart = performance.now();
let n = 0;
for (const doc of corpus(seeds)) {
  bytes += Buffer.byteLength(doc.text, 'utf8');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const record = extractText(doc.text);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuMs += (c.user + c.system) / 1000;
  extractMs += ms;
  const kind = doc.kind.endsWith('html') ? 'html' : doc.kind === 'seed' ? 'seed' : 'text';
  const k = byKind.get(kind) ?? { n: 0, ms: 0 };
  k.n++;
  k.ms += ms;
  byKind.set(kind, k);
  statuses[record.status] = (statuses[record.status] ?? 0) + 1;
  n++;
  if (n % 50 === 0 || marks.includes(n)) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (marks.includes(n))
    rssAt.push(`${Math.round((n / TOTAL) * 100)}% ${mb(process.memoryUsage().rss).toFixed(0)} MB`);
}
const secs = extractMs / 1000;
console.log(
  `extract: ${n} reports, ${(n / secs).toFixed(1)} reports/s, ${(mb(bytes) / secs).toFixed(1)} MB/s, peak RSS ${mb(peakRss).toFixed(0)} MB`,
);
console.log(
  `extract: CPU time ${(cpuMs / 1000).toFixed(1)} s: ${((n * 1000) / cpuMs).toFixed(1)} reports per CPU-second (less sensitive to other load on the machine)`,
);
console.log(
  `extract: by kind: ${[...byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, k]) => `${kind} ${k.n} at ${((k.n * 1000) / k.ms).toFixed(0)}/s`)
    .join(', ')}`,
);
console.log(`extract: RSS at ${rssAt.join(', ')}`);
console.log(
  `extract: ${mb(bytes).toFixed(1)} MB of text, extraction ${secs.toFixed(1)} s of ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall (the rest is corpus generation); status ok ${statuses.ok}, partial ${statuses.partial}, failed ${statuses.failed}`,
);
