/**
 * Issue 9's "done when" on a dataset built from the five seeds plus generated reports, loaded as
 * files the way `xxgk load` loads them, on PostgreSQL and on PGlite:
 * - every cell answers a trace with its source line (or, for a row the extractor could not read,
 *   with the finding that says why it has no position), across every text shape and a .docx;
 * - agencies that are one are one and agencies that are not are not: spellings of one agency,
 *   an agency renamed in the 2019 机构改革 (a recorded merge that no reload undoes, and a split
 *   that undoes it), placeholder publishers, the same name in two regions, a bare name on two
 *   portals, a shared district name without its city;
 * - every column of every public view has a description, and the codebook lists every key.
 * The expected agency of each file is written here by hand, from what the file prints.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCodebook } from '../../../db/codebook.ts';
import {
  type Database,
  type LoadFilesOptions,
  loadFiles,
  mergeAgencies,
  migrate,
  PUBLIC_VIEWS,
  unmergeAgency,
} from '../../../db/index.ts';
import { traceReport } from '../../../db/trace.ts';
import { EXTRACTOR_VERSION, extractBytes } from '../../../extractors/index.ts';
import { buildDocx } from '../../support/documents/index.ts';
import { buildableOf } from '../../support/documents/portal-doc.ts';
import { generateReport } from '../../support/generate.ts';
import { renderDetailPage, SHAPES } from '../../support/render/index.ts';

export interface DatasetDb {
  db: Database;
  cleanup(): Promise<void>;
}

const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');

/** How a batch of files is loaded: `xxgk load [--source S] [--region R] FILES`. */
interface Batch {
  options: Pick<LoadFilesOptions, 'source' | 'region'>;
  files: Array<{ name: string; group: string | null; write: (path: string) => Promise<void> | void }>;
}

const text = (s: string) => (path: string) => writeFileSync(path, s);
const seed = (file: string) => (path: string) => copyFileSync(join(SEEDS, file), path);
const shaped = (shape: keyof typeof SHAPES, agency: string, year: number, n: number) =>
  text(SHAPES[shape]!(generateReport(9000 + n, { agency, year, subtotals: n % 3 === 0 })));

/**
 * The files, in load batches, each with its true agency (a group name; null = no agency: the
 * publisher is a placeholder and the title names none).
 */
function plan(): Batch[] {
  const placeholderPage = () => {
    const r = generateReport(9101, { agency: '赣州市章贡区财政局', year: 2021 });
    return renderDetailPage({ ...r, meta: { ...r.meta, agency: '样本报告' } }, { indexNo: 'x-1' });
  };
  const nobodyPage = () => {
    const r = generateReport(9102, { agency: '赣州市章贡区审计局', year: 2021 });
    return renderDetailPage(
      { ...r, meta: { ...r.meta, agency: '本网', title: '2021年度政府信息公开工作年度报告' } },
      { indexNo: 'x-2' },
    );
  };
  return [
    {
      // The 赣州经开区 portal's files: seed 000 prints only 区市场监管分局, seed 004 the zone's name.
      options: { source: 'gzjkq-files', region: '赣州经开区' },
      files: [
        { name: 's000.txt', group: 'gzjk-market', write: seed('000_79eca0d6e8b3f0e8.txt') },
        { name: 's004.txt', group: 'gzjk-jgsw', write: seed('004_e01440b0bdeabe39.txt') },
      ],
    },
    {
      // Later files from that portal: its region is remembered.
      options: { source: 'gzjkq-files' },
      files: [{ name: 'g02.txt', group: 'gzjk-market', write: shaped('pipe', '区市场监管局', 2022, 2) }],
    },
    {
      options: {},
      files: [
        { name: 's001.txt', group: 'liangzhou-market', write: seed('001_32db68a7ed8774d3.txt') },
        { name: 's002.txt', group: 'haimen-market', write: seed('002_84c7f691cd999dc0.txt') },
        { name: 's003.txt', group: 'liaocheng-market', write: seed('003_b07cdb3dbe681def.txt') },
        // The zone's full name: the same agency as seed 000's 区市场监管分局 on its portal.
        {
          name: 'g01.html',
          group: 'gzjk-market',
          write: shaped('html', '赣州经开区市场监督管理局', 2021, 1),
        },
        // Renamed in the 2019 机构改革: two agencies until a researcher merges them.
        {
          name: 'g03.txt',
          group: 'zg-industry',
          write: shaped('brackets', '赣州市章贡区工商行政管理局', 2019, 3),
        },
        {
          name: 'g04.txt',
          group: 'zg-market',
          write: shaped('comma', '赣州市章贡区市场监督管理局', 2020, 4),
        },
        {
          name: 'g05.txt',
          group: 'zg-market',
          write: shaped('cell-per-line-tab', '赣州市章贡区 市场监管局', 2021, 5),
        },
        // A placeholder publisher whose title names the agency; the same agency in a Markdown file.
        { name: 'g06.html', group: 'zg-finance', write: text(placeholderPage()) },
        { name: 'g07.md', group: 'zg-finance', write: shaped('markdown', '赣州市章贡区财政局', 2020, 7) },
        // A placeholder publisher and a title naming nobody: the agency is the one the report
        // itself names (its first sentence and its signature), never the placeholder (issue 12).
        { name: 'g08.html', group: 'zg-audit', write: text(nobodyPage()) },
        // One name, two regions; and the shared district name without its city (a third agency).
        { name: 'g09.txt', group: 'bj-finance', write: shaped('pdf-text', '北京市朝阳区财政局', 2021, 9) },
        {
          name: 'g10.txt',
          group: 'cc-finance',
          write: shaped('pipe-fullwidth', '吉林省长春市朝阳区财政局', 2021, 10),
        },
        {
          name: 'g12.txt',
          group: 'chaoyang-unknown',
          write: shaped('cell-per-line-bar', '朝阳区财政局', 2023, 12),
        },
        // Seed 002's agency again, as a Word document.
        {
          name: 'g16.docx',
          group: 'haimen-market',
          write: async (p) =>
            writeFileSync(
              p,
              await buildDocx(
                buildableOf(generateReport(9016, { agency: '南通市海门区市场监督管理局', year: 2022 })),
              ),
            ),
        },
      ],
    },
    {
      // The district name with its region given: Beijing's.
      options: { region: '北京市朝阳区' },
      files: [{ name: 'g11.txt', group: 'bj-finance', write: shaped('comma', '朝阳区财政局', 2022, 11) }],
    },
    {
      // A bare name on two portals of unknown region: two agencies.
      options: { source: 'portal-a' },
      files: [
        { name: 'g13.txt', group: 'a-finance', write: shaped('brackets-cjk', '区财政局', 2021, 13) },
        { name: 'g15.txt', group: 'a-finance', write: shaped('markdown', '区财政局', 2022, 15) },
      ],
    },
    {
      options: { source: 'portal-b' },
      files: [{ name: 'g14.txt', group: 'b-finance', write: shaped('pipe', '区财政局', 2021, 14) }],
    },
  ];
}

