/** Right, missing and wrong cells of an OCR'd record against the report it was drawn from. */
import type { Cell, ReportRecord } from '../../../extractors/record.ts';

export interface Score {
  right: number;
  missing: number;
  wrong: number;
  total: number;
  /** Wrong cells, for the message of a failing test. */
  wrongCells: string[];
  /** Null cells with no finding saying why. */
  unexplained: string[];
}

export function scoreCells(truth: Cell[], record: ReportRecord): Score {
  const got = new Map(record.cells.map((c) => [`${c.table}/${c.row}/${c.col}`, c]));
  const why = new Set(
    record.findings.flatMap((f) => [
      `${f.table}/${f.row}/${f.col}`,
      `${f.table}/${f.row}/null`,
      `${f.table}/null/null`,
    ]),
  );
  const s: Score = { right: 0, missing: 0, wrong: 0, total: truth.length, wrongCells: [], unexplained: [] };
  for (const t of truth) {
    const k = `${t.table}/${t.row}/${t.col}`;
    const c = got.get(k);
    if (c && c.value === t.value) s.right++;
    else if (!c || c.value === null) {
      s.missing++;
      if (!why.has(k) && !why.has(`${t.table}/${t.row}/null`) && !why.has(`${t.table}/null/null`))
        s.unexplained.push(k);
    } else {
      s.wrong++;
      s.wrongCells.push(`${k}: printed ${t.raw}, got ${c.raw} (${c.value})`);
    }
  }
  return s;
}
