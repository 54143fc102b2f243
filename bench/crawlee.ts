/**
 * xxgk's whole pipeline against Crawlee's CheerioCrawler, side by side on the same local portal in
 * the same run: the same detail pages (plain HTML reports, no attachments), the same concurrency,
 * each contender in its own process (bench/support/contender.ts). Prints each one's pages/s, peak
 * RSS and CPU, and xxgk's ratio to Crawlee on PostgreSQL + Redis and on the embedded default.
 * Then xxgk alone at other sizes, to show time growing linearly and memory staying flat.
 *
 * Targets (issue 14): PostgreSQL + Redis ≥ 4× Crawlee's pages/s; embedded ≥ 2× with peak RSS
 * under 500 MB; linear time and flat memory from 500 to 8,000 pages.
 *
 * Usage: tsx bench/crawlee.ts [--pages 2000] [--concurrency 10] [--sizes 500,8000] [--kinds xxgk-embedded]
 *   [--node "OPTS" | --ab "OPTS"] [--ab-tree DIR] [--pairs N] [--no-crawlee] [--cpu-prof DIR]
 * PostgreSQL and Redis: XXGK_TEST_DATABASE_URL / XXGK_TEST_REDIS_URL (or the local defaults);
 * without them only the embedded default runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startPortalProcess } from '../test/portal/remote.ts';
import type { ContenderArgs, ContenderResult } from './support/contender.ts';
import { procCpu } from './support/proc-cpu.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const PAGES = Number(arg('pages', '2000'));
const CONCURRENCY = Number(arg('concurrency', '10'));
const SIZES = arg('sizes', '500,8000')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .filter((n) => n !== PAGES);
/** Which xxgk contenders run (Crawlee always does): `--kinds xxgk-pg` skips the embedded one while iterating. */
const KINDS = arg('kinds', 'xxgk-pg,xxgk-embedded').split(',').filter(Boolean);
/** A directory for V8 CPU profiles of the xxgk contenders (`--cpu-prof DIR`). */
const CPU_PROF = arg('cpu-prof', '');
/**
 * How node runs the xxgk contenders: as `xxgk` runs (the node flags and variables on bin/xxgk.mjs's
 * `#!/usr/bin/env -S` line), unless `--node "OPTS"` says otherwise (`plain`: none). A same-run A/B:
 * `--ab "OPTS"` runs each xxgk kind once more with OPTS (flags and NAME=value variables; `plain`:
 * none), marked `+ab`.
 */
const CLI_OPTS = readFileSync(join(import.meta.dirname, '..', 'bin', 'xxgk.mjs'), 'utf8')
  .split('\n', 1)[0]!
  .replace(/^#!\/usr\/bin\/env\s+(-S\s+)?/, '')
  .split(/\s+/)
  .filter((w) => w && w !== 'node');
/** How the contenders start: as `xxgk` does (support/launch.mjs). */
const LAUNCH = join(import.meta.dirname, 'support', 'launch.mjs');
const opts = (s: string) => (s === 'plain' ? [] : s.split(' ').filter(Boolean));
const NODE = process.argv.includes('--node') ? opts(arg('node', '')) : CLI_OPTS;
const AB_OPTS = process.argv.includes('--ab') ? opts(arg('ab', '')) : null;
/**
 * A same-run A/B of code: `--ab-tree DIR` runs each xxgk kind once more from another checkout (its
 * bench/support/contender.ts, so its pipeline), marked `+ab`, with the same node options unless
 * `--ab` gives others. E.g. `--ab-tree ../main` from a branch's worktree beside the main checkout.
 */
const AB_TREE = arg('ab-tree', '');
const AB = AB_OPTS ?? (AB_TREE ? NODE : null);
/** `--pairs N`: the xxgk kinds (and their +ab) N times over, interleaved, after Crawlee's one run. */
const PAIRS = Number(arg('pairs', '1'));
/** `--no-crawlee`: xxgk alone (an A/B of its own CPU per page, where Crawlee's rate is not wanted). */
const CRAWLEE = !process.argv.includes('--no-crawlee');
const PG_URL = process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];

async function servicesAnswer(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  const r = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
  r.on('error', () => {});
  try {
    await c.connect();
    await r.connect();
    await r.ping();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
    r.disconnect();
  }
}

/** The contender's arguments in a file (`@path`): 8,000 pages' lists exceed one argument's 128 KB limit (E2BIG). */
function argsFile(args: ContenderArgs): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xxgk-contender-')), 'args.json');
  writeFileSync(file, JSON.stringify(args));
  return `@${file}`;
}

