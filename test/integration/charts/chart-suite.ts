/**
 * `xxgk chart` contract, run on real PostgreSQL (pg.test.ts) and on the embedded PGlite
 * (pglite.test.ts): the five seed reports are loaded, the charts are written through a read-only
 * connection as the CLI opens it, and every number drawn is checked against the extracted records.
 * Expected values are computed here from the records (not from the views the charts read), so a
 * query that sums, groups or casts differently on one engine shows up as a wrong bar.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartInputError, writeCharts } from '../../../db/charts/index.ts';
import { type Database, loadReport, migrate } from '../../../db/index.ts';
import { EXTRACTOR_VERSION, type extractText } from '../../../extractors/index.ts';
import { seedReports } from './dataset.ts';

export interface ChartEngine {
  /** Opens the engine's test database; PGlite allows one open handle at a time. */
  open(opts: { readOnly: boolean }): Promise<Database>;
  /** The environment under which `xxgk` opens the same database. */
  cliEnv: Record<string, string | undefined>;
  cleanup(): Promise<void>;
}

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');

type Rec = ReturnType<typeof extractText>;
interface Seed {
  file: string;
  agency: string;
  year: number;
  status: string;
  record: Rec;
}

/** Like SQL sum(): nulls are skipped, and a sum over nothing but nulls is null. */
function sum(values: Array<number | null | undefined>): number | null {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

const cell = (r: Rec, table: string, row: string, col: string) =>
  r.cells.find((c) => c.table === table && c.row === row && c.col === col)?.value ?? null;
const requests = (r: Rec, row: string) => cell(r, 'requests', row, 'total');

/** A null (not reported) draws nothing; every number, 0 included, is a mark with its tooltip. */
function drawnOnly(values: Record<string, number | null>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => e[1] !== null));
}

/** Counts of reports: a year with none has no row in the query, so no mark (not a 0). */
function counted(values: Record<string, number | null>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, number] => (e[1] ?? 0) > 0));
}

function unescapeXml(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/**
 * The marks of one series as drawn: ECharts tags every drawn datum (`ecmeta_ssr_type="chart"`) and
 * the renderer gives it `<title>category · series: value</title>`. Returns category → value text for
 * the marks whose series label contains `series`.
 */
function marks(svg: string, series: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of svg.matchAll(/ecmeta_ssr_type="chart"[^>]*><title>([^<]*)<\/title>/g)) {
    const title = unescapeXml(m[1]!);
    const sep = title.indexOf(' · ');
    const colon = title.lastIndexOf(': ');
    const label = title.slice(sep + 3, colon);
    if (!label.includes(series)) continue;
    const category = title.slice(0, sep);
    expect(out, `two ${series} marks for ${category}`).not.toHaveProperty(category);
    out[category] = title.slice(colon + 2);
  }
  return out;
}

/** Bars of one series: category → number drawn. */
function bars(svg: string, series: string): Record<string, number> {
  return Object.fromEntries(
    Object.entries(marks(svg, series)).map(([k, v]) => [k, Number(v.replace(/,/g, ''))]),
  );
}

function byYear(seeds: Seed[], value: (s: Seed) => number | null): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const y of [...new Set(seeds.map((s) => s.year))]) {
    out[y] = sum(seeds.filter((s) => s.year === y).map(value));
  }
  return out;
}

