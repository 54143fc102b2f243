/**
 * Pipe rows, one table row per line: `规章 | 0 | 0 | 0 | |` (seed 001), also with a leading pipe.
 * Empty segments are blank cells; the empty piece after a trailing pipe is not a cell.
 * Lines without a pipe become one-cell rows (titles, notes), which matching ignores.
 */
import type { TokCell, TokTable } from './types.ts';

export function splitPipes(line: string, row: number): TokCell[] {
  const parts = line.split('|');
  if (parts.length > 1 && (parts[parts.length - 1] as string).trim() === '') parts.pop();
  // `| a | b |` (Markdown) opens with a pipe; ` | b |` is a row whose first cell is blank.
  if (parts.length > 1 && parts[0] === '' && line.startsWith('|')) parts.shift();
  return parts.map((p, col) => ({ text: p.trim(), row, col }));
}

export function pipeRows(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    rows.push(line.includes('|') ? splitPipes(line, i) : [{ text: line.trim(), row: i, col: 0 }]);
  });
  return { shape: 'pipe-rows', tableIndex: null, rows };
}
