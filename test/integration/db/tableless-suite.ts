/**
 * A report without tables is loaded and counted as published (issue 12): `xxgk load` over a
 * directory holding an agency's reports of three years, the middle one with no table, plus a
 * captcha page and an unrelated notice. The tableless report is a current report (`failed`, its
 * three `table.missing` findings), agency_coverage shows the agency published that year with no
 * table read; the two non-reports are extraction failures and nothing of them is loaded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, loadFiles, migrate } from '../../../db/index.ts';
import { EXTRACTOR_VERSION, extractBytes } from '../../../extractors/index.ts';
import { generateReport } from '../../support/generate.ts';
import { renderPipe } from '../../support/render/pipe.ts';
import { NOT_REPORTS, renderTableless } from '../../support/tableless.ts';
import type { DbHandle } from './db-suite.ts';

const AGENCY = '无表县档案馆';

export function tablelessSuite(name: string, makeDb: () => Promise<DbHandle>): void {
  describe(`tableless reports are loaded: ${name}`, () => {
    let h: DbHandle;
    let db: Database;
    let dir: string;

    beforeAll(async () => {
      h = await makeDb();
      db = h.db;
      await migrate(db);
      dir = mkdtempSync(join(tmpdir(), 'xxgk-tableless-'));
      const full = (year: number) => renderPipe(generateReport(year, { year, agency: AGENCY }));
      writeFileSync(join(dir, '2020.txt'), full(2020));
      writeFileSync(
        join(dir, '2021.txt'),
        renderTableless(generateReport(2021, { year: 2021, agency: AGENCY }), 'no-tables', 'text', 2021),
      );
      writeFileSync(join(dir, '2022.txt'), full(2022));
      writeFileSync(join(dir, 'captcha.html'), NOT_REPORTS.captcha as string);
      writeFileSync(join(dir, 'notice.html'), NOT_REPORTS['unrelated-notice'] as string);
    });
    afterAll(async () => {
      await h?.cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('loads the reports (the tableless one too), refuses the pages that are not reports', async () => {
      const summary = await loadFiles(db, [dir], {
        extract: extractBytes,
        extractorVersion: EXTRACTOR_VERSION,
      });
      expect(summary.loaded.map((l) => l.file.split('/').pop()).sort()).toEqual([
        '2020.txt',
        '2021.txt',
        '2022.txt',
      ]);
      expect(summary.failed.map((f) => [f.file.split('/').pop(), f.code]).sort()).toEqual([
        ['captcha.html', 'load.not_a_report'],
        ['notice.html', 'load.not_a_report'],
      ]);
      const failures = await db.query<{ url: string }>(
        'SELECT d.url FROM extraction_failures f JOIN documents d ON d.id = f.document_id ORDER BY d.url',
      );
      expect(failures.map((f) => f.url.split('/').pop())).toEqual(['captcha.html', 'notice.html']);
      const reports = await db.query<{ n: string }>('SELECT count(*) AS n FROM reports');
      expect(Number(reports[0]!.n)).toBe(3);
    });

    it('the tableless report is current, failed, with its meta and one table.missing per table', async () => {
      const rows = await db.query<{
        report_id: number;
        agency: string;
        year: number;
        status: string;
        title: string;
      }>('SELECT report_id, agency, year, status, title FROM report_list WHERE year = 2021');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        agency: AGENCY,
        year: 2021,
        status: 'failed',
        title: `${AGENCY}2021年政府信息公开工作年度报告`,
      });
      const findings = await db.query<{ code: string; table_key: string | null }>(
        'SELECT code, table_key FROM report_findings WHERE report_id = $1 ORDER BY code, table_key',
        [rows[0]!.report_id],
      );
      expect(findings.filter((f) => f.code === 'table.missing').map((f) => f.table_key)).toEqual([
        'active',
        'appeals',
        'requests',
      ]);
      const cells = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM report_cells WHERE report_id = $1',
        [rows[0]!.report_id],
      );
      expect(Number(cells[0]!.n)).toBe(0);
    });

    it('agency_coverage: published every year, no table read in 2021', async () => {
      const coverage = await db.query<{
        year: number;
        published: boolean;
        status: string;
        tables_read: string;
        errors: string;
      }>(
        'SELECT year, published, status, tables_read, errors FROM agency_coverage WHERE agency = $1 ORDER BY year',
        [AGENCY],
      );
      expect(
        coverage.map((c) => [c.year, c.published, c.status, Number(c.tables_read), Number(c.errors)]),
      ).toEqual([
        [2020, true, expect.stringMatching(/^(?:ok|partial)$/), 3, expect.any(Number)],
        [2021, true, 'failed', 0, 3],
        [2022, true, expect.stringMatching(/^(?:ok|partial)$/), 3, expect.any(Number)],
      ]);
    });
  });
}
