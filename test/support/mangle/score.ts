/**
 * Scores an extracted record against the truth, per cell (issue 12's three outcomes):
 * - right: the value equals the truth (a blank is right as null);
 * - missing: null where the truth has a number, and a finding says why (the cell's own, its
 *   row's or its table's: table.missing, table.short_row, table.long_row, table.ambiguous_row,
 *   value.unreadable, ocr.low_confidence);
 * - wrong: any other difference — a different number, a number where the truth is blank, or a
 *   null nobody explains. A cell the record leaves out counts like a null.
 * Cells the record has beyond the truth's (another template's rows) are wrong when they hold a
 * number. A finding that is not true is a defect too: `falseFindings` lists template.outdated
 * raised where the truth has no outdated table.
 *
 * A fourth outcome is not the extractor's to win or lose: `absent`, a cell of a row a damage cut
 * out of the input (`Mangled.absent`). It is scored absent when it is null and a `table.missing`
 * finding names its row or table (the record says the row is missing), and wrong otherwise. The
 * right fraction is over the cells present in the input: right / (right + missing + wrong).
 */
import type { Cell, Finding, ReportRecord, TableKey } from '../../../extractors/record.ts';
import { cellKey, sameValue } from '../compare.ts';
import { expectedCells } from '../generate.ts';
import type { GeneratedReport } from '../types.ts';

/** Findings that say why a cell is null. */
export const EXPLAINING_CODES = new Set([
  'table.missing',
  'table.short_row',
  'table.long_row',
  'table.ambiguous_row',
  'value.unreadable',
  'ocr.low_confidence',
]);

export interface CellOutcome {
  key: string;
  outcome: 'right' | 'missing' | 'wrong' | 'absent';
  expected: number | null;
  actual: number | null;
  raw: string | null;
}

export interface Score {
  right: number;
  missing: number;
  wrong: number;
  /** Cells of rows cut out of the input, null with their row's `table.missing` finding. */
  absent: number;
  /** The wrong cells (and extra cells holding numbers), for the failure message. */
  wrongCells: CellOutcome[];
  falseFindings: string[];
}

function explains(f: Finding, c: Pick<Cell, 'table' | 'row' | 'col'>): boolean {
  if (!EXPLAINING_CODES.has(f.code)) return false;
  if (f.table !== null && f.table !== c.table) return false;
  if (f.row !== null && f.row !== c.row) return false;
  if (f.col !== null && f.col !== c.col) return false;
  return true;
}

/** Truth: the report covers 2021 or later and prints active or requests in the 2019 template. */
export function outdatedExpected(report: GeneratedReport): boolean {
  return (
    report.meta.year >= 2021 &&
    (['active', 'requests'] as TableKey[]).some((t) => report.templates[t] === '2019')
  );
}

/** The finding that says a cell's row (or its whole table) is missing. */
const saysMissing = (f: Finding, c: Pick<Cell, 'table' | 'row'>) =>
  f.code === 'table.missing' && f.table === c.table && (f.row === null || f.row === c.row);

export function scoreRecord(
  record: ReportRecord,
  report: GeneratedReport,
  absent: ReadonlyArray<{ table: TableKey; row: string }> = [],
): Score {
  const out: Score = { right: 0, missing: 0, wrong: 0, absent: 0, wrongCells: [], falseFindings: [] };
  const got = new Map(record.cells.map((c) => [cellKey(c), c]));
  const expected = expectedCells(report);
  const expectedKeys = new Set(expected.map(cellKey));
  for (const e of expected) {
    const key = cellKey(e);
    const a = got.get(key);
    const actual = a ? a.value : null;
    let outcome: CellOutcome['outcome'];
    if (absent.some((x) => x.table === e.table && x.row === e.row))
      outcome = actual === null && record.findings.some((f) => saysMissing(f, e)) ? 'absent' : 'wrong';
    else if (a && sameValue(actual, e.value)) outcome = 'right';
    else if (actual === null && record.findings.some((f) => explains(f, e))) outcome = 'missing';
    else outcome = 'wrong';
    out[outcome]++;
    if (outcome === 'wrong')
      out.wrongCells.push({ key, outcome, expected: e.value, actual, raw: a?.raw ?? null });
  }
  for (const c of record.cells) {
    const key = cellKey(c);
    if (expectedKeys.has(key) || c.value === null) continue;
    out.wrong++;
    out.wrongCells.push({ key, outcome: 'wrong', expected: null, actual: c.value, raw: c.raw });
  }
  if (record.findings.some((f) => f.code === 'template.outdated') && !outdatedExpected(report))
    out.falseFindings.push('template.outdated');
  return out;
}

export interface Tally {
  cases: number;
  right: number;
  missing: number;
  wrong: number;
  /** Cells not in the input (cut rows), each null with its `table.missing` finding. */
  absent: number;
  falseFindings: number;
}

export const emptyTally = (): Tally => ({
  cases: 0,
  right: 0,
  missing: 0,
  wrong: 0,
  absent: 0,
  falseFindings: 0,
});

export function addScore(t: Tally, s: Score): void {
  t.cases++;
  t.right += s.right;
  t.missing += s.missing;
  t.wrong += s.wrong;
  t.absent += s.absent;
  t.falseFindings += s.falseFindings.length;
}

/** Right cells over the cells present in the input (absent ones are not counted). */
export function rightFraction(t: Pick<Tally, 'right' | 'missing' | 'wrong'>): number {
  const n = t.right + t.missing + t.wrong;
  return n ? t.right / n : 1;
}

/** Right cells over every cell of the truth, absent ones included (the figure before absent was its own). */
export function rightOfAll(t: Pick<Tally, 'right' | 'missing' | 'wrong' | 'absent'>): number {
  const n = t.right + t.missing + t.wrong + t.absent;
  return n ? t.right / n : 1;
}

export function formatTally(t: Tally): string {
  const n = t.right + t.missing + t.wrong;
  const pct = (x: number) => `${((100 * x) / Math.max(1, n)).toFixed(3)}%`;
  const absent = t.absent
    ? `; absent from input ${t.absent} (rows cut out of the input, each null with its table.missing finding; right over every cell ${(100 * rightOfAll(t)).toFixed(3)}%)`
    : '';
  return `${t.cases} reports, ${n} cells in the input: right ${t.right} (${pct(t.right)}), missing ${t.missing} (${pct(t.missing)}), wrong ${t.wrong} (${pct(t.wrong)})${absent}; false findings ${t.falseFindings}`;
}
