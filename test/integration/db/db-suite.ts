/**
 * The db contract suite: the same tests against real PostgreSQL and against PGlite.
 * Tests run in order on one database and build on each other (load → reload → revise → …).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCodebook } from '../../../db/codebook.ts';
import {
  addCrawlCounts,
  type Database,
  datasetCounts,
  exportViews,
  finishCrawlRun,
  getCrawlRun,
  getDocument,
  getExtraction,
  listDocumentRefs,
  loadFiles,
  loadReport,
  loadReports,
  mergeAgencies,
  migrate,
  noteCrawlRunError,
  PUBLIC_VIEWS,
  readOnlyQuery,
  recordExtractionFailure,
  recordFetchFailure,
  refSighting,
  saveExtraction,
  setDocumentRefState,
  splitAgency,
  startCrawlRun,
  storeDocument,
  storeFetchedDocuments,
  unmergeAgency,
  upsertDocumentRef,
  upsertDocumentRefs,
  upsertSource,
} from '../../../db/index.ts';
import { formatReport, showReport } from '../../../db/show-report.ts';
import { formatTrace, traceReport } from '../../../db/trace.ts';
import { TEMPLATES } from '../../../extractors/templates/index.ts';
import { makeRecord, seedRecords } from './fixtures/make-record.ts';

export interface DbHandle {
  db: Database;
  cleanup(): Promise<void>;
}

const V1 = 'test-1.0';
const V2 = 'test-2.0';
const SEED_DIR = join(import.meta.dirname, '../../fixtures/seeds');
const seedUrl = (file: string) => pathToFileURL(join(SEED_DIR, file)).href;
const NORMATIVE_STEADY = {
  'active.normative_docs.issued': 0,
  'active.normative_docs.repealed': 0,
  'active.normative_docs.in_force': 0,
};
const num = (v: unknown) => (v === null ? null : Number(v));

export function dbSuite(name: string, makeDb: () => Promise<DbHandle>): void {
  describe(`db contract: ${name}`, () => {
    let h: DbHandle;
    let db: Database;
    const seeds = seedRecords();
    const seedDocs = new Map<string, number>();
    let loadedFileReport = 0;

    beforeAll(async () => {
      h = await makeDb();
      db = h.db;
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    const count = async (sql: string, params: unknown[] = []) =>
      Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params))[0]!.n);

    it('migrates, and migrating again changes nothing', async () => {
      const first = await migrate(db);
      expect(first.applied).toBe(first.total);
      expect(first.total).toBeGreaterThanOrEqual(2);
      expect(await migrate(db)).toEqual({ applied: 0, total: first.total });
      const views = await db.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.views WHERE table_schema = current_schema() ORDER BY 1',
      );
      expect(views.map((v) => v.table_name)).toEqual([...PUBLIC_VIEWS].sort());
    });

    it('stores documents once per sha256 and returns their bytes', async () => {
      for (const s of seeds) {
        const bytes = new Uint8Array(readFileSync(`${SEED_DIR}/${s.file}`));
        const d = await storeDocument(db, {
          sourceName: 'seeds',
          url: seedUrl(s.file),
          finalUrl: seedUrl(s.file),
          status: 200,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          contentType: 'text/plain',
          encoding: 'utf-8',
          bytes,
          fetchedAt: new Date('2026-01-02T03:04:05Z'),
        });
        expect(d.created).toBe(true);
        seedDocs.set(s.file, d.id);
      }
      const first = seeds[0]!;
      const again = await storeDocument(db, {
        url: 'http://elsewhere/copy.txt',
        finalUrl: 'http://elsewhere/copy.txt',
        status: 200,
        headers: {},
        contentType: null,
        encoding: null,
        bytes: new Uint8Array(readFileSync(`${SEED_DIR}/${first.file}`)),
        fetchedAt: new Date(),
      });
      expect(again).toMatchObject({ id: seedDocs.get(first.file), created: false });
      const got = await getDocument(db, seedDocs.get(first.file)!);
      expect(Buffer.from(got!.bytes).equals(readFileSync(`${SEED_DIR}/${first.file}`))).toBe(true);
      expect(got).toMatchObject({ sourceName: 'seeds', encoding: 'utf-8', url: seedUrl(first.file) });
      expect(got!.fetchedAt.toISOString()).toBe('2026-01-02T03:04:05.000Z');
      expect(await getDocument(db, 999_999)).toBeNull();
    });

    it('stores fetched documents in one batch and marks their refs fetched (failures cleared)', async () => {
      const page = (n: number, body = `<html>page ${n}</html>`) => ({
        url: `http://127.0.0.1:1/fetched/${n}.html`,
        finalUrl: `http://127.0.0.1:1/fetched/${n}.html`,
        status: 200,
        headers: { 'content-type': 'text/html' },
        contentType: 'text/html',
        encoding: 'utf-8',
        bytes: new TextEncoder().encode(body),
        fetchedAt: new Date('2026-01-02T03:04:05Z'),
        sourceId: null,
        ref: { kind: 'detail' as const, parentUrl: null },
      });
      await recordFetchFailure(db, { url: page(1).url, code: 'http.5xx', reason: '503' });
      const stored = await storeDocument(db, page(9, '<html>stored before</html>'));
      // 2 and 3 carry the same bytes (two URLs, one document); 4 the bytes stored before under 9.
      const out = await storeFetchedDocuments(db, [
        page(1),
        page(2, '<html>same</html>'),
        page(3, '<html>same</html>'),
        page(4, '<html>stored before</html>'),
      ]);
      expect(out.map((o) => o.created)).toEqual([true, true, false, false]);
      expect(out[2]!.id).toBe(out[1]!.id);
      expect(out[3]!.id).toBe(stored.id);
      expect(new Set(out.map((o) => o.id)).size).toBe(3);
      const got = await getDocument(db, out[0]!.id);
      expect(new TextDecoder().decode(got!.bytes)).toBe('<html>page 1</html>');
      expect(got).toMatchObject({ url: page(1).url, contentType: 'text/html', encoding: 'utf-8' });
      const refs = await db.query<{ url: string; state: string; document_id: number }>(
        `SELECT url, state, document_id FROM document_refs WHERE url LIKE 'http://127.0.0.1:1/fetched/%' ORDER BY url`,
      );
      expect(refs.map((r) => [r.url.slice(-6), r.state, Number(r.document_id)])).toEqual([
        ['1.html', 'fetched', out[0]!.id],
        ['2.html', 'fetched', out[1]!.id],
        ['3.html', 'fetched', out[1]!.id],
        ['4.html', 'fetched', stored.id],
      ]);
      expect(await count('fetch_failures WHERE url = $1', [page(1).url])).toBe(0);
      // Concurrent batches over the same bytes and URLs, in opposite orders: no deadlock, one answer.
      const many = Array.from({ length: 12 }, (_, i) => page(20 + i));
      const [a, b] = await Promise.all([
        storeFetchedDocuments(db, many),
        storeFetchedDocuments(db, [...many].reverse()),
      ]);
      expect(a.map((o) => o.id)).toEqual(b.map((o) => o.id).reverse());
      expect(a.filter((o) => o.created).length + b.filter((o) => o.created).length).toBe(12);
      expect(await count(`document_refs WHERE url LIKE 'http://127.0.0.1:1/fetched/%'`)).toBe(16);
      // Gone again: the tests below count the documents the seeds add.
      await db.query(`DELETE FROM document_refs WHERE url LIKE 'http://127.0.0.1:1/fetched/%'`);
      await db.query(`DELETE FROM documents WHERE url LIKE 'http://127.0.0.1:1/fetched/%'`);
      expect(await count(`documents WHERE url LIKE 'http://127.0.0.1:1/fetched/%'`)).toBe(0);
    });

    it('loads the seeds', async () => {
      for (const s of seeds) {
        const r = await loadReport(db, s.record, {
          documentId: seedDocs.get(s.file)!,
          sourceUrl: seedUrl(s.file),
          sourceName: 'seeds',
          extractorVersion: V1,
        });
        expect(r.outcome).toBe('inserted');
      }
      const list = await db.query<{ agency: string; year: number; templates: Record<string, string> }>(
        'SELECT * FROM report_list ORDER BY report_id',
      );
      expect(list.map((r) => [r.agency, r.year])).toEqual(
        seeds.map((s) => [s.record.meta.agency, s.record.meta.year]),
      );
      expect(list[0]!.templates).toEqual({ active: '2019', requests: '2019', appeals: '2019' });
      const cells = seeds.reduce((n, s) => n + s.record.cells.length, 0);
      expect(await count('report_cells')).toBe(cells);
      expect(await datasetCounts(db)).toEqual({ documents: 5, reports: 5, cells, findings: 1, failed: 0 });
      const region = await db.query<{ region: string; region_code: string; agency_level: string }>(
        "SELECT region, region_code, agency_level FROM report_list WHERE agency = '赣州经开区机关事务管理中心'",
      );
      // GB/T 2260 as the statistics bureau extends it: the zone is filed under 章贡区 as 360702400.
      expect(region[0]).toEqual({
        region: '江西省赣州市章贡区赣州经济技术开发区',
        region_code: '360702400',
        agency_level: 'county',
      });
    });

    it('reloading the same records changes nothing but the run log', async () => {
      const before = await datasetCounts(db);
      const runs = await count('extraction_runs');
      const results = await loadReports(
        db,
        seeds.map((s) => ({
          record: s.record,
          ctx: { documentId: seedDocs.get(s.file)!, sourceUrl: seedUrl(s.file), extractorVersion: V1 },
        })),
      );
      expect(results.map((r) => r.outcome)).toEqual(seeds.map(() => 'unchanged'));
      expect(await datasetCounts(db)).toEqual(before);
      expect(await count('reports')).toBe(5);
      expect(await count('extraction_runs')).toBe(runs + 5);
    });

    it('a new extractor version with different output replaces cells and archives the old output', async () => {
      const s = seeds[1]!;
      const id = (
        await db.query<{ report_id: number }>('SELECT report_id FROM report_list WHERE agency = $1', [
          s.record.meta.agency,
        ])
      )[0]!.report_id;
      const old = await db.query<{ value: string }>(
        "SELECT value FROM report_cells WHERE report_id = $1 AND table_key = 'requests' AND row_key = 'granted' AND col_key = 'total'",
        [id],
      );
      const changed = makeRecord({
        agency: s.record.meta.agency,
        year: s.record.meta.year,
        template: '2019',
        seed: 2,
        overrides: { 'requests.granted.total': 4242 },
      });
      const r = await loadReport(db, changed, {
        documentId: seedDocs.get(s.file)!,
        sourceUrl: seedUrl(s.file),
        extractorVersion: V2,
      });
      expect(r).toEqual({ reportId: id, outcome: 'replaced' });
      const now = await db.query<{ value: string; extractor_version: string }>(
        `SELECT c.value, l.extractor_version FROM report_cells c JOIN report_list l USING (report_id)
         WHERE report_id = $1 AND table_key = 'requests' AND row_key = 'granted' AND col_key = 'total'`,
        [id],
      );
      expect(now).toEqual([{ value: '4242', extractor_version: V2 }]);
      expect(await count('report_cells WHERE report_id = $1', [id])).toBe(changed.cells.length);
      const runs = await db.query<{
        extractor_version: string;
        outcome: string;
        record: { cells: Array<{ row: string; col: string; value: number }> } | null;
      }>('SELECT extractor_version, outcome, record FROM extraction_runs WHERE report_id = $1 ORDER BY id', [
        id,
      ]);
      expect(runs.map((x) => [x.extractor_version, x.outcome])).toEqual([
        [V1, 'inserted'],
        [V1, 'unchanged'],
        [V2, 'replaced'],
      ]);
      const archived = runs[0]!.record!.cells.find((c) => c.row === 'granted' && c.col === 'total');
      expect(num(archived!.value)).toBe(num(old[0]!.value));
      expect(runs[2]!.record).toBeNull();
    });

    it('a changed document for the same agency, year and URL becomes a new current revision', async () => {
      const s = seeds[0]!;
      const doc = await storeDocument(db, {
        sourceName: 'seeds',
        url: seedUrl(s.file),
        finalUrl: seedUrl(s.file),
        status: 200,
        headers: {},
        contentType: 'text/plain',
        encoding: 'utf-8',
        bytes: new TextEncoder().encode(`${readFileSync(`${SEED_DIR}/${s.file}`, 'utf8')}\n更正`),
        fetchedAt: new Date(),
      });
      expect(doc.created).toBe(true);
      const revised = makeRecord({
        agency: s.record.meta.agency,
        year: 2020,
        template: '2019',
        seed: 1,
        overrides: { 'requests.new_received.total': 77 },
      });
      const r = await loadReport(db, revised, {
        documentId: doc.id,
        sourceUrl: seedUrl(s.file),
        extractorVersion: V1,
      });
      expect(r.outcome).toBe('revised');
      const revs = await db.query<{ id: number; revision: number; is_current: boolean }>(
        'SELECT id, revision, is_current FROM reports WHERE source_url = $1 ORDER BY revision',
        [seedUrl(s.file)],
      );
      expect(revs.map((x) => [x.revision, x.is_current])).toEqual([
        [1, false],
        [2, true],
      ]);
      expect(revs[1]!.id).toBe(r.reportId);
      expect(await count('report_list')).toBe(5);
      const summary = await db.query<{ applications_received: string }>(
        'SELECT applications_received FROM report_summary WHERE report_id = $1',
        [r.reportId],
      );
      expect(num(summary[0]!.applications_received)).toBe(77);
      // The old revision's cells are kept (not current, so not in the views).
      expect(await count('cells WHERE report_id = $1', [revs[0]!.id])).toBe(s.record.cells.length);
    });

    it('summary and wide views agree with the long cells', async () => {
      const rows = await db.query<Record<string, string | number | null>>(
        'SELECT * FROM report_summary ORDER BY report_id',
      );
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        const cell = async (r: string) =>
          num(
            (
              await db.query<{ value: string }>(
                "SELECT value FROM report_cells WHERE report_id = $1 AND table_key = 'requests' AND row_key = $2 AND col_key = 'total'",
                [row.report_id, r],
              )
            )[0]?.value ?? null,
          );
        expect(num(row.granted)).toBe(await cell('granted'));
        expect(num(row.handled_total)).toBe(await cell('handled_total'));
        const denied = (
          await db.query<{ s: string }>(
            `SELECT sum(value) AS s FROM report_cells WHERE report_id = $1 AND table_key = 'requests'
             AND col_key = 'total' AND row_key LIKE 'denied%'`,
            [row.report_id],
          )
        )[0]!.s;
        expect(num(row.denied)).toBe(num(denied));
      }
      const wide = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM requests_wide WHERE total IS NOT NULL AND natural_person IS NOT NULL',
      );
      const rowsInLong = await db.query<{ n: string }>(
        "SELECT count(DISTINCT (report_id, row_key)) AS n FROM report_cells WHERE table_key = 'requests'",
      );
      expect(Number(wide[0]!.n)).toBe(Number(rowsInLong[0]!.n));
      const appeals = await db.query<{ review_total: string; report_id: number }>(
        'SELECT report_id, review_total FROM appeals_wide',
      );
      expect(appeals).toHaveLength(5);
      const active = await db.query<{ in_force: string | null; made: string | null; template: string }>(
        "SELECT template, in_force, made FROM active_wide WHERE row_key = 'regulations'",
      );
      for (const a of active) expect(a.template === '2021' ? a.in_force : a.made).not.toBeNull();
    });

    it('computes cross-year findings and recomputes them on reload', async () => {
      const agency = '测试县交通运输局';
      const y2021 = makeRecord({
        agency,
        year: 2021,
        overrides: {
          'requests.carried_forward.total': 4,
          'active.regulations.in_force': 10,
          'active.normative_docs.in_force': 0,
        },
      });
      const bad2022 = makeRecord({
        agency,
        year: 2022,
        overrides: {
          'requests.carried_over.total': 5,
          'active.regulations.issued': 3,
          'active.regulations.repealed': 1,
          'active.regulations.in_force': 13,
          ...NORMATIVE_STEADY,
        },
      });
      await loadReport(db, y2021, { sourceUrl: 'http://t/2021', extractorVersion: V1 });
      const r22 = await loadReport(db, bad2022, { sourceUrl: 'http://t/2022', extractorVersion: V1 });
      const codes = async () =>
        (
          await db.query<{ code: string; row_key: string }>(
            "SELECT code, row_key FROM report_findings WHERE agency = $1 AND code LIKE 'years.%' ORDER BY code, row_key",
            [agency],
          )
        ).map((f) => `${f.code}:${f.row_key}`);
      expect(await codes()).toEqual(['years.carry_over:carried_over', 'years.stock:regulations']);
      const f = await db.query<{ report_id: number; year: number; message: string }>(
        "SELECT report_id, year, message FROM report_findings WHERE code = 'years.carry_over' AND agency = $1",
        [agency],
      );
      expect(f[0]).toMatchObject({ report_id: r22.reportId, year: 2022 });
      expect(f[0]!.message).toContain('5');
      const fixed = makeRecord({
        agency,
        year: 2022,
        overrides: {
          'requests.carried_over.total': 4,
          'active.regulations.issued': 3,
          'active.regulations.repealed': 1,
          'active.regulations.in_force': 12,
          ...NORMATIVE_STEADY,
        },
      });
      expect(
        (await loadReport(db, fixed, { sourceUrl: 'http://t/2022', extractorVersion: V2 })).outcome,
      ).toBe('replaced');
      expect(await codes()).toEqual([]);
    });

    it('flags two current reports claiming one agency and year', async () => {
      const agency = '测试县教育局';
      const a = await loadReport(db, makeRecord({ agency, year: 2022 }), {
        sourceUrl: 'http://t/edu-a',
        extractorVersion: V1,
      });
      const b = await loadReport(db, makeRecord({ agency, year: 2022, seed: 5 }), {
        sourceUrl: 'http://t/edu-b',
        extractorVersion: V1,
      });
      expect([a.outcome, b.outcome]).toEqual(['inserted', 'inserted']);
      const dup = await db.query<{ report_id: number }>(
        "SELECT report_id FROM report_findings WHERE code = 'years.duplicate' AND agency = $1 ORDER BY report_id",
        [agency],
      );
      expect(dup.map((d) => d.report_id)).toEqual([a.reportId, b.reportId]);
    });

    it('keeps records without agency or year, outside cross-year findings', async () => {
      const r = await loadReport(db, makeRecord({ agency: null, year: null, status: 'partial' }), {
        sourceUrl: 'http://t/anonymous',
        extractorVersion: V1,
      });
      expect(r.outcome).toBe('inserted');
      const again = await loadReport(db, makeRecord({ agency: null, year: null, status: 'partial' }), {
        sourceUrl: 'http://t/anonymous',
        extractorVersion: V1,
      });
      expect(again).toEqual({ reportId: r.reportId, outcome: 'unchanged' });
      const row = await db.query<{ agency: string | null; status: string }>(
        'SELECT agency, status FROM report_list WHERE report_id = $1',
        [r.reportId],
      );
      expect(row).toEqual([{ agency: null, status: 'partial' }]);
    });

    it('folds name variants into one agency, recording aliases and merges', async () => {
      const r1 = await loadReport(db, makeRecord({ agency: '示范区市场监督管理局', year: 2020 }), {
        sourceUrl: 'http://t/m1',
        extractorVersion: V1,
      });
      const r2 = await loadReport(db, makeRecord({ agency: '示范区 市场监管分局', year: 2021 }), {
        sourceUrl: 'http://t/m2',
        extractorVersion: V1,
      });
      const ids = await db.query<{ agency_id: number }>(
        'SELECT agency_id FROM reports WHERE id = ANY($1::int[])',
        [[r1.reportId, r2.reportId]],
      );
      expect(new Set(ids.map((i) => i.agency_id)).size).toBe(1);
      const agencyId = ids[0]!.agency_id;
      const aliases = await db.query<{ alias: string }>(
        'SELECT alias FROM agency_aliases WHERE agency_id = $1 ORDER BY alias',
        [agencyId],
      );
      expect(aliases.map((a) => a.alias).sort()).toEqual(
        ['示范区 市场监管分局', '示范区市场监督管理局'].sort(),
      );
      const merges = await db.query<{ merged_name: string; reason: string }>(
        'SELECT merged_name, reason FROM agency_merges WHERE agency_id = $1',
        [agencyId],
      );
      expect(merges).toHaveLength(1);
      expect(merges[0]!.merged_name).toBe('示范区 市场监管分局');
      expect(merges[0]!.reason).toContain('示范区市场监管局');
      expect(await count("agency_history WHERE agency_id = $1 AND action = 'fold'", [agencyId])).toBe(1);
      // Both years now show under the canonical name in the views.
      const names = await db.query<{ agency: string }>(
        'SELECT DISTINCT agency FROM report_list WHERE report_id = ANY($1::int[])',
        [[r1.reportId, r2.reportId]],
      );
      expect(names).toEqual([{ agency: '示范区市场监督管理局' }]);

      // A fold the key cannot see is an explicit, recorded merge.
      const r3 = await loadReport(db, makeRecord({ agency: '示范区工商局', year: 2019 }), {
        sourceUrl: 'http://t/m3',
        extractorVersion: V1,
      });
      const from = (
        await db.query<{ agency_id: number }>('SELECT agency_id FROM reports WHERE id = $1', [r3.reportId])
      )[0]!.agency_id;
      await db.transaction((tx) =>
        mergeAgencies(tx, from, agencyId, '工商局 became 市场监管局 in 2019 (机构改革)'),
      );
      const after = await db.query<{ agency: string }>(
        'SELECT agency FROM report_list WHERE report_id = $1',
        [r3.reportId],
      );
      expect(after).toEqual([{ agency: '示范区市场监督管理局' }]);
      expect(await count("agency_history WHERE agency_id = $1 AND action = 'merge'", [agencyId])).toBe(1);
      // The merged agency stays as a tombstone (so the merge can be undone), out of the views.
      expect(await count('agencies WHERE id = $1 AND merged_into = $2', [from, agencyId])).toBe(1);
      expect(await count('agency_list WHERE agency_id = $1', [from])).toBe(0);
    });

    it('every column of every public view has a description, in Chinese and English', async () => {
      const cols = await db.query<{ view: string; column: string; description: string | null }>(
        `SELECT c.table_name AS view, c.column_name AS column,
                col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) AS description
         FROM information_schema.columns c
         WHERE c.table_schema = current_schema() AND c.table_name = ANY($1::text[])`,
        [[...PUBLIC_VIEWS]],
      );
      expect(new Set(cols.map((c) => c.view))).toEqual(new Set(PUBLIC_VIEWS));
      const missing = cols.filter(
        (c) => !c.description || !/^[^|]*\p{Script=Han}[^|]* \| .*[A-Za-z]{3}/u.test(c.description),
      );
      expect(missing.map((c) => `${c.view}.${c.column}`)).toEqual([]);
      const views = await db.query<{ view: string; description: string | null }>(
        `SELECT v AS view, obj_description(format('%I.%I', current_schema(), v)::regclass, 'pg_class') AS description
         FROM unnest($1::text[]) AS v`,
        [[...PUBLIC_VIEWS]],
      );
      expect(views.filter((v) => !v.description)).toEqual([]);
    });

    it('keeps one agency per place and name: renamed, placeholder-published, same names elsewhere', async () => {
      const src = async (name: string, region: string | null) =>
        upsertSource(db, { name, baseUrl: `http://${name}.invalid/`, region });
      await src('portal-ganzhou', '赣州市章贡区');
      await src('portal-chaoyang-bj', '北京市朝阳区');
      await src('portal-chaoyang-cc', '吉林省长春市朝阳区');
      await src('portal-plain', null);
      const load = (agency: string, year: number, url: string, sourceName?: string, title?: string) =>
        loadReport(db, makeRecord({ agency, year, ...(title ? { title } : {}) }), {
          sourceUrl: url,
          sourceName: sourceName ?? null,
          extractorVersion: V1,
        });
      const agencyOf = async (reportId: number) =>
        (
          await db.query<{ agency_id: number | null }>(
            'SELECT agency_id FROM report_list WHERE report_id = $1',
            [reportId],
          )
        )[0]!.agency_id;
      // One agency, three spellings: full name, a bare name on its own portal, a variant.
      const full = await load('赣州市章贡区财政局', 2020, 'http://t/zg/2020');
      const bare = await load('区财政局', 2021, 'http://portal-ganzhou.invalid/2021', 'portal-ganzhou');
      const variant = await load('章贡区 财政局', 2022, 'http://t/zg/2022');
      const zg = await agencyOf(full.reportId);
      expect(await agencyOf(bare.reportId)).toBe(zg);
      expect(await agencyOf(variant.reportId)).toBe(zg);
      const row = await db.query<Record<string, string>>(
        'SELECT level, kind, region_code, region, region_method FROM agency_list WHERE agency_id = $1',
        [zg],
      );
      expect(row[0]).toEqual({
        level: 'county',
        kind: 'department',
        region_code: '360702',
        region: '江西省赣州市章贡区',
        region_method: 'name',
      });
      // The same printed name in two regions: two agencies; the city's bureau is not the district's.
      const bj = await load('区财政局', 2021, 'http://portal-chaoyang-bj.invalid/2021', 'portal-chaoyang-bj');
      const cc = await load('区财政局', 2021, 'http://portal-chaoyang-cc.invalid/2021', 'portal-chaoyang-cc');
      const plain = await load('区财政局', 2021, 'http://portal-plain.invalid/2021', 'portal-plain');
      const city = await load('赣州市财政局', 2021, 'http://t/gz-city/2021');
      const ids = [
        zg,
        await agencyOf(bj.reportId),
        await agencyOf(cc.reportId),
        await agencyOf(plain.reportId),
        await agencyOf(city.reportId),
      ];
      expect(new Set(ids).size).toBe(5);
      const regions = await db.query<{ region_code: string | null; region_method: string | null }>(
        'SELECT region_code, region_method FROM agency_list WHERE agency_id = ANY($1::int[]) ORDER BY agency_id',
        [ids.slice(1, 3)],
      );
      expect(regions).toEqual([
        { region_code: '110105', region_method: 'source' },
        { region_code: '220104', region_method: 'source' },
      ]);
      // A placeholder publisher never becomes an agency; the title names the agency, a finding says so.
      const before = await count('agencies');
      const ph = await load(
        '样本报告',
        2021,
        'http://t/ph/1',
        undefined,
        '赣州市章贡区财政局2023年政府信息公开工作年度报告',
      );
      const ph2 = await load('本网', 2021, 'http://t/ph/2', undefined, '关于公开工作的通知');
      expect(await count('agencies')).toBe(before);
      expect(await agencyOf(ph.reportId)).toBe(zg);
      expect(await agencyOf(ph2.reportId)).toBeNull();
      expect(await count('agency_aliases WHERE alias IN ($1, $2)', ['样本报告', '本网'])).toBe(0);
      const f = await db.query<{ report_id: number; message: string }>(
        "SELECT report_id, message FROM report_findings WHERE code = 'agency.placeholder' AND report_id = ANY($1::int[]) ORDER BY report_id",
        [[ph.reportId, ph2.reportId]],
      );
      expect(f.map((x) => x.report_id)).toEqual([ph.reportId, ph2.reportId]);
      expect(f[0]!.message).toContain('样本报告');
      expect(f[1]!.message).toContain('without an agency');
      // 机构改革: 工商局 (2017) is 市场监管局 (2019): a recorded merge, that no reload undoes, and that a split undoes.
      const old = await load('赣州市章贡区工商行政管理局', 2017, 'http://t/zg-gs/2017');
      const renamed = await load('赣州市章贡区市场监督管理局', 2019, 'http://t/zg-sj/2019');
      const oldId = (await agencyOf(old.reportId))!;
      const newId = (await agencyOf(renamed.reportId))!;
      expect(oldId).not.toBe(newId);
      await db.transaction((tx) =>
        mergeAgencies(tx, oldId, newId, '2019 机构改革: 工商局 became 市场监管局'),
      );
      expect(await agencyOf(old.reportId)).toBe(newId);
      const reloaded = await load('赣州市章贡区工商行政管理局', 2017, 'http://t/zg-gs/2017');
      expect(reloaded).toEqual({ reportId: old.reportId, outcome: 'unchanged' });
      const respelled = await load('赣州市章贡区 工商行政管理局', 2018, 'http://t/zg-gs/2018');
      expect(await agencyOf(respelled.reportId)).toBe(newId);
      const names = await db.query<{ name: string; first_year: number; last_year: number }>(
        'SELECT name, first_year, last_year FROM agency_names WHERE agency_id = $1 ORDER BY first_year',
        [newId],
      );
      expect(names.map((n) => [n.name, n.first_year, n.last_year])).toEqual([
        ['赣州市章贡区工商行政管理局', 2017, 2017],
        ['赣州市章贡区 工商行政管理局', 2018, 2018],
        ['赣州市章贡区市场监督管理局', 2019, 2019],
      ]);
      await db.transaction((tx) => unmergeAgency(tx, oldId, 'checked: not the same bureau'));
      expect(await agencyOf(old.reportId)).toBe(oldId);
      expect(await agencyOf(respelled.reportId)).toBe(oldId);
      expect(await agencyOf(renamed.reportId)).toBe(newId);
      expect(
        (
          await db.query<{ action: string }>(
            'SELECT action FROM agency_history WHERE decision_id IS NOT NULL AND $1 IN (agency_id, other_agency_id) ORDER BY decision_id',
            [oldId],
          )
        ).map((a) => a.action),
      ).toEqual(['merge', 'unmerge']);
      // A wrong fold split off: the spelling and its reports move, and stay moved on reload.
      const { agencyId: split } = await db.transaction((tx) =>
        splitAgency(tx, oldId, ['赣州市章贡区 工商行政管理局'], 'a different office, same name'),
      );
      expect(await agencyOf(respelled.reportId)).toBe(split);
      const again = await load('赣州市章贡区 工商行政管理局', 2018, 'http://t/zg-gs/2018');
      expect(again).toEqual({ reportId: respelled.reportId, outcome: 'unchanged' });
      expect(await agencyOf(old.reportId)).toBe(oldId);
    });

    it('panel views: one row per agency and year, rates from one formula, changes year on year', async () => {
      const agency = '赣州市章贡区统计局';
      const r20 = await loadReport(
        db,
        makeRecord({
          agency,
          year: 2020,
          template: '2019',
          overrides: { 'requests.granted.total': 6, 'requests.handled_total.total': 12 },
        }),
        { sourceUrl: 'http://t/panel/2020', extractorVersion: V1 },
      );
      await loadReport(
        db,
        makeRecord({
          agency,
          year: 2021,
          overrides: { 'requests.granted.total': 9, 'requests.handled_total.total': 12 },
        }),
        { sourceUrl: 'http://t/panel/2021', extractorVersion: V1 },
      );
      await loadReport(db, makeRecord({ agency, year: 2023 }), {
        sourceUrl: 'http://t/panel/2023',
        extractorVersion: V1,
      });
      const id = (
        await db.query<{ agency_id: number }>('SELECT agency_id FROM report_list WHERE report_id = $1', [
          r20.reportId,
        ])
      )[0]!.agency_id;
      const panel = await db.query<{
        year: number;
        grant_rate: string;
        granted: string;
        handled_total: string;
      }>(
        'SELECT year, grant_rate, granted, handled_total FROM agency_year WHERE agency_id = $1 ORDER BY year',
        [id],
      );
      expect(panel.map((p) => [p.year, num(p.grant_rate)])).toEqual([
        [2020, 0.5],
        [2021, 0.75],
        [2023, expect.any(Number)],
      ]);
      const change = await db.query<{
        year: number;
        prev_year: number | null;
        grant_rate_change: string | null;
        granted_change: string | null;
      }>(
        'SELECT year, prev_year, grant_rate_change, granted_change FROM agency_year_change WHERE agency_id = $1 ORDER BY year',
        [id],
      );
      expect(
        change.map((c) => [c.year, c.prev_year, num(c.grant_rate_change), num(c.granted_change)]),
      ).toEqual([
        [2020, null, null, null],
        [2021, 2020, 0.25, 3],
        [2023, null, null, null],
      ]);
      const coverage = await db.query<{ year: number; published: boolean; tables_read: number }>(
        'SELECT year, published, tables_read FROM agency_coverage WHERE agency_id = $1 AND year BETWEEN 2020 AND 2023 ORDER BY year',
        [id],
      );
      expect(coverage.map((c) => [c.year, c.published, Number(c.tables_read)])).toEqual([
        [2020, true, 3],
        [2021, true, 3],
        [2022, false, 0],
        [2023, true, 3],
      ]);
      // Every agency × year of the panel is one row.
      const dup = await db.query('SELECT agency_id, year FROM agency_year GROUP BY 1, 2 HAVING count(*) > 1');
      expect(dup).toEqual([]);
    });

    it('concurrent loads of one report agree on a single current revision', async () => {
      const rec = makeRecord({ agency: '并发县统计局', year: 2022 });
      const ctx = { sourceUrl: 'http://t/concurrent', extractorVersion: V1 };
      const outcomes = await Promise.all([
        loadReport(db, rec, ctx),
        loadReport(db, rec, ctx),
        loadReport(db, rec, ctx),
      ]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['inserted', 'unchanged', 'unchanged']);
      expect(new Set(outcomes.map((o) => o.reportId)).size).toBe(1);
      expect(await count("reports WHERE source_url = 'http://t/concurrent'")).toBe(1);
    });

    it('loads report files through the extractor and records extraction failures', async () => {
      const { extractBytes, EXTRACTOR_VERSION } = await import('../../../extractors/index.ts');
      const dir = mkdtempSync(join(tmpdir(), 'xxgk-files-'));
      const good = join(dir, '004.txt');
      writeFileSync(good, readFileSync(`${SEED_DIR}/${seeds[4]!.file}`));
      const bad = join(dir, 'bad.pdf');
      writeFileSync(bad, 'not a pdf at all');
      // Readable text, but no annual report: nothing of it is loaded (no report without agency or year).
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, '会议通知\n请各单位于周五前报送材料。\n');
      const reportsBefore = await count('reports');
      const summary = await loadFiles(db, [dir], {
        extract: extractBytes,
        extractorVersion: EXTRACTOR_VERSION,
      });
      expect(summary.loaded).toHaveLength(1);
      expect(summary.loaded[0]).toMatchObject({ file: good, outcome: 'inserted' });
      loadedFileReport = summary.loaded[0]!.reportId;
      expect(summary.failed.map((f) => f.file)).toEqual([bad, notes]);
      expect(summary.failed[0]!.reason.length).toBeGreaterThan(0);
      expect(summary.failed[1]).toMatchObject({ code: 'load.not_a_report' });
      expect(summary.failed[1]!.reason).toMatch(
        /^load\.not_a_report: not an annual report, nothing loaded \(.*table/,
      );
      expect(await count('reports')).toBe(reportsBefore + 1);
      const row = await db.query<{ agency: string; year: number; source_url: string }>(
        'SELECT agency, year, source_url FROM report_list WHERE report_id = $1',
        [summary.loaded[0]!.reportId],
      );
      expect(row[0]!.source_url).toBe(pathToFileURL(good).href);
      expect(row[0]!.year).toBe(2021);
      const failures = await db.query<{ url: string; code: string }>(
        'SELECT d.url, f.code FROM extraction_failures f JOIN documents d ON d.id = f.document_id WHERE d.url = $1',
        [pathToFileURL(bad).href],
      );
      expect(failures).toHaveLength(1);
      // Listed for `reextract --failed` like a crawled page the extractor found no table in.
      const notesFailure = await db.query<{ code: string }>(
        'SELECT f.code FROM extraction_failures f JOIN documents d ON d.id = f.document_id WHERE d.url = $1',
        [pathToFileURL(notes).href],
      );
      expect(notesFailure.map((f) => f.code)).toEqual(['load.not_a_report']);
      // A folder with no report file in it is said to be so, not a silent `0 loaded`.
      const empty = mkdtempSync(join(tmpdir(), 'xxgk-empty-'));
      writeFileSync(join(empty, 'readme.md'), '# notes');
      await expect(
        loadFiles(db, [empty], { extract: extractBytes, extractorVersion: EXTRACTOR_VERSION }),
      ).rejects.toThrow(`load: no report file in ${empty} (looked for .txt`);
      // An injected extractor: the loader does not depend on extractors/ itself.
      const tiny = join(dir, 'tiny.txt');
      writeFileSync(tiny, 'tiny');
      const viaStub = await loadFiles(db, [tiny], {
        extract: () => makeRecord({ agency: '注入县测试局', year: 2020 }),
        extractorVersion: 'stub',
      });
      expect(viaStub.loaded.map((l) => l.outcome)).toEqual(['inserted']);
    });

    it('every cell of report_cells names its source position and stored document', async () => {
      const rows = await db.query<{ n: string; sourced: string; with_doc: string }>(
        `SELECT count(*) AS n, count(source_table) AS sourced,
                count(*) FILTER (WHERE document_sha256 = (SELECT sha256 FROM documents d JOIN reports r ON r.document_id = d.id WHERE r.id = c.report_id)) AS with_doc
         FROM report_cells c WHERE report_id = $1`,
        [loadedFileReport],
      );
      expect(Number(rows[0]!.n)).toBeGreaterThan(100);
      expect(Number(rows[0]!.sourced)).toBeGreaterThan(Number(rows[0]!.n) * 0.9);
      expect(Number(rows[0]!.with_doc)).toBe(Number(rows[0]!.n));
      const run = await db.query<{ input_sha256: string; extractor_version: string }>(
        'SELECT input_sha256, extractor_version FROM report_runs WHERE report_id = $1',
        [loadedFileReport],
      );
      expect(run[0]!.input_sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('traces every cell of a loaded file to the source line holding its raw text', async () => {
      const t = await traceReport(db, loadedFileReport);
      expect(t.document?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(t.problem).toBeNull();
      expect(t.cells.length).toBeGreaterThan(100);
      expect(t.counts).toMatchObject({
        mismatch: 0,
        unconfirmed: 0,
        ambiguous: 0,
        not_found: 0,
        unplaced: 0,
      });
      expect(t.counts.traced).toBe(t.cells.length);
      for (const c of t.cells) {
        expect(
          c.found === c.raw || c.found!.split(/\s+/).includes(c.raw),
          `${c.table}.${c.row}.${c.col}`,
        ).toBe(true);
        const at = c.context.find((l) => l.line === c.line);
        expect(at, `${c.table}.${c.row}.${c.col}`).toBeDefined();
        if (c.raw !== '') expect(at!.text).toContain(c.raw);
      }
      // Seed 004, one cell per line: （一）予以公开 on line 131, its seven values on 132–138, the total last (by hand).
      const one = await traceReport(db, loadedFileReport, {
        table: 'requests',
        row: 'granted',
        col: 'total',
      });
      expect(one.cells).toHaveLength(1);
      expect(one.cells[0]).toMatchObject({ status: 'traced', raw: '0', value: 0, found: '0', line: 138 });
      expect(one.cells[0]!.row_text).toContain('（一）予以公开');
      expect(formatTrace(one)).toContain(`sha256 ${one.document!.sha256}`);
      await expect(traceReport(db, loadedFileReport, { table: 'requests', row: 'nope' })).rejects.toThrow(
        /has no cell requests nope/,
      );
      await expect(traceReport(db, 987654)).rejects.toThrow(/no report 987654/);
    });

    it('says so when the recorded position does not hold the cell, never showing another line as its source', async () => {
      const where = `report_id = $1 AND table_key = 'requests' AND row_key = 'new_received' AND col_key = 'total'`;
      const [cell] = await db.query<{ raw: string; source_row: number }>(
        `SELECT raw, source_row FROM cells WHERE ${where}`,
        [loadedFileReport],
      );
      try {
        await db.query(`UPDATE cells SET raw = '98765' WHERE ${where}`, [loadedFileReport]);
        const wrongRaw = (
          await traceReport(db, loadedFileReport, { table: 'requests', row: 'new_received', col: 'total' })
        ).cells[0]!;
        expect(wrongRaw.status).toBe('mismatch');
        expect(wrongRaw.line).toBeNull();
        expect(wrongRaw.note).toContain('98765');
        await db.query(`UPDATE cells SET raw = $2, source_row = source_row + 1 WHERE ${where}`, [
          loadedFileReport,
          cell!.raw,
        ]);
        const moved = (
          await traceReport(db, loadedFileReport, { table: 'requests', row: 'new_received', col: 'total' })
        ).cells[0]!;
        // The next row's total is 0 too: its text holds the raw, but the extractor reads the cell elsewhere.
        expect(moved.status).toBe('unconfirmed');
        expect(moved.line).toBeNull();
        await db.query(`UPDATE cells SET source_row = 999 WHERE ${where}`, [loadedFileReport]);
        const gone = (
          await traceReport(db, loadedFileReport, { table: 'requests', row: 'new_received', col: 'total' })
        ).cells[0]!;
        expect(gone.status).toBe('not_found');
      } finally {
        await db.query(`UPDATE cells SET raw = $2, source_row = $3 WHERE ${where}`, [
          loadedFileReport,
          cell!.raw,
          cell!.source_row,
        ]);
      }
      // A record loaded without a document is traced to nothing, and says why.
      const noDoc = await loadReport(db, makeRecord({ agency: '无文件县统计局', year: 2021 }), {
        sourceUrl: 'http://t/no-doc',
        extractorVersion: V1,
      });
      const t = await traceReport(db, noDoc.reportId);
      expect(t.problem).toMatch(/no stored document/);
      expect(t.counts.traced).toBe(0);
      expect(t.counts.not_found).toBe(t.cells.length);
    });

    it('a scanned report: each OCR cell placed on its page and box, the uncertain one saying what was read; replaced with the cells', async () => {
      const scanned = (version: number) => {
        const r = makeRecord({ agency: '扫描县统计局', year: 2022, seed: version });
        r.cells = r.cells.map((c, i) => ({
          ...c,
          source: { ...c.source!, page: 1 + (i % 2), box: [100 + i, 200 + version, 40, 20], confidence: 91 },
        }));
        const low = r.cells.find((c) => c.table === 'requests' && c.row === 'granted' && c.col === 'total')!;
        low.value = null;
        low.raw = '1?';
        r.findings = [
          {
            code: 'ocr.low_confidence',
            severity: 'warning',
            table: 'requests',
            row: 'granted',
            col: 'total',
            message:
              'requests granted/total: OCR read "1?" (page 2 at (140,201)), readings disagree: left empty',
          },
        ];
        return r;
      };
      const first = await loadReport(db, scanned(1), { sourceUrl: 'http://t/scan', extractorVersion: V1 });
      const count = async (id: number) =>
        Number(
          (
            await db.query<{ n: string }>('SELECT count(*) AS n FROM cell_scans WHERE report_id = $1', [id])
          )[0]!.n,
        );
      const t = await traceReport(db, first.reportId);
      expect(t.counts.scanned).toBe(t.cells.length);
      expect(await count(first.reportId)).toBe(t.cells.length);
      const one = t.cells.find(
        (c) => c.table === 'active' && c.row === t.cells[0]!.row && c.col === t.cells[0]!.col,
      )!;
      expect(one.scan).toMatchObject({ box: [expect.any(Number), 201, 40, 20], confidence: 91 });
      expect(one.note).toMatch(
        /^page [12], box at \(\d+,201\) 40×20 px of the page image, OCR confidence 91$/,
      );
      const low = t.cells.find((c) => c.table === 'requests' && c.row === 'granted' && c.col === 'total')!;
      expect(low).toMatchObject({ status: 'scanned', value: null, raw: '1?' });
      expect(low.note).toContain('uncertain: requests granted/total: OCR read "1?"');
      expect(formatTrace(t)).toContain(`${t.cells.length} placed on their scanned page (OCR)`);
      // Read again by a new extractor: the same report replaced, its places with it.
      const again = await loadReport(db, scanned(2), { sourceUrl: 'http://t/scan', extractorVersion: V2 });
      expect(again).toMatchObject({ reportId: first.reportId, outcome: 'replaced' });
      const boxes = await db.query<{ box: number[] }>('SELECT box FROM cell_scans WHERE report_id = $1', [
        first.reportId,
      ]);
      expect(boxes.length).toBe(t.cells.length);
      expect(new Set(boxes.map((b) => Number(b.box[1])))).toEqual(new Set([202]));
    });

    it('shows a report as its three tables with its findings', async () => {
      const s = await showReport(db, loadedFileReport);
      expect(s.tables.map((t) => [t.table, t.template])).toEqual([
        ['active', '2019'],
        ['requests', '2019'],
        ['appeals', '2019'],
      ]);
      const cells = await db.query<{
        table_key: string;
        row_key: string;
        col_key: string;
        value: string | null;
      }>('SELECT table_key, row_key, col_key, value FROM cells WHERE report_id = $1', [loadedFileReport]);
      expect(
        s.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + Object.keys(r.cells).length, 0), 0),
      ).toBe(cells.length);
      for (const c of cells) {
        const row = s.tables.find((t) => t.table === c.table_key)!.rows.find((r) => r.key === c.row_key)!;
        expect(row.cells[c.col_key]!.value).toBe(c.value === null ? null : Number(c.value));
      }
      const granted = s.tables[1]!.rows.find((r) => r.key === 'granted')!;
      expect(granted.label).toBe('（一）予以公开');
      const findings = await count('report_findings WHERE report_id = $1', [loadedFileReport]);
      expect(s.findings).toHaveLength(findings);
      const text = formatReport(s);
      expect(text).toContain('三、收到和处理政府信息公开申请情况 (requests, 2019 template)');
      expect(text).toContain('行政复议 结果维持');
      expect(text).toContain(`findings (${findings})`);
      await expect(showReport(db, 987654)).rejects.toThrow(/no report 987654/);
    });

    it('rejects an invalid record with a message naming it, and writes nothing', async () => {
      const before = await count('reports');
      const bad = { ...makeRecord({ agency: 'x', year: 2020 }), status: 'weird' } as never;
      await expect(loadReport(db, bad, { sourceUrl: 'http://t/bad', extractorVersion: V1 })).rejects.toThrow(
        /http:\/\/t\/bad.*status/,
      );
      const badDate = makeRecord({ agency: 'x', year: 2020, publishedOn: '2021年1月32日' });
      await expect(
        loadReport(db, badDate, { sourceUrl: 'http://t/bad-date', extractorVersion: V1 }),
      ).rejects.toThrow(/http:\/\/t\/bad-date: meta.published_on "2021年1月32日"/);
      expect(await count('reports')).toBe(before);
    });

    it('keeps pipeline bookkeeping: refs, fetch and extraction failures, crawl runs', async () => {
      const sid = await upsertSource(db, {
        name: 'gzjkq',
        baseUrl: 'http://127.0.0.1:1/',
        region: '赣州经开区',
      });
      expect(await upsertSource(db, { name: 'gzjkq', baseUrl: 'http://127.0.0.1:1/' })).toBe(sid);
      const ref = {
        sourceName: 'gzjkq',
        url: 'http://127.0.0.1:1/a.shtml',
        title: '年报',
        listDate: '2021-01-20',
        kind: 'detail' as const,
      };
      expect((await upsertDocumentRef(db, ref)).created).toBe(true);
      expect((await upsertDocumentRef(db, ref)).created).toBe(false);
      await recordFetchFailure(db, { sourceName: 'gzjkq', url: ref.url, code: 'http.5xx', reason: '503' });
      await recordFetchFailure(db, {
        sourceName: 'gzjkq',
        url: ref.url,
        code: 'http.5xx',
        reason: '503 again',
      });
      const failed = await db.query<{ attempts: number; reason: string }>(
        'SELECT attempts, reason FROM fetch_failures WHERE url = $1',
        [ref.url],
      );
      expect(failed).toEqual([{ attempts: 2, reason: '503 again' }]);
      expect((await listDocumentRefs(db, { state: 'failed' })).map((r) => r.url)).toEqual([ref.url]);
      const failedBefore = (await datasetCounts(db)).failed;
      await recordExtractionFailure(db, {
        documentId: seedDocs.get(seeds[2]!.file)!,
        extractorVersion: V1,
        code: 'table.missing',
        message: 'no table',
      });
      expect((await datasetCounts(db)).failed).toBe(failedBefore + 1);
      const run = await startCrawlRun(db, { sourceName: 'gzjkq', mode: 'incremental' });
      await addCrawlCounts(db, run, { discovered: 3, fetched: 2 });
      await addCrawlCounts(db, run, { fetched: 1, failed: 1 });
      await finishCrawlRun(db, run, { status: 'done' });
      expect(await getCrawlRun(db, run)).toMatchObject({
        mode: 'incremental',
        status: 'done',
        discovered: 3,
        fetched: 3,
        failed: 1,
      });
    });

    it('records a list page of refs in one batch: new ones, known ones, duplicates', async () => {
      const url = (n: number) => `http://127.0.0.1:1/batch/${n}.shtml`;
      const ref = (n: number) => ({
        sourceName: 'gzjkq',
        url: url(n),
        title: `年报${n}`,
        kind: 'detail' as const,
      });
      expect((await upsertDocumentRef(db, ref(1))).created).toBe(true);
      await setDocumentRefState(db, url(1), 'fetched');
      const got = await upsertDocumentRefs(db, [
        ref(3),
        ref(1),
        { ...ref(2), listDate: '2024-03-01' },
        ref(3),
      ]);
      // One answer per input, in input order; the duplicate URL counts once.
      expect(got).toEqual([
        { url: url(3), created: true, state: 'new' },
        { url: url(1), created: false, state: 'fetched' },
        { url: url(2), created: true, state: 'new' },
        { url: url(3), created: true, state: 'new' },
      ]);
      expect(await count('document_refs WHERE url LIKE $1', ['http://127.0.0.1:1/batch/%'])).toBe(3);
      const again = await upsertDocumentRefs(db, [ref(2), ref(3)]);
      expect(again.map((r) => r.created)).toEqual([false, false]);
      const two = (await listDocumentRefs(db, { sourceName: 'gzjkq' })).find((r) => r.url === url(2));
      expect(two?.list_date).toBe('2024-03-01');
      expect(await upsertDocumentRefs(db, [])).toEqual([]);
      // What the incremental stop rule decides on (pipeline/stages/stop-rule.ts).
      expect((await refSighting(db, url(1)))?.state).toBe('fetched');
      expect((await refSighting(db, url(2)))?.state).toBe('new');
      expect(await refSighting(db, url(99))).toBeNull();
      const run = await startCrawlRun(db, { sourceName: 'gzjkq', mode: 'incremental' });
      const runStart = (await getCrawlRun(db, run))!.started_at;
      await upsertDocumentRefs(db, [ref(4)]);
      await setDocumentRefState(db, url(4), 'fetched');
      expect((await refSighting(db, url(1)))!.firstSeen < runStart).toBe(true);
      expect((await refSighting(db, url(4)))!.firstSeen >= runStart).toBe(true);
    });

    it('hands extractions from extract to load by row id', async () => {
      const record = makeRecord({ agency: '赣州经开区交接测试局', year: 2023 });
      const documentId = seedDocs.get(seeds[0]!.file)!;
      const id = await saveExtraction(db, { documentId, extractorVersion: V1, record });
      const back = await getExtraction(db, id);
      expect(back).toEqual({ documentId, extractorVersion: V1, record: JSON.parse(JSON.stringify(record)) });
      expect(await getExtraction(db, id + 100_000)).toBeNull();
    });

    it('records retry runs as such, refuses unknown modes, and accumulates run errors', async () => {
      const run = await startCrawlRun(db, { sourceName: 'gzjkq', mode: 'retry' });
      expect((await getCrawlRun(db, run))?.mode).toBe('retry');
      const runs = await count('crawl_runs');
      await expect(startCrawlRun(db, { sourceName: 'gzjkq', mode: 'nightly' as never })).rejects.toThrow();
      expect(await count('crawl_runs')).toBe(runs);
      await noteCrawlRunError(db, run, 'lists failed: a');
      await noteCrawlRunError(db, run, 'lists failed: b');
      expect((await getCrawlRun(db, run))?.error).toBe('lists failed: a; lists failed: b');
    });

    it('refuses writes in read-only queries', async () => {
      const ok = await readOnlyQuery(db, 'SELECT agency, year FROM report_list ORDER BY report_id LIMIT 2');
      expect(ok.columns).toEqual(['agency', 'year']);
      expect(ok.rows).toHaveLength(2);
      const before = await count('cells');
      await expect(readOnlyQuery(db, 'DELETE FROM cells')).rejects.toThrow(/only queries/);
      // A write hidden in a query reaches the server, which refuses it (READ ONLY and/or xxgk_reader).
      await expect(
        readOnlyQuery(db, 'WITH d AS (DELETE FROM cells RETURNING 1) SELECT count(*) FROM d'),
      ).rejects.toThrow(/read-only|permission denied/);
      await expect(
        readOnlyQuery(
          db,
          "WITH i AS (INSERT INTO sources (name, base_url) VALUES ('x', 'y') RETURNING 1) SELECT * FROM i",
        ),
      ).rejects.toThrow(/read-only|permission denied/);
      await expect(
        readOnlyQuery(db, "SELECT set_config('default_transaction_read_only', 'off', false)"),
      ).resolves.toBeDefined();
      await expect(readOnlyQuery(db, 'SELECT 1; DELETE FROM cells')).rejects.toThrow(/multiple commands/);
      await expect(readOnlyQuery(db, 'COMMIT')).rejects.toThrow(/only queries/);
      await expect(readOnlyQuery(db, '/* x */ SET ROLE postgres')).rejects.toThrow(/only queries/);
      expect((await readOnlyQuery(db, '-- hi\n(SELECT 1 AS one)')).rows).toEqual([{ one: 1 }]);
      expect(await count('cells')).toBe(before);
    });

    it('the xxgk_reader role can read but not write', async () => {
      const asReader = <T>(sql: string) =>
        db.transaction(async (tx) => {
          await tx.query('SET LOCAL ROLE xxgk_reader');
          return tx.query<T>(sql);
        });
      const rows = await asReader<{ n: string }>('SELECT count(*) AS n FROM report_list');
      expect(Number(rows[0]!.n)).toBeGreaterThan(0);
      expect(
        Number((await asReader<{ n: string }>('SELECT count(*) AS n FROM cells'))[0]!.n),
      ).toBeGreaterThan(0);
      await expect(asReader("INSERT INTO sources (name, base_url) VALUES ('r', 'r')")).rejects.toThrow(
        /permission denied/,
      );
      await expect(asReader('UPDATE reports SET title = NULL')).rejects.toThrow(/permission denied/);
      await expect(asReader('DELETE FROM cells')).rejects.toThrow(/permission denied/);
      await expect(asReader('CREATE TABLE evil (x int)')).rejects.toThrow(/permission denied/);
    });

    it('writes a codebook: every view column with its type and description, every key, every finding code', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xxgk-codebook-'));
      const { csv, markdown, entries } = await writeCodebook(db, dir);
      const cols = await db.query<{ view: string; column: string; type: string }>(
        `SELECT table_name AS view, column_name AS column, data_type AS type FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
        [[...PUBLIC_VIEWS]],
      );
      const columns = entries.filter((e) => e.kind === 'column');
      expect(columns.map((e) => `${e.object}.${e.name}:${e.type}`).sort()).toEqual(
        cols.map((c) => `${c.view}.${c.column}:${c.type}`).sort(),
      );
      for (const e of columns) {
        expect(e.label_zh, `${e.object}.${e.name}`).toMatch(/\p{Script=Han}/u);
        expect(e.meaning, `${e.object}.${e.name}`).toMatch(/[A-Za-z]{3}/);
      }
      expect(entries.filter((e) => e.kind === 'view').map((e) => e.object)).toEqual([...PUBLIC_VIEWS]);
      // Every key the dataset holds, and every key of every template, is explained.
      const keys = await db.query<{ table_key: string; row_key: string; col_key: string }>(
        'SELECT DISTINCT table_key, row_key, col_key FROM report_cells',
      );
      const has = (kind: string, table: string, name: string) =>
        entries.some((e) => e.kind === kind && e.object === table && e.name === name && e.label_zh !== '');
      for (const k of keys) {
        expect(has('row', k.table_key, k.row_key), `${k.table_key} row ${k.row_key}`).toBe(true);
        expect(has('col', k.table_key, k.col_key), `${k.table_key} col ${k.col_key}`).toBe(true);
      }
      for (const table of ['active', 'requests', 'appeals'] as const)
        for (const v of ['2019', '2021'] as const) {
          const t = TEMPLATES[table][v];
          for (const r of t.rows) expect(has('row', table, r.key), `${table} ${r.key}`).toBe(true);
          for (const c of Object.keys(t.columns)) expect(has('col', table, c), `${table} ${c}`).toBe(true);
          for (const r of t.rows)
            expect(
              entries.some(
                (e) => e.kind === 'row' && e.object === table && e.name === r.key && e.templates.includes(v),
              ),
            ).toBe(true);
        }
      const codes = await db.query<{ code: string }>('SELECT DISTINCT code FROM report_findings');
      expect(codes.length).toBeGreaterThan(3);
      for (const { code } of codes) expect(has('finding', 'report_findings', code), code).toBe(true);
      const csvText = readFileSync(csv, 'utf8');
      expect(csvText.charCodeAt(0)).toBe(0xfeff);
      expect(csvText.trimEnd().split('\r\n')).toHaveLength(entries.length + 1);
      const md = readFileSync(markdown, 'utf8');
      expect(md).toContain('### `agency_year` — 机关年度面板');
      expect(md).toContain('| `grant_rate` | numeric | 公开率 |');
      expect(md).toContain(
        '| `denied_state_secret` | 2019, 2021 | 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密 |',
      );
      expect(md).toContain('| `years.carry_over` | warning |');
    });

    it('runs every SQL example of the READMEs', async () => {
      const examples = readmeSqlExamples();
      expect(examples.length).toBeGreaterThanOrEqual(6);
      for (const { file, sql } of examples) {
        const r = await readOnlyQuery(db, sql).catch((e: Error) => {
          throw new Error(`${file}: ${sql}\n→ ${e.message}`);
        });
        // Ran: every name it uses exists (an empty answer has no columns to show).
        expect(Array.isArray(r.rows), `${file}: ${sql}`).toBe(true);
      }
    });

    it('exports every view as CSV with BOM and readable Parquet', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xxgk-export-'));
      // Small pages: several cursor fetches and Parquet row groups per view.
      const files = await exportViews(db, dir, { pageSize: 300 });
      expect(files.map((f) => f.view)).toContain('report_cells');
      const cellCount = Number(
        (await db.query<{ n: string }>('SELECT count(*) AS n FROM report_cells'))[0]!.n,
      );
      expect(files.find((f) => f.view === 'report_cells')!.rows).toBe(cellCount);
      expect(cellCount).toBeGreaterThan(900);
      for (const f of files) {
        const csv = readFileSync(f.csv);
        expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
        expect(lines.length).toBe(f.rows + 1);
        const buf = readFileSync(f.parquet);
        const objects = await parquetReadObjects({
          file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
        });
        expect(objects).toHaveLength(f.rows);
      }
      const list = files.find((f) => f.view === 'report_list')!;
      expect(readFileSync(list.csv, 'utf8')).toContain('赣州经开区机关事务管理中心');
      const buf = readFileSync(list.parquet);
      const objs = await parquetReadObjects({
        file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      });
      expect(objs.map((o) => o.agency)).toContain('聊城市市场监督管理局');
      const cellsPq = readFileSync(files.find((f) => f.view === 'report_cells')!.parquet);
      const cellObjs = await parquetReadObjects({
        file: cellsPq.buffer.slice(cellsPq.byteOffset, cellsPq.byteOffset + cellsPq.byteLength),
      });
      expect(cellObjs.some((o) => o.value === 4242)).toBe(true);
    });
  });
}

/** Every query a README shows: ```sql blocks (statements split at `;`) and `xxgk sql "…"` lines. */
export function readmeSqlExamples(): Array<{ file: string; sql: string }> {
  const root = join(import.meta.dirname, '../../..');
  const out: Array<{ file: string; sql: string }> = [];
  for (const file of ['README.md', 'db/README.md']) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/```sql\n([\s\S]*?)```/g))
      for (const stmt of m[1]!.split(/;\s*(?:\n|$)/))
        if (stmt.replace(/--[^\n]*/g, '').trim()) out.push({ file, sql: stmt.trim() });
    for (const m of text.matchAll(/xxgk sql (?:--\w+ )*"([^"]+)"/g))
      if (!m[1]!.includes('…')) out.push({ file, sql: m[1]! });
  }
  return out;
}
