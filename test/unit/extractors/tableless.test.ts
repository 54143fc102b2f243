/**
 * Reports without tables are still reports (issue 12), across many generated reports: a 2019+
 * report whose sections hold no table is `failed` (the spec: no table in a report that should
 * have them) with one `table.missing` per table and its meta; a pre-2019 prose report is `ok`
 * with templates `pre2019`. Both are `isReport` (loaded). Inputs that are not reports are not.
 */
import { describe, expect, it } from 'vitest';
import { extractText, isReport } from '../../../extractors/index.ts';
import { NOT_REPORTS, renderTableless, tablelessReport } from '../../support/tableless.ts';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('reports without tables', () => {
  for (const format of ['text', 'html'] as const) {
    it(`2019+ reports whose sections hold no table (${format}): failed, table.missing ×3, meta right, a report`, () => {
      for (const seed of SEEDS) {
        const report = tablelessReport(seed, 'no-tables');
        const r = extractText(renderTableless(report, 'no-tables', format, seed));
        const why = `seed ${seed}`;
        expect(r.status, why).toBe('failed');
        expect(r.templates, why).toEqual({ active: null, requests: null, appeals: null });
        expect(r.cells, why).toEqual([]);
        const missing = r.findings.filter((f) => f.code === 'table.missing').map((f) => f.table);
        expect(missing.sort(), why).toEqual(['active', 'appeals', 'requests']);
        expect(
          r.findings.map((f) => f.code),
          why,
        ).not.toContain('input.not_report');
        expect(r.meta, why).toMatchObject({
          agency: report.meta.agency,
          year: report.meta.year,
          published_on: report.meta.published_on,
        });
        expect(r.sections.overview, why).toContain(report.meta.agency);
        expect(isReport(r), why).toBe(true);
      }
    });

    it(`pre-2019 prose reports (${format}): ok, templates pre2019, meta right, a report`, () => {
      for (const seed of SEEDS) {
        const report = tablelessReport(seed, 'pre2019');
        const r = extractText(renderTableless(report, 'pre2019', format, seed));
        const why = `seed ${seed} (${report.meta.year})`;
        expect(r.status, why).toBe('ok');
        expect(r.templates, why).toEqual({ active: 'pre2019', requests: 'pre2019', appeals: 'pre2019' });
        expect(r.meta, why).toMatchObject({ agency: report.meta.agency, year: report.meta.year });
        expect(isReport(r), why).toBe(true);
      }
    });
  }

  it('the title cut off or missing: still a report (its section headings say so)', () => {
    for (const seed of SEEDS) {
      const report = tablelessReport(seed, 'no-tables');
      const text = renderTableless(report, 'no-tables', 'text', seed).split('\n').slice(1).join('\n');
      const r = extractText(text);
      expect(isReport(r), `seed ${seed}`).toBe(true);
      expect(r.meta.agency, `seed ${seed}`).toBe(report.meta.agency);
      expect(r.meta.year, `seed ${seed}`).toBe(report.meta.year);
    }
  });
});

describe('inputs that are not reports', () => {
  for (const [name, input] of Object.entries(NOT_REPORTS)) {
    it(`${name}: failed, says why, not a report`, () => {
      const r = extractText(input);
      expect(r.status).toBe('failed');
      expect(r.findings.some((f) => f.code === 'input.not_report' || f.code === 'input.challenge')).toBe(
        true,
      );
      expect(isReport(r)).toBe(false);
    });
  }
});
