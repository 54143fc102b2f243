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
import { GENERATED_AGENCIES, generatedReports, seedReports } from './dataset.ts';

export interface ChartEngine {
  /** Opens the engine's test database; PGlite allows one open handle at a time. */
  open(opts: { readOnly: boolean }): Promise<Database>;
  /** The environment under which `xxgk` opens the same database. */
  cliEnv: Record<string, string | undefined>;
  cleanup(): Promise<void>;
}

/** Every chart `xxgk chart` writes without `--agency`, in page order. */
const CHARTS = [
  'agency-applications',
  'agency-grant-rate',
  'agency-appeals',
  'coverage',
  'applications',
  'grant-rate',
  'top-agencies',
  'appeals',
  'findings',
  'status',
];
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

/** Agency × year cells as drawn: `agency name|year` → tooltip text after the colon. */
function gridCells(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [row, v] of Object.entries(marksAll(svg))) out.set(row, v);
  return out;
}

function marksAll(svg: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of svg.matchAll(/ecmeta_ssr_type="chart"[^>]*><title>([^<]*)<\/title>/g)) {
    const title = unescapeXml(m[1]!);
    const [row, rest] = [title.slice(0, title.indexOf(' · ')), title.slice(title.indexOf(' · ') + 3)];
    const year = rest.slice(0, rest.indexOf(': '));
    // The row label is the name, a level in full-width parentheses, and `#id` for shared names.
    const agency = row.replace(/（[^（]*）$/, '').replace(/ #\d+$/, '');
    const key = `${agency}|${year}`;
    expect(out, `two marks for ${key}`).not.toHaveProperty(key);
    out[key] = rest.slice(rest.indexOf(': ') + 2);
  }
  return out;
}

