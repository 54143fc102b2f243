/**
 * The identity findings (balance, row_sum, handled_sum, appeals.total) follow the numbers, not
 * the shape: consistent reports raise none, perturbed ones raise exactly what the values break,
 * in every shape. Consistent reports with every cell present are `ok`.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { findingKeys } from '../../../support/compare.ts';
import { generateReport } from '../../../support/generate.ts';
import { IDENTITY_CODES, identityFindingKeys } from '../../../support/identities.ts';
import { SHAPES } from '../../../support/render/index.ts';

const consistent = [
  ...Array.from({ length: 6 }, (_, i) => generateReport(2000 + i)),
  // Subtotal rows must not be counted twice in handled_sum.
  generateReport(2100, { subtotals: true, year: 2020 }),
  generateReport(2101, { subtotals: true, year: 2023 }),
];
const broken = Array.from({ length: 6 }, (_, i) => generateReport(3000 + i, { consistent: false }));

describe.each(Object.entries(SHAPES))('shape %s', (_shape, render) => {
  it('consistent reports: no identity findings, no errors, status ok', () => {
    for (const report of consistent) {
      const record = extractText(render(report));
      const identity = record.findings.filter((f) => IDENTITY_CODES.includes(f.code));
      expect(identity.map((f) => `${f.code} ${f.row ?? ''} ${f.col ?? ''}`)).toEqual([]);
      expect(record.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(record.status).toBe('ok');
    }
  });

  it('perturbed reports: exactly the broken identities', () => {
    for (const report of broken) {
      const expected = identityFindingKeys(report);
      expect(expected.length).toBeGreaterThan(0);
      const record = extractText(render(report));
      const actual = findingKeys(record.findings.filter((f) => IDENTITY_CODES.includes(f.code)));
      expect(actual).toEqual(expected);
    }
  });
});

describe.each(Object.entries(SHAPES))('shape %s: report-level findings', (_shape, render) => {
  it('text.mismatch only when the prose states a figure the table contradicts', () => {
    for (const report of consistent.slice(0, 3)) {
      const agrees = extractText(render(report));
      expect(agrees.findings.filter((f) => f.code === 'text.mismatch')).toEqual([]);
      const n = report.values.requests.new_received!.total as number;
      const wrong = structuredClone(report);
      wrong.prose.overview = wrong.prose.overview.replace(
        `本年新收政府信息公开申请${n}件`,
        `本年新收政府信息公开申请${n + 3}件`,
      );
      expect(wrong.prose.overview).toContain(`${n + 3}件`);
      const record = extractText(render(wrong));
      expect(record.findings.map((f) => f.code)).toContain('text.mismatch');
    }
  });

  it('meta.late follows the date the report is signed with (deadline 31 January)', () => {
    for (const [published_on, late] of [
      ['2021-01-31', false],
      ['2021-02-01', true],
      ['2021-06-15', true],
      ['2021-01-05', false],
    ] as const) {
      const report = generateReport(4000, { year: 2020 });
      report.meta.published_on = published_on;
      const record = extractText(render(report));
      expect(record.meta.published_on).toBe(published_on);
      expect(
        record.findings.some((f) => f.code === 'meta.late'),
        published_on,
      ).toBe(late);
    }
  });
});

describe.each(Object.entries(SHAPES))('shape %s: cell-level findings', (_shape, render) => {
  it('value.unreadable: `约30` and `30余` stay null and are flagged at their cell', () => {
    const report = generateReport(4100, { year: 2020 });
    report.values.active.licensing!.decisions = null;
    report.values.active.penalty!.prev_count = null;
    report.raws = {
      ...report.raws,
      active: { ...report.raws?.active, licensing: { decisions: '约30' }, penalty: { prev_count: '30余' } },
    };
    const record = extractText(render(report));
    const cell = (row: string, col: string) =>
      record.cells.find((c) => c.table === 'active' && c.row === row && c.col === col);
    expect(cell('licensing', 'decisions')?.value).toBeNull();
    expect(cell('penalty', 'prev_count')?.value).toBeNull();
    const keys = findingKeys(record.findings);
    expect(keys).toContain('value.unreadable|active|licensing|decisions');
    expect(keys).toContain('value.unreadable|active|penalty|prev_count');
  });

  it('value.negative: a count below zero is kept and flagged, a negative change is not', () => {
    const report = generateReport(4200, { year: 2020 });
    report.values.active.licensing!.decisions = -5;
    report.values.active.penalty!.change = -3;
    report.raws = { ...report.raws, active: { ...report.raws?.active, licensing: {}, penalty: {} } };
    const record = extractText(render(report));
    const cell = (row: string, col: string) =>
      record.cells.find((c) => c.table === 'active' && c.row === row && c.col === col);
    expect(cell('licensing', 'decisions')?.value).toBe(-5);
    expect(cell('penalty', 'change')?.value).toBe(-3);
    const keys = findingKeys(record.findings);
    expect(keys).toContain('value.negative|active|licensing|decisions');
    expect(keys).not.toContain('value.negative|active|penalty|change');
  });
});
