/** Bracketed cells, one row per line: `[规章][0][0][0]` or `【行政许可】【16】【0】【15213】`. */
import type { TokCell, TokTable } from './types.ts';

const isOpen = (c: number) => c === 0x5b /* [ */ || c === 0x3010; /* 【 */
const isClose = (c: number) => c === 0x5d /* ] */ || c === 0x3011; /* 】 */

/**
 * The cells of one line: from an opening bracket to the next closing one (`[^\]】]*`, so an
 * opening bracket inside a cell is its text). Scanned by code unit: a regex's match objects for
 * every cell of every row were a measurable share of the time.
 */
function cellsOf(t: string, row: number): TokCell[] {
  const out: TokCell[] = [];
  let i = 0;
  while (i < t.length) {
    while (i < t.length && !isOpen(t.charCodeAt(i))) i++;
    let j = i + 1;
    while (j < t.length && !isClose(t.charCodeAt(j))) j++;
    // No closing bracket after this opening one: none after any later one either.
    if (j >= t.length) break;
    out.push({ text: t.slice(i + 1, j).trim(), row, col: out.length });
    i = j + 1;
  }
  return out;
}

export function brackets(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = (lines[i] as string).trim();
    if (t === '') continue;
    const row = cellsOf(t, i);
    rows.push(row.length ? row : [{ text: t, row: i, col: 0 }]);
  }
  return { shape: 'brackets', tableIndex: null, rows };
}
