/** Bracketed cells, one row per line: `[规章][0][0][0]` or `【行政许可】【16】【0】【15213】`. */
import type { TokCell, TokTable } from './types.ts';

const CELL = /[[【]([^\]】\n]*)[\]】]/g;

export function brackets(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const row: TokCell[] = [];
    let col = 0;
    for (const m of t.matchAll(CELL)) row.push({ text: (m[1] as string).trim(), row: i, col: col++ });
    rows.push(row.length ? row : [{ text: t, row: i, col: 0 }]);
  });
  return { shape: 'brackets', tableIndex: null, rows };
}
