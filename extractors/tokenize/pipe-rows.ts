/**
 * Pipe rows, one table row per line: `规章 | 0 | 0 | 0 | |` (seed 001), also with a leading pipe.
 * Empty segments are blank cells; the empty piece after a trailing pipe is not a cell.
 * Lines without a pipe become one-cell rows (titles, notes), which matching ignores.
 */
import { isSpace } from '../chars.ts';
import type { TokCell, TokTable } from './types.ts';

/** Whether `s[a, b)` is whitespace only. */
function blank(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isSpace(s.charCodeAt(i))) return false;
  return true;
}

export function splitPipes(line: string, row: number): TokCell[] {
  // The segments between pipes, read in place (no array of parts to trim and renumber).
  let segments = 1;
  let last = -1;
  for (let i = line.indexOf('|'); i >= 0; i = line.indexOf('|', i + 1)) {
    segments++;
    last = i;
  }
  // A blank segment after the last pipe is not a cell.
  if (segments > 1 && blank(line, last + 1, line.length)) segments--;
  // `| a | b |` (Markdown) opens with a pipe; ` | b |` is a row whose first cell is blank.
  const skip = segments > 1 && line.charCodeAt(0) === 0x7c ? 1 : 0;
  const out: TokCell[] = [];
  let start = 0;
  for (let k = 0; k < segments; k++) {
    let end = line.indexOf('|', start);
    if (end < 0) end = line.length;
    if (k >= skip) out.push({ text: line.slice(start, end).trim(), row, col: k - skip });
    start = end + 1;
  }
  return out;
}

export function pipeRows(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    rows.push(line.includes('|') ? splitPipes(line, i) : [{ text: line.trim(), row: i, col: 0 }]);
  });
  return { shape: 'pipe-rows', tableIndex: null, rows };
}
