/** The fallback: every non-empty line is one cell, a stream that labels cut into rows. */
import type { TokCell, TokTable } from './types.ts';

export function lineCells(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  let row: TokCell[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') {
      if (row.length) rows.push(row);
      row = [];
      return;
    }
    row.push({ text: t, row: i, col: 0 });
  });
  if (row.length) rows.push(row);
  return { shape: 'lines', tableIndex: null, rows, stream: true };
}