export function researchDatasetSuite(name: string, open: () => Promise<DatasetDb>): void {
  describe(`seeds + generated reports as a research dataset: ${name}`, () => {
    let h: DatasetDb;
    let db: Database;
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-research-'));
    const batches = plan();
    /** report id → the file's true agency group. */
    const groupOf = new Map<number, string | null>();
    const reportOf = new Map<string, number>();

    const loadAll = async () => {
      const outcomes: string[] = [];
      for (const b of batches) {
        const summary = await loadFiles(
          db,
          b.files.map((f) => join(dir, f.name)),
          { extract: extractBytes, extractorVersion: EXTRACTOR_VERSION, ...b.options },
        );
        expect(summary.failed).toEqual([]);
        for (const l of summary.loaded) {
          const f = b.files.find((x) => join(dir, x.name) === l.file)!;
          groupOf.set(l.reportId, f.group);
          reportOf.set(f.name, l.reportId);
          outcomes.push(l.outcome);
        }
      }
      return outcomes;
    };

    const agencyOf = async () =>
      new Map(
        (
          await db.query<{ report_id: number; agency_id: number | null }>(
            'SELECT report_id, agency_id FROM report_list',
          )
        ).map((r) => [r.report_id, r.agency_id]),
      );

    /** Same agency id ⇔ same true group; no agency ⇔ no group. Lists every pair that disagrees. */
    const partitionErrors = async (merged: Record<string, string> = {}) => {
      const ids = await agencyOf();
      const group = (r: number) => {
        const g = groupOf.get(r) ?? null;
        return g === null ? null : (merged[g] ?? g);
      };
      const reports = [...groupOf.keys()];
      const errors: string[] = [];
      const file = (r: number) => [...reportOf].find(([, id]) => id === r)?.[0];
      for (const r of reports) {
        if ((group(r) === null) !== (ids.get(r) === null))
          errors.push(`${file(r)}: agency ${ids.get(r)}, group ${group(r)}`);
        for (const o of reports) {
          if (o <= r || group(r) === null || group(o) === null) continue;
          if ((group(r) === group(o)) !== (ids.get(r) === ids.get(o)))
            errors.push(
              `${file(r)} (${group(r)}, agency ${ids.get(r)}) vs ${file(o)} (${group(o)}, agency ${ids.get(o)})`,
            );
        }
      }
      return errors;
    };

    beforeAll(async () => {
      for (const b of batches) for (const f of b.files) await f.write(join(dir, f.name));
      h = await open();
      db = h.db;
      await migrate(db);
      const outcomes = await loadAll();
      expect(outcomes.every((o) => o === 'inserted')).toBe(true);
    });
    afterAll(async () => {
      await h?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('agencies that are one are one, and agencies that are not are not', async () => {
      expect(await partitionErrors()).toEqual([]);
      const list = await db.query<{
        agency_id: number;
        region_code: string | null;
        region_method: string | null;
      }>('SELECT agency_id, region_code, region_method FROM agency_list');
      const ids = await agencyOf();
      const region = (file: string) => list.find((a) => a.agency_id === ids.get(reportOf.get(file)!));
      expect(region('g09.txt')).toMatchObject({ region_code: '110105', region_method: 'name' });
      expect(region('g10.txt')).toMatchObject({ region_code: '220104', region_method: 'name' });
      expect(region('s000.txt')?.region_code).toBe('360702400');
      expect(region('g12.txt')?.region_code).toBeNull();
      const placeholders = await db.query<{ report_id: number }>(
        "SELECT report_id FROM report_findings WHERE code = 'agency.placeholder' ORDER BY report_id",
      );
      expect(placeholders.map((p) => p.report_id)).toEqual(
        [reportOf.get('g06.html'), reportOf.get('g08.html')].sort((a, b) => a! - b!),
      );
      expect(await db.query("SELECT 1 FROM agency_aliases WHERE alias IN ('样本报告', '本网')")).toEqual([]);
    });

    it('a researcher’s merge is recorded, survives a reload, and a split undoes it', async () => {
      const ids = await agencyOf();
      const industry = ids.get(reportOf.get('g03.txt')!)!;
      const market = ids.get(reportOf.get('g04.txt')!)!;
      await db.transaction((tx) =>
        mergeAgencies(tx, industry, market, '2019 机构改革: 工商局 became 市场监管局'),
      );
      const merged = { 'zg-industry': 'zg-market' };
      expect(await partitionErrors(merged)).toEqual([]);
      expect((await loadAll()).every((o) => o === 'unchanged')).toBe(true);
      expect(await partitionErrors(merged)).toEqual([]);
      const names = await db.query<{ name: string; first_year: number }>(
        'SELECT name, first_year FROM agency_names WHERE agency_id = $1 ORDER BY first_year',
        [market],
      );
      expect(names.map((n) => [n.first_year, n.name])).toEqual([
        [2019, '赣州市章贡区工商行政管理局'],
        [2020, '赣州市章贡区市场监督管理局'],
        [2021, '赣州市章贡区 市场监管局'],
      ]);
      await db.transaction((tx) => unmergeAgency(tx, industry, 'kept apart after all'));
      expect(await partitionErrors()).toEqual([]);
      expect((await loadAll()).every((o) => o === 'unchanged')).toBe(true);
      expect(await partitionErrors()).toEqual([]);
      expect((await agencyOf()).get(reportOf.get('g03.txt')!)).toBe(industry);
    });

    it('every cell answers a trace with its source line, or with the finding that explains why it has none', async () => {
      let traced = 0;
      for (const [file, reportId] of reportOf) {
        const t = await traceReport(db, reportId);
        expect(t.problem, file).toBeNull();
        expect(t.cells.length, file).toBeGreaterThan(50);
        const bad = t.cells.filter((c) => c.status !== 'traced' && c.status !== 'unplaced');
        expect(bad.map((c) => `${file} ${c.table}.${c.row}.${c.col}: ${c.status} ${c.note}`)).toEqual([]);
        for (const c of t.cells) {
          if (c.status === 'unplaced') {
            expect(c.note, `${file} ${c.table}.${c.row}.${c.col}`).toMatch(/row was not read \((table\.\w+)/);
            expect(c.value).toBeNull();
            continue;
          }
          traced++;
          const line = c.context.find((l) => l.line === c.line);
          expect(line, `${file} ${c.table}.${c.row}.${c.col}`).toBeDefined();
          if (c.raw !== '') expect(line!.text, `${file} ${c.table}.${c.row}.${c.col}`).toContain(c.raw);
        }
      }
      expect(traced).toBeGreaterThan(3000);
    });

    it('every public view column is described, and the codebook lists every key and code in the data', async () => {
      const undescribed = await db.query<{ col: string }>(
        `SELECT c.table_name || '.' || c.column_name AS col FROM information_schema.columns c
         WHERE c.table_schema = current_schema() AND c.table_name = ANY($1::text[])
           AND col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) IS NULL`,
        [[...PUBLIC_VIEWS]],
      );
      expect(undescribed).toEqual([]);
      const book = await buildCodebook(db);
      const has = (kind: string, object: string, name: string) =>
        book.some((e) => e.kind === kind && e.object === object && e.name === name);
      const keys = await db.query<{ table_key: string; row_key: string; col_key: string }>(
        'SELECT DISTINCT table_key, row_key, col_key FROM report_cells',
      );
      expect(keys.length).toBeGreaterThan(150);
      const missing = keys.flatMap((k) => [
        ...(has('row', k.table_key, k.row_key) ? [] : [`row ${k.table_key}.${k.row_key}`]),
        ...(has('col', k.table_key, k.col_key) ? [] : [`col ${k.table_key}.${k.col_key}`]),
      ]);
      expect(missing).toEqual([]);
      const codes = await db.query<{ code: string }>('SELECT DISTINCT code FROM report_findings');
      expect(codes.filter((c) => !has('finding', 'report_findings', c.code))).toEqual([]);
    });
  });
}
