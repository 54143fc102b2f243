/**
 * The mangled corpus's scoring of cells cut out of the input ("absent"): such a cell is absent
 * only when it is null and a `table.missing` finding names its row or table; a number or an
 * unexplained null is wrong. The `shared-rows-only` damage names exactly the rows it cuts.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import type { ReportRecord } from '../../../../extractors/record.ts';
import { generateReport } from '../../../support/generate.ts';
import { mangle } from '../../../support/mangle/registry.ts';
import { scoreRecord } from '../../../support/mangle/score.ts';

describe('absent cells', () => {
  const report = generateReport(7, { year: 2022, dense: true });
  const m = mangle(report, 'pipe', ['shared-rows-only'], 7);

  it('shared-rows-only names the rows it cuts, and only those are gone from the text', () => {
    expect(m.absent.map((a) => a.row).sort()).toEqual(
      ['other_misc', 'other_no_correction', 'other_subtotal', 'other_unpaid_fee'].sort(),
    );
    expect(m.text).not.toContain('逾期不补正');
    expect(m.text).toContain('（七）总计');
    expect(m.text).toContain('2.重复申请');
  });

  it('the extractor leaves them null with their table.missing finding: absent, not wrong', () => {
    const s = scoreRecord(extractText(m.text), m.report, m.absent);
    expect(s.wrong).toBe(0);
    expect(s.absent).toBeGreaterThan(0);
    expect(s.absent % 7).toBe(0);
  });

  it('a null without the finding, or a number, in a cut row is wrong', () => {
    const record = extractText(m.text);
    const noFinding: ReportRecord = {
      ...record,
      findings: record.findings.filter((f) => f.code !== 'table.missing'),
    };
    const s1 = scoreRecord(noFinding, m.report, m.absent);
    expect(s1.absent).toBe(0);
    expect(s1.wrong).toBeGreaterThan(0);
    const cell = record.cells.find((c) => c.table === 'requests' && c.row === 'other_misc');
    const filled: ReportRecord = {
      ...record,
      cells: cell
        ? record.cells.map((c) => (c === cell ? { ...c, value: 1 } : c))
        : [
            ...record.cells,
            { table: 'requests', row: 'other_misc', col: 'total', value: 1, raw: '1', source: null },
          ],
    };
    expect(scoreRecord(filled, m.report, m.absent).wrong).toBeGreaterThan(0);
  });
});
