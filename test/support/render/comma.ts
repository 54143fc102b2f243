/**
 * Comma-separated rows as PDF text gives them (input-formats.md): `规章,0,0,0`, blank cells as
 * `,,`, the cells a span swallowed as a run of trailing commas. One report uses one comma: ASCII
 * for even years, full-width `，` for odd ones. Numbers print bare (`15213`); thousands
 * separators inside comma rows are covered by test/unit/extractors/comma-rows.test.ts.
 */
import { type Grid, placeRows } from '../layout.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

export function commaRows(grid: Grid, sep: string): string {
  return placeRows(grid)
    .map(({ cells, residue }) => {
      return cells.map((c) => c.text).join(sep) + sep.repeat(residue);
    })
    .join('\n');
}

export function renderComma(report: GeneratedReport): string {
  const sep = report.meta.year % 2 === 0 ? ',' : '，';
  return renderDocument(report, (grid) => commaRows(grid, sep));
}
