/**
 * One cell per line, each line tab-indented, blank lines between rows (seeds 000, 003, 004:
 * text from .docx conversion). A line without the tab right after a cell continues that cell
 * (`规章` / `（市政府令）`); a bare tab is a blank cell.
 */
import type { TokCell, TokTable } from './types.ts';

export function tabCells(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  let row: TokCell[] = [];
  let prevCell = false;
  const close = () => {
    if (row.length) rows.push(row);
    row = [];
  };
  for (const line of lines) {
    if (line.startsWith('\t')) {
      row.push({ text: line.trim(), row: rows.length, col: row.length });
      prevCell = true;
      continue;
    }
    const t = line.trim();
    if (t === '') {
      close();
      prevCell = false;
      continue;
    }
    const last = row[row.length - 1];
    if (prevCell && last) {
      last.text += t;
    } else {
      close();
      rows.push([{ text: t, row: rows.length, col: 0 }]);
    }
  }
  close();
  return { shape: 'tab-cells', tableIndex: null, rows };
}
