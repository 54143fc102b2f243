/**
 * Issue 12's remaining damage kinds, read for the class (every base and report the mangler makes
 * gives them; these pin the behaviour on a few generated reports):
 * - a heading printed inside a table (`（续表）`, `（单位：件）`, a table title) in text from .docx
 *   (tab-indented cells): not a continuation of the value before it;
 * - two stray lines in a one-cell-per-line stream with separator lines: the row they cut is joined;
 * - `white-space:pre-wrap` paragraphs whose cells are on lines of their own (no <br>);
 * - a portal metadata <table> printed in traditional characters (索引號, 發佈機構) is chrome.
 * Every cell right; where that is not certain, null with a finding — never a wrong number.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { tabCells } from '../../../extractors/tokenize/tab-cells.ts';
import { expectedCells, generateReport } from '../../support/generate.ts';
import { mangle } from '../../support/mangle/registry.ts';
import { scoreRecord } from '../../support/mangle/score.ts';

const SEEDS = [3, 11, 29, 47, 88];

function allRight(text: string, report: ReturnType<typeof generateReport>) {
  const s = scoreRecord(extractText(text), report);
  expect(s.wrongCells).toEqual([]);
  expect(s.missing).toBe(0);
  expect(s.right).toBe(expectedCells(report).length);
}

describe('headings printed inside a table', () => {
  it.each(SEEDS)('tab-indented cells with （续表） / a unit note after a value (seed %i)', (seed) => {
    const report = generateReport(seed, { dense: true });
    const m = mangle(report, 'cell-per-line-tab', [], seed);
    const lines = m.text.split('\n');
    // After the 5th value of every table row of the requests table, a note line without the tab.
    const out: string[] = [];
    let inRequests = false;
    let values = 0;
    for (const l of lines) {
      if (/^\S.*收到和处理/.test(l)) inRequests = true;
      if (/^\S.*复议/.test(l)) inRequests = false;
      out.push(l);
      if (inRequests && /^\t\d+$/.test(l) && ++values % 5 === 0)
        out.push(values % 10 ? '（续表）' : '（单位：件）');
    }
    expect(out.length).toBeGreaterThan(lines.length);
    allRight(out.join('\n'), report);
  });

  it('a note is not glued to the value before it; a unit still is (`1276.55` / `万元`)', () => {
    const cells = (lines: string[]) =>
      tabCells(lines)
        .rows.flat()
        .map((c) => c.text);
    expect(cells(['\t规章', '\t11', '（续表）', '\t40'])).toEqual(['规章', '11', '40']);
    expect(cells(['\t采购总金额', '\t1276.55', '万元', '\t3'])).toEqual(['采购总金额', '1276.55万元', '3']);
    expect(cells(['\t规章', '（市政府令）', '\t11'])).toEqual(['规章（市政府令）', '11']);
  });

  it.each(SEEDS)('two stray lines in a row of a stream with separator lines (seed %i)', (seed) => {
    const report = generateReport(seed, { dense: true });
    const base = mangle(report, 'stream-separators', [], seed).text;
    const lines = base.split('\n');
    const at = lines.findIndex((l) => l.includes('6.属于四类过程性信息'));
    expect(at).toBeGreaterThan(0);
    // Inside the row: after its third value, a table title, a separator, 续表.
    let k = at;
    let seen = 0;
    while (seen < 3) if (/^\d+$/.test(lines[++k] as string)) seen++;
    lines.splice(k + 1, 0, '政府信息公开申请情况统计表（单位：件）', '|', '（续表）');
    allRight(lines.join('\n'), report);
  });
});

describe('pre-wrap paragraphs with literal newlines', () => {
  it.each(SEEDS)('cells on lines of their own, blanks as spaces or &nbsp; (seed %i)', (seed) => {
    const report = generateReport(seed, { dense: seed % 2 === 0 });
    const m = mangle(report, 'html-pre-wrap-newlines', [], seed);
    expect(m.text).toMatch(/white-space/);
    expect(m.text).not.toMatch(/<br>/);
    allRight(m.text, report);
  });
});

describe('a metadata table in traditional characters', () => {
  it.each(SEEDS)('索引號 / 發佈機構 in a <table> inside the report is chrome (seed %i)', (seed) => {
    const report = generateReport(seed);
    const m = mangle(report, 'html-pre-wrap-newlines', ['chrome-meta-table', 'traditional-all'], seed);
    expect(m.text).toMatch(/索引號|發佈機構|發布機構/);
    allRight(m.text, m.report);
  });
});
