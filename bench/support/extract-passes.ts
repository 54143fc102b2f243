/**
 * The extract bench's corpus extracted from memory in whole passes, in a fresh process per run: the
 * first pass pays the JIT's warm-up, the last is the steady state. bench/extract.ts times reports
 * one by one with both mixed; this separates them, and compares two checkouts the only way that
 * holds on a shared machine, alternating processes of each (`--against DIR`, `--pairs N`) and
 * printing the medians of the first and the last pass. Each run also prints the CPU of its other
 * threads per pass (V8's compilers and GC helpers: most of the first pass's extra is theirs).
 *
 * Usage: tsx bench/support/extract-passes.ts [--kind text|html|seed] [--passes N] [--reports N]
 *        [--against DIR --pairs N]
 * e.g. `--kind html --against ../main --pairs 6` (DIR: another checkout, its node_modules linked).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SEED_DIR, extractCorpus, loadSeeds } from './extract-corpus.ts';
import { threadCpu, threadSplit } from './proc-cpu.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
const KIND = arg('kind', 'all');
const PASSES = Number(arg('passes', '3'));
const REPORTS = Number(arg('reports', '10000'));
const CHILD = arg('child', '');

const kindOf = (k: string) => (k.endsWith('html') ? 'html' : k === 'seed' ? 'seed' : 'text');
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

if (CHILD) {
  // One tree's extractor on the corpus, PASSES times; prints CPU ms per pass as one JSON line.
  const { extractText } = (await import(
    pathToFileURL(join(CHILD, 'extractors', 'index.ts')).href
  )) as typeof import('../../extractors/index.ts');
  const texts = [...extractCorpus(REPORTS, loadSeeds(DEFAULT_SEED_DIR))]
    .filter((d) => KIND === 'all' || kindOf(d.kind) === KIND)
    .map((d) => d.text);
  const passes: number[] = [];
  // Of each pass, the CPU of threads other than this one: V8's compilers (the JIT's warm-up) and GC
  // helpers. Empty without Linux's /proc.
  const others: number[] = [];
  for (let p = 0; p < PASSES; p++) {
    const t0 = threadCpu();
    const c0 = cpuMs();
    for (const t of texts) extractText(t);
    passes.push(cpuMs() - c0);
    const { top, rest } = threadSplit(t0);
    if (t0.size) others.push((top + rest) * 1000);
  }
  console.log(JSON.stringify({ reports: texts.length, passes, others }));
} else {
  const trees: Array<[string, string]> = [['this', resolve(import.meta.dirname, '..', '..')]];
  const against = arg('against', '');
  if (against) trees.push(['that', resolve(against)]);
  const pairs = Number(arg('pairs', against ? '4' : '1'));
  const runs = new Map<string, number[][]>(trees.map(([label]) => [label, []]));
  let reports = 0;
  for (let i = 0; i < pairs; i++)
    for (const [label, tree] of i % 2 ? [...trees].reverse() : trees) {
      const res = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          import.meta.filename,
          '--child',
          tree,
          '--kind',
          KIND,
          '--passes',
          String(PASSES),
          '--reports',
          String(REPORTS),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (res.status !== 0) throw new Error(`extract-passes: ${tree} failed: ${res.stderr.slice(-2000)}`);
      const out = JSON.parse(res.stdout.trim().split('\n').pop() as string) as {
        reports: number;
        passes: number[];
        others: number[];
      };
      reports = out.reports;
      runs.get(label)!.push(out.passes);
      console.log(
        `${label} ${tree}: CPU ms per pass ${out.passes.map((x) => x.toFixed(0)).join(' ')}` +
          (out.others.length ? ` (other threads ${out.others.map((x) => x.toFixed(0)).join(' ')})` : ''),
      );
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  for (const [label, rs] of runs)
    console.log(
      `${label}: ${reports} ${KIND} reports, median CPU ms: first pass ${median(rs.map((r) => r[0] as number)).toFixed(0)}, last pass ${median(rs.map((r) => r[r.length - 1] as number)).toFixed(0)} (${rs.length} runs)`,
    );
}