export function chartSuite(name: string, makeEngine: () => Promise<ChartEngine>): void {
  describe(`xxgk chart on ${name}`, () => {
    let engine: ChartEngine;
    let reader: Database | undefined;
    let out: string;
    const seeds: Seed[] = seedReports().map(({ file, record }) => ({
      file,
      agency: record.meta.agency!,
      year: record.meta.year!,
      status: record.status,
      record,
    }));
    const svg = (chart: string) => readFileSync(join(out, `${chart}.svg`), 'utf8');

    beforeAll(async () => {
      engine = await makeEngine();
      const writer = await engine.open({ readOnly: false });
      try {
        await migrate(writer);
        for (const s of seeds) {
          await loadReport(writer, s.record, {
            sourceUrl: `file:///seeds/${s.file}`,
            extractorVersion: EXTRACTOR_VERSION,
          });
        }
      } finally {
        await writer.close();
      }
      // As `xxgk chart` opens it: every transaction read-only.
      reader = await engine.open({ readOnly: true });
      out = mkdtempSync(join(tmpdir(), 'xxgk-chart-'));
    });

    afterAll(async () => {
      await reader?.close();
      await engine?.cleanup();
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('the seeds are distinct agencies over several years (what the checks below rely on)', () => {
      expect(new Set(seeds.map((s) => s.agency)).size).toBe(seeds.length);
      expect(new Set(seeds.map((s) => s.year)).size).toBeGreaterThan(1);
      expect(seeds.every((s) => Number.isInteger(s.year))).toBe(true);
    });

    it('writes index.html and one SVG per chart', async () => {
      const written = await writeCharts(reader!, out, { now: new Date('2026-01-01T00:00:00Z') });
      expect(written.files[0]).toBe(join(out, 'index.html'));
      expect(written.charts.map((c) => c.name)).toEqual([
        'applications',
        'grant-rate',
        'top-agencies',
        'appeals',
        'findings',
        'status',
      ]);
      for (const c of written.charts) expect(svg(c.name)).toMatch(/^<\?xml[^>]*>\n<svg /);
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      expect(html.match(/<svg /g)).toHaveLength(written.charts.length);
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).toContain(`现行报告 (current reports)：${seeds.length} ·`);
    });

    it('applications: new applications and outcomes per year are the records’ sums', () => {
      const applications = svg('applications');
      expect(bars(applications, '(received)')).toEqual(
        drawnOnly(byYear(seeds, (s) => requests(s.record, 'new_received'))),
      );
      expect(bars(applications, '(granted)')).toEqual(
        drawnOnly(byYear(seeds, (s) => requests(s.record, 'granted'))),
      );
      expect(bars(applications, '(partially granted)')).toEqual(
        drawnOnly(byYear(seeds, (s) => requests(s.record, 'partially_granted'))),
      );
      // Something is drawn at all: a chart of zeros would pass the equalities above.
      expect(Object.keys(bars(applications, '(received)')).length).toBeGreaterThan(0);
    });

    it('grant rate: (granted + partly granted) / handled per year, and reporting agencies', () => {
      const chart = svg('grant-rate');
      const agencies = byYear(seeds, () => 1);
      expect(bars(chart, '(agencies)')).toEqual(drawnOnly(agencies));
      const expected: Record<string, string> = {};
      for (const year of Object.keys(agencies)) {
        const stated = seeds.filter(
          (s) => String(s.year) === year && requests(s.record, 'handled_total') !== null,
        );
        const handled = sum(stated.map((s) => requests(s.record, 'handled_total'))) ?? 0;
        const given = sum(
          stated.map(
            (s) => (requests(s.record, 'granted') ?? 0) + (requests(s.record, 'partially_granted') ?? 0),
          ),
        );
        if (handled > 0) expected[year] = `${(((given ?? 0) / handled) * 100).toFixed(1)}%`;
      }
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(marks(chart, '(grant rate)')).toEqual(expected);
      // …and printed on the line.
      for (const rate of Object.values(expected)) expect(chart).toContain(`>${rate}</text>`);
    });

    it('top agencies: the latest year’s agencies by new applications, names escaped', () => {
      const chart = svg('top-agencies');
      const latest = Math.max(...seeds.map((s) => s.year));
      const expected = Object.fromEntries(
        seeds.filter((s) => s.year === latest).map((s) => [s.agency, requests(s.record, 'new_received')]),
      );
      expect(bars(chart, '(received)')).toEqual(drawnOnly(expected));
      expect(chart).toContain(`${latest}年度`);
      expect(chart).toContain('海门区&#60;市场&#62;&#38;监管局');
      expect(chart).not.toContain('<市场>');
    });

    it('appeals: reviews and lawsuits (direct + after review) per year', () => {
      const chart = svg('appeals');
      expect(bars(chart, '(administrative reviews)')).toEqual(
        drawnOnly(byYear(seeds, (s) => cell(s.record, 'appeals', 'cases', 'review_total'))),
      );
      expect(bars(chart, '(lawsuits)')).toEqual(
        drawnOnly(
          byYear(seeds, (s) =>
            sum([
              cell(s.record, 'appeals', 'cases', 'suit_direct_total'),
              cell(s.record, 'appeals', 'cases', 'suit_after_review_total'),
            ]),
          ),
        ),
      );
    });

    it('findings and status: reports per year, per finding code and per extraction status', () => {
      const findings = svg('findings');
      // The seeds are five different agencies: no cross-year finding can arise, only the records' own.
      expect(bars(findings, '(reports with any finding)')).toEqual(
        counted(byYear(seeds, (s) => (s.record.findings.length ? 1 : 0))),
      );
      const codes = new Set(seeds.flatMap((s) => s.record.findings.map((f) => f.code)));
      expect(codes.size).toBeGreaterThan(1);
      for (const code of codes) {
        expect(bars(findings, `(${code})`), code).toEqual(
          counted(byYear(seeds, (s) => (s.record.findings.some((f) => f.code === code) ? 1 : 0))),
        );
      }
      const status = svg('status');
      for (const st of new Set(seeds.map((s) => s.status))) {
        expect(bars(status, `(${st})`), st).toEqual(counted(byYear(seeds, (s) => (s.status === st ? 1 : 0))));
      }
    });

    it('an agency chart by name fragment; ambiguous or unknown agencies and bad formats are input errors', async () => {
      const liaocheng = seeds.find((s) => s.agency.startsWith('聊城市'))!;
      const written = await writeCharts(reader!, out, { agency: '聊城市', format: 'svg' });
      expect(written.files.every((f) => f.endsWith('.svg'))).toBe(true);
      expect(written.charts.at(-1)?.title).toContain(liaocheng.agency);
      expect(bars(svg('agency'), '(received)')).toEqual(
        drawnOnly({ [liaocheng.year]: requests(liaocheng.record, 'new_received') }),
      );
      const shared = '市场';
      const sharing = seeds.filter((s) => s.agency.includes(shared)).length;
      expect(sharing).toBeGreaterThan(1);
      await expect(writeCharts(reader!, out, { agency: shared })).rejects.toThrow(
        new RegExp(`matches ${sharing} agencies`),
      );
      await expect(writeCharts(reader!, out, { agency: '不存在的机关' })).rejects.toBeInstanceOf(
        ChartInputError,
      );
      await expect(writeCharts(reader!, out, { format: 'png' as never })).rejects.toThrow(/--format/);
    });

    it('`xxgk chart` draws the same SVGs from the same database', async () => {
      // PGlite serves one process at a time: the CLI gets the database only once this one lets go.
      await reader?.close();
      reader = undefined;
      const cliOut = mkdtempSync(join(tmpdir(), 'xxgk-chart-cli-'));
      try {
        const r = spawnSync(process.execPath, [CLI, 'chart', '--out', cliOut], {
          env: { ...engine.cliEnv, XXGK_LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(`chart: ${join(cliOut, 'index.html')}`);
        for (const chart of ['applications', 'grant-rate', 'top-agencies', 'appeals', 'findings', 'status']) {
          expect(readFileSync(join(cliOut, `${chart}.svg`), 'utf8'), chart).toBe(svg(chart));
        }
      } finally {
        rmSync(cliOut, { recursive: true, force: true });
      }
    });
  });
}