function runContender(args: ContenderArgs, ab = false): Promise<ContenderResult> {
  return new Promise((resolve, reject) => {
    const prof = CPU_PROF && args.kind !== 'crawlee' ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
    const node = args.kind === 'crawlee' ? [] : ab ? AB! : NODE;
    const bench = ab && AB_TREE ? join(AB_TREE, 'bench') : import.meta.dirname;
    const isVar = (f: string) => /^[A-Z_]+=/.test(f);
    const flags = node.filter((f) => !isVar(f));
    const vars = Object.fromEntries(node.filter(isVar).map((f) => f.split('=')));
    const child = spawn(
      process.execPath,
      // Started as `xxgk` starts (support/launch.mjs), so the crawl's threads do not load tsx.
      [...flags, ...prof, LAUNCH, join(bench, 'support', 'contender.ts'), argsFile(args)],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...vars } },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) {
        const r = JSON.parse(line.slice(7)) as ContenderResult;
        resolve(ab ? { ...r, kind: `${r.kind}+ab` as ContenderResult['kind'] } : r);
      } else reject(new Error(`${args.kind} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** The portal's CPU seconds so far (its own process): it shares the machine with the contender. */
type PortalCpu = () => number | null;

async function withPortal<T>(
  pages: number,
  fn: (a: Omit<ContenderArgs, 'kind'>, portalCpu: PortalCpu) => Promise<T>,
): Promise<T> {
  // Pages rendered ahead, in the portal's own process: its rendering sets nobody's pace.
  const portal = await startPortalProcess({
    agencies: Math.ceil(pages / YEARS.length),
    faults: false,
    seeds: false,
    attachments: false,
    years: YEARS,
    prewarm: true,
  });
  try {
    const truth = await portal.truth({ cells: false });
    const lists = truth.lists.filter((l) => l.kind === 'static');
    const listUrls = new Set(lists.map((l) => l.url));
    const expected = truth.reports.filter((r) => listUrls.has(r.listUrl)).length;
    return await fn(
      {
        portalUrl: portal.url,
        lists: lists.map((l) => ({ url: l.url, agency: l.agency })),
        concurrency: CONCURRENCY,
        expected,
        pgUrl: PG_URL,
        redisUrl: REDIS_URL,
      },
      () => procCpu(portal.pid),
    );
  } finally {
    await portal.close();
  }
}

/** A contender's result with the portal's CPU seconds while it ran (it serves one contender at a time). */
type Measured = ContenderResult & { portalSeconds: number | null };

async function runMeasured(args: ContenderArgs, ab: boolean, portalCpu: PortalCpu): Promise<Measured> {
  const before = portalCpu();
  const r = await runContender(args, ab);
  const after = portalCpu();
  return { ...r, portalSeconds: before !== null && after !== null ? after - before : null };
}

const rate = (r: ContenderResult) => r.pages / r.seconds;
const ms = (cpu: number, r: ContenderResult) => ((cpu / r.pages) * 1000).toFixed(2);
/** CPU per page of the contender's process, and with its PostgreSQL backends and Redis (pg, redis). */
const cpuCell = (r: Measured) =>
  (r.serverCpu
    ? `${ms(r.cpuSeconds, r)} (+pg ${ms(r.serverCpu.pg, r)} +redis ${ms(r.serverCpu.redis, r)})`
    : ms(r.cpuSeconds, r)) +
  (r.portalSeconds !== null ? ` (portal ${ms(r.portalSeconds, r)})` : '') +
  // The crawl's CPU by thread: with the embedded database, its thread is the busiest other one.
  (r.threads
    ? ` [main ${ms(r.threads.main, r)}, top ${ms(r.threads.top, r)}, rest ${ms(r.threads.rest, r)}]`
    : '');
const line = (r: Measured) =>
  `${r.kind.padEnd(14)} ${String(r.pages).padStart(6)} ${r.seconds.toFixed(1).padStart(8)} ${rate(r).toFixed(1).padStart(8)} ${String(r.peakRssMb).padStart(8)} ${r.totalSeconds.toFixed(1).padStart(8)}  ${cpuCell(r)}` +
  // What xxgk loaded: equal fingerprints, equal datasets (A/Bs must not change it).
  (r.dataset
    ? `\n${''.padEnd(14)} dataset: ${r.dataset.cells} cells, ${r.dataset.findings} findings, ${r.dataset.yearFindings} cross-year, checksum ${r.dataset.checksum}`
    : '');
const HEADER = `${'contender'.padEnd(14)} ${'pages'.padStart(6)} ${'crawl s'.padStart(8)} ${'pages/s'.padStart(8)} ${'RSS MB'.padStart(8)} ${'total s'.padStart(8)}  CPU ms/page (process, + its servers) [crawl's threads: main, busiest other, rest]`;

const services = await servicesAnswer();
if (!services) console.log('PostgreSQL or Redis does not answer: only the embedded default runs');
const kinds = (['xxgk-pg', 'xxgk-embedded'] as const).filter(
  (k) => KINDS.includes(k) && (services || k !== 'xxgk-pg'),
);
let failed = false;
const check = (r: ContenderResult, expected: number) => {
  if (r.pages !== expected) {
    console.log(`  ${r.kind}: ${r.pages} of ${expected} pages`);
    failed = true;
  }
};

console.log(`side by side: ${PAGES} detail pages, concurrency ${CONCURRENCY}`);
console.log(
  `xxgk runs as node ${NODE.join(' ') || '(plain)'}${AB ? `; +ab: node ${AB.join(' ') || '(plain)'}${AB_TREE ? ` from ${AB_TREE}` : ''}` : ''}`,
);
const results = await withPortal(PAGES, async (base, portalCpu) => {
  console.log(`portal ${base.portalUrl}: ${base.expected} report pages in ${base.lists.length} lists`);
  console.log(HEADER);
  const out: Measured[] = [];
  const runs: Array<['crawlee' | (typeof kinds)[number], boolean]> = CRAWLEE ? [['crawlee', false]] : [];
  for (let i = 0; i < PAIRS; i++)
    for (const kind of kinds) for (const ab of AB ? [false, true] : [false]) runs.push([kind, ab]);
  for (const [kind, ab] of runs) {
    const r = await runMeasured({ ...base, kind }, ab, portalCpu);
    console.log(line(r));
    check(r, base.expected);
    out.push(r);
  }
  return out;
});
const crawlee = results.find((r) => r.kind === 'crawlee');
for (const r of crawlee ? results.filter((x) => x.kind !== 'crawlee') : []) {
  const target = r.kind.startsWith('xxgk-pg') ? 4 : 2;
  const ratio = rate(r) / rate(crawlee!);
  console.log(
    `${r.kind}: ${ratio.toFixed(2)}× Crawlee's pages/s (target ≥ ${target}×: ${ratio >= target ? 'met' : 'NOT met'})` +
      (r.kind.startsWith('xxgk-embedded')
        ? `, peak RSS ${r.peakRssMb} MB (target < 500 MB: ${r.peakRssMb < 500 ? 'met' : 'NOT met'})`
        : ''),
  );
  // What the target leaves xxgk on this machine: at the target's rate, the cores' CPU per page less
  // the portal's (it runs here too). A contender over that budget cannot reach the target by
  // waiting less; only by spending less CPU per page (or on more cores).
  const portal = r.portalSeconds;
  if (portal !== null) {
    const cores = availableParallelism();
    const budget = (cores * 1000) / (target * rate(crawlee!)) - (portal / r.pages) * 1000;
    // Over the crawl's window (its threads), not the process's start-up, which sets no rate.
    const crawlCpu = r.threads ? r.threads.main + r.threads.top + r.threads.rest : r.cpuSeconds;
    const spent = ((crawlCpu + (r.serverCpu ? r.serverCpu.pg + r.serverCpu.redis : 0)) / r.pages) * 1000;
    console.log(
      `  at ${target}× (${(target * rate(crawlee!)).toFixed(0)} pages/s) ${cores} cores leave ${budget.toFixed(2)} CPU ms/page beside the portal's; ${r.kind} spent ${spent.toFixed(2)} in the crawl${r.serverCpu ? ' with its servers' : ''}${r.threads ? '' : ' (its whole process)'}`,
    );
  }
}

if (SIZES.length > 0) {
  console.log(`\nxxgk at other sizes (with ${PAGES} above): time should grow linearly, memory stay flat`);
  console.log(HEADER);
  for (const size of SIZES) {
    await withPortal(size, async (base, portalCpu) => {
      for (const kind of kinds) {
        for (const ab of AB ? [false, true] : [false]) {
          const r = await runMeasured({ ...base, kind }, ab, portalCpu);
          console.log(line(r));
          check(r, base.expected);
        }
      }
    });
  }
}
if (failed) process.exitCode = 1;