const fmt = (v: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(v);

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
    // The five seeds and generated agencies over 2019–2024 with gaps (dataset.ts): every yearly
    // figure below is the sum over all of them.
    const seeds: Seed[] = [...seedReports(), ...generatedReports()].map(({ file, record }) => ({
      file,
      agency: record.meta.agency!,
      year: record.meta.year!,
      status: record.status,
      record,
    }));
    const svg = (chart: string) => readFileSync(join(out, `${chart}.svg`), 'utf8');
    /** Cross-year findings (`years.*`) are the loader's, not the records': file → codes. */
    const yearCodes = new Map<string, Set<string>>();

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
      for (const r of await reader.query<{ source_url: string; code: string }>(
        `SELECT l.source_url, f.code FROM report_findings f JOIN report_list l USING (report_id)
         WHERE f.code LIKE 'years.%'`,
      )) {
        const file = r.source_url.replace('file:///seeds/', '');
        yearCodes.set(file, new Set([...(yearCodes.get(file) ?? []), r.code]));
      }
      out = mkdtempSync(join(tmpdir(), 'xxgk-chart-'));
    });

    afterAll(async () => {
      await reader?.close();
      await engine?.cleanup();
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('one report per agency and year, several years (what the checks below rely on)', () => {
      expect(new Set(seeds.map((s) => `${s.agency}/${s.year}`)).size).toBe(seeds.length);
      expect(new Set(seeds.map((s) => s.year)).size).toBeGreaterThan(1);
      expect(seeds.every((s) => Number.isInteger(s.year))).toBe(true);
      expect(GENERATED_AGENCIES.length).toBeGreaterThan(3);
    });

    it('writes index.html and one SVG per chart', async () => {
      const written = await writeCharts(reader!, out, { now: new Date('2026-01-01T00:00:00Z') });
      expect(written.files[0]).toBe(join(out, 'index.html'));
      expect(written.charts.map((c) => c.name)).toEqual(CHARTS);
      for (const c of written.charts) expect(svg(c.name)).toMatch(/^<\?xml[^>]*>\n<svg /);
      const html = readFileSync(join(out, 'index.html'), 'utf8');
      expect(html.match(/<svg /g)).toHaveLength(written.charts.length);
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).toContain(`现行报告 (current reports)：${seeds.length} ·`);
    });

    it('agency charts: every agency × year cell is the panel views’ number (and the record’s)', async () => {
      type Y = {
        agency: string;
        year: number;
        applications_received: string | null;
        grant_rate: string | null;
        reviews_total: string | null;
        suits_total: string | null;
      };
      const panel = await reader!.query<Y>(
        `SELECT agency, year, applications_received::text, grant_rate::text, reviews_total::text, suits_total::text
         FROM agency_year ORDER BY agency_id, year`,
      );
      expect(panel.length).toBe(seeds.length);
      const show = (v: string | null) => (v === null ? '—' : fmt(Number(v)));
      const applications = gridCells(svg('agency-applications'));
      const rates = gridCells(svg('agency-grant-rate'));
      const appeals = gridCells(svg('agency-appeals'));
      expect(applications.size).toBe(panel.length);
      expect(rates.size).toBe(panel.length);
      expect(appeals.size).toBe(panel.length);
      for (const r of panel) {
        const key = `${r.agency}|${r.year}`;
        expect(applications.get(key), key).toBe(
          `本年新收申请 (received): ${r.applications_received === null ? '未读出 (not read)' : show(r.applications_received)}`,
        );
        if (r.grant_rate !== null) {
          expect(rates.get(key), key).toBe(
            `公开率 (grant rate): ${(Number(r.grant_rate) * 100).toFixed(1)}%`,
          );
        } else expect(rates.get(key), key).toMatch(/^公开率 \(grant rate\): (办理总计为 0|未读出)/);
        expect(appeals.get(key), key).toBe(
          `行政复议 (reviews) ${show(r.reviews_total)} · 行政诉讼 (lawsuits) ${show(r.suits_total)}`,
        );
        // …and the view's number is the extracted record's.
        const seed = seeds.find((s) => s.agency === r.agency && s.year === r.year)!;
        expect(r.applications_received === null ? null : Number(r.applications_received), key).toBe(
          requests(seed.record, 'new_received'),
        );
      }
      type C = {
        agency: string;
        year: number;
        published: boolean;
        tables_read: number;
        findings: string;
        status: string | null;
        errors: string;
      };
      const coverage = await reader!.query<C>(
        'SELECT agency, year, published, tables_read, findings::text, status, errors::text FROM agency_coverage',
      );
      const grid = gridCells(svg('coverage'));
      expect(grid.size).toBe(coverage.length);
      expect(coverage.filter((c) => !c.published).length).toBeGreaterThan(0);
      for (const c of coverage) {
        const key = `${c.agency}|${c.year}`;
        expect(grid.get(key), key).toBe(
          c.published
            ? `${c.status} · ${c.tables_read}/3 表 (tables read) · ${c.findings} 条核查发现 (findings)` +
                (Number(c.errors) ? `, ${c.errors} error` : '')
            : '未发布 (not published)',
        );
      }
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

    it('grant rate: Σ granted / Σ handled, with partial, per year, and reporting agencies', () => {
      const chart = svg('grant-rate');
      const agencies = byYear(seeds, () => 1);
      expect(bars(chart, '(agencies)')).toEqual(drawnOnly(agencies));
      const rate = (given: (s: Seed) => number) => {
        const out: Record<string, string> = {};
        for (const year of Object.keys(agencies)) {
          const stated = seeds.filter(
            (s) => String(s.year) === year && requests(s.record, 'handled_total') !== null,
          );
          const handled = sum(stated.map((s) => requests(s.record, 'handled_total'))) ?? 0;
          if (handled > 0) out[year] = `${(((sum(stated.map(given)) ?? 0) / handled) * 100).toFixed(1)}%`;
        }
        return out;
      };
      const granted = rate((s) => requests(s.record, 'granted') ?? 0);
      const withPartial = rate(
        (s) => (requests(s.record, 'granted') ?? 0) + (requests(s.record, 'partially_granted') ?? 0),
      );
      expect(Object.keys(granted).length).toBeGreaterThan(2);
      expect(marks(chart, '(grant rate)')).toEqual(granted);
      expect(marks(chart, '(granted + partially granted)')).toEqual(withPartial);
      // …and printed on the lines.
      for (const r of [...Object.values(granted), ...Object.values(withPartial)]) {
        expect(chart).toContain(`>${r}</text>`);
      }
    });

    it('top agencies: the latest year’s agencies by new applications, names escaped', () => {
      const chart = svg('top-agencies');
      const latest = Math.max(...seeds.map((s) => s.year));
      const expected = Object.fromEntries(
        seeds.filter((s) => s.year === latest).map((s) => [s.agency, requests(s.record, 'new_received')]),
      );
      expect(bars(chart, '(received)')).toEqual(drawnOnly(expected));
      expect(chart).toContain(`${latest}年度`);
      // The seed agency named with < and & is drawn (escaped) in the agency × year grids.
      for (const grid of ['agency-applications', 'coverage']) {
        expect(svg(grid)).toContain('海门区&#60;市场&#62;&#38;监管局');
        expect(svg(grid)).not.toContain('<市场>');
      }
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
      const codesOf = (s: Seed) =>
        new Set([...s.record.findings.map((f) => f.code), ...(yearCodes.get(s.file) ?? [])]);
      expect(bars(findings, '(reports with any finding)')).toEqual(
        counted(byYear(seeds, (s) => (codesOf(s).size ? 1 : 0))),
      );
      const codes = new Set(seeds.flatMap((s) => [...codesOf(s)]));
      expect(codes.size).toBeGreaterThan(1);
      for (const code of codes) {
        expect(bars(findings, `(${code})`), code).toEqual(
          counted(byYear(seeds, (s) => (codesOf(s).has(code) ? 1 : 0))),
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
      const sharing = new Set(seeds.filter((s) => s.agency.includes(shared)).map((s) => s.agency)).size;
      expect(sharing).toBeGreaterThan(1);
      await expect(writeCharts(reader!, out, { agency: shared })).rejects.toThrow(
        new RegExp(`matches ${sharing} agencies`),
      );
      await expect(writeCharts(reader!, out, { agency: '不存在的机关' })).rejects.toBeInstanceOf(
        ChartInputError,
      );
      await expect(writeCharts(reader!, out, { format: 'png' as never })).rejects.toThrow(/--format/);
      await expect(writeCharts(reader!, out, { level: 'village' })).rejects.toThrow(/--level must be one of/);
    });

    it('--agency takes an agency_id; --region and --level narrow the agency charts', async () => {
      const [fin] = await reader!.query<{ agency_id: number }>(
        "SELECT agency_id FROM agency_list WHERE agency = '赣州市财政局'",
      );
      const byId = await writeCharts(reader!, out, { agency: `#${fin!.agency_id}`, format: 'svg' });
      expect(byId.charts.at(-1)?.title).toContain('赣州市财政局');
      const rows = (chart: string) => new Set([...gridCells(svg(chart)).keys()].map((k) => k.split('|')[0]));
      // 360702 章贡区: its government, its market regulator and the development zone inside it.
      await writeCharts(reader!, out, { region: '360702', format: 'svg' });
      expect(rows('agency-applications')).toEqual(
        new Set(['赣州市章贡区人民政府', '赣州市章贡区市场监督管理局', '赣州经开区机关事务管理中心']),
      );
      expect(rows('coverage')).toEqual(rows('agency-applications'));
      await writeCharts(reader!, out, { region: '南康区', level: 'township', format: 'svg' });
      expect(rows('coverage')).toEqual(new Set(['赣州市南康区唐江镇人民政府']));
    });

    it('`xxgk chart` draws the same SVGs from the same database', async () => {
      // The full set again (earlier tests wrote filtered ones over it).
      await writeCharts(reader!, out, { format: 'svg' });
      // PGlite serves one process at a time: the CLI gets the database only once this one lets go.
      await reader?.close();
      reader = undefined;
      const cliOut = mkdtempSync(join(tmpdir(), 'xxgk-chart-cli-'));
      try {
        const r = spawnSync(process.execPath, [CLI, 'chart', '--out', cliOut], {
          env: { ...engine.cliEnv, XXGK_LOG_LEVEL: 'silent' },
          encoding: 'utf8',
          timeout: 170_000,
        });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toContain(`chart: ${join(cliOut, 'index.html')}`);
        for (const chart of CHARTS) {
          expect(readFileSync(join(cliOut, `${chart}.svg`), 'utf8'), chart).toBe(svg(chart));
        }
      } finally {
        rmSync(cliOut, { recursive: true, force: true });
      }
    });
  });
}
