/**
 * Each `xxgk` command loads only what it needs (bin/README.md): command modules register their
 * options with nothing but commander, and import their implementation when their action runs.
 * The CLI runs as a user starts it, under a resolve hook (load-recorder.mjs) that logs every module.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_FORMAT_NAMES, CHART_LEVEL_NAMES } from '../../../bin/commands/chart.ts';
import { STAGE_NAMES } from '../../../bin/commands/worker.ts';
import { CHART_FORMATS, LEVELS } from '../../../db/charts/index.ts';
import { STAGES } from '../../../pipeline/payloads.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const ROOT_URL = `${pathToFileURL(ROOT).href}/`;
const RECORDER = join(import.meta.dirname, 'load-recorder.mjs');
const SEED = join(ROOT, 'test/fixtures/seeds/000_79eca0d6e8b3f0e8.txt');
const tmp = mkdtempSync(join(tmpdir(), 'xxgk-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Loaded {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Project files, relative to the repo root (`bin/cli.ts`). */
  files: string[];
  /** npm packages (`commander`, `@electric-sql/pglite`). */
  packages: Set<string>;
}

let runs = 0;
function runCli(...args: string[]): Loaded {
  const log = join(tmp, `loads-${++runs}.log`);
  const r = spawnSync(process.execPath, ['--import', RECORDER, join(ROOT, 'bin/xxgk.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // Empty means unset to loadSettings: embedded PGlite in a fresh directory, no Redis.
    env: {
      ...process.env,
      XXGK_TEST_LOAD_LOG: log,
      XXGK_DATA_DIR: join(tmp, `data-${runs}`),
      DATABASE_URL: '',
      REDIS_URL: '',
    },
  });
  const urls = existsSync(log)
    ? new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))
    : new Set<string>();
  const files: string[] = [];
  const packages = new Set<string>();
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg) packages.add(pkg);
    else if (url.startsWith(ROOT_URL)) files.push(url.slice(ROOT_URL.length));
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, files: files.sort(), packages };
}

/** What the cheap path must never pay for. */
const HEAVY_PACKAGES = [
  '@electric-sql/pglite',
  'playwright-core',
  'bullmq',
  'ioredis',
  'pdfkit',
  'docx',
  'drizzle-orm',
  'echarts',
  'zrender',
];
const portalFiles = (l: Loaded) => l.files.filter((f) => f.startsWith('test/'));
const heavyPackages = (l: Loaded, extra: string[] = []) =>
  [...HEAVY_PACKAGES, ...extra].filter((p) => l.packages.has(p));

describe('xxgk loads each command lazily', () => {
  it('--help loads commander and the command modules, no implementation', () => {
    const help = runCli('--help');
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: xxgk');
    // The recorder sees both project modules compiled by tsx and packages: the checks below are not vacuous.
    expect(help.files).toContain('bin/commands/sql.ts');
    expect(help.packages.has('commander')).toBe(true);

    expect(portalFiles(help)).toEqual([]);
    // zod (pulled in by the stage and chart-format lists) alone was a third of `--help`'s time.
    expect(heavyPackages(help, ['zod', 'cheerio', 'cli-progress'])).toEqual([]);
    // Registering needs only the error classes and option parsers outside bin/.
    expect(help.files.filter((f) => !f.startsWith('bin/'))).toEqual([
      'config/errors.ts',
      'pipeline/cli/options.ts',
    ]);
  });

  it('extract loads the extractor, not the database, queue, browser or portal', () => {
    const r = runCli('extract', '--compact', SEED);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).cells.length).toBeGreaterThan(0);
    expect(r.files).toContain('extractors/index.ts');
    expect(portalFiles(r)).toEqual([]);
    expect(heavyPackages(r)).toEqual([]);
  });

  it('sql loads the embedded database, not the crawlers, queue, browser or portal', () => {
    const r = runCli('sql', 'SELECT 40 + 2 AS answer', '--csv');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('answer\r\n42\r\n');
    expect(r.packages.has('@electric-sql/pglite')).toBe(true);
    expect(portalFiles(r)).toEqual([]);
    expect(r.files.filter((f) => f.startsWith('crawlers/'))).toEqual([]);
    expect(heavyPackages(r).filter((p) => p !== '@electric-sql/pglite' && p !== 'drizzle-orm')).toEqual([]);
  });

  it('chart loads ECharts and the database, not the crawlers, queue, browser or portal', () => {
    // A fresh embedded database: no dataset yet, which the command says (and then stops).
    const r = runCli('chart', '--out', join(tmp, 'charts'), '--format', 'svg');
    expect(r.stderr).toMatch(
      /^xxgk: chart\.no_dataset: chart: the database has no report_summary, report_list, report_findings, agency_list, agency_year, agency_coverage views/,
    );
    expect(r.status).toBe(2);
    expect(r.packages.has('echarts')).toBe(true);
    expect(portalFiles(r)).toEqual([]);
    expect(r.files.filter((f) => f.startsWith('crawlers/'))).toEqual([]);
    expect(['playwright-core', 'bullmq', 'ioredis'].filter((p) => r.packages.has(p))).toEqual([]);
  });

  it('status without Redis loads no crawler, queue client, browser or portal', () => {
    const r = runCli('status', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // No Redis, no queue counts: and no reason to load a queue client.
    expect(JSON.parse(r.stdout)).toMatchObject({ stages: null, documents: 0 });
    expect(r.files).toContain('pipeline/status.ts');
    expect(portalFiles(r)).toEqual([]);
    expect(r.files.filter((f) => f.startsWith('crawlers/'))).toEqual([]);
    expect(['playwright-core', 'bullmq', 'ioredis'].filter((p) => r.packages.has(p))).toEqual([]);
  });
});

describe('help text spelled out in bin/ for a cheap start', () => {
  it('agrees with the lists the actions validate against', () => {
    expect([...STAGE_NAMES]).toEqual([...STAGES]);
    expect([...CHART_FORMAT_NAMES]).toEqual([...CHART_FORMATS]);
    expect([...CHART_LEVEL_NAMES]).toEqual([...LEVELS]);
  });
});

describe('production modules and test/', () => {
  const PRODUCTION = ['bin', 'pipeline', 'db', 'crawlers', 'extractors', 'config'];
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|mjs)$/.test(f))
      .map((f) => join(dir, f));
  const intoTest = (file: string, specifier: string) =>
    specifier.startsWith('.') &&
    relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(/[\\/]/)[0] === 'test';
  const files = PRODUCTION.flatMap(sources);
  const text = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

  it('none imports test/ at module top (type-only imports aside)', () => {
    const STATIC = /^\s*(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    const offenders = files.flatMap((f) =>
      [...text.get(f)!.matchAll(STATIC)].filter((m) => intoTest(f, m[1]!)).map((m) => `${f}: ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only demo and portal load the local portal (test/portal), from inside their actions', () => {
    const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
    const loaders = files.filter((f) => [...text.get(f)!.matchAll(DYNAMIC)].some((m) => intoTest(f, m[1]!)));
    // pipeline/demo.ts is how `xxgk demo` reaches it: finding it shows the scan sees dynamic imports.
    expect(loaders).toContain('pipeline/demo.ts');
    expect(
      loaders.filter(
        (f) => !['bin/commands/portal.ts', 'bin/commands/demo.ts', 'pipeline/demo.ts'].includes(f),
      ),
    ).toEqual([]);
  });
});
