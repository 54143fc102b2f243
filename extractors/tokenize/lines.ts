/**
 * The fallback: every non-empty line is one cell, a stream that labels cut into rows. A line of
 * one `|` (`｜` is normalised to it) is kept as a `bar` mark and a line of whitespace only as a
 * `space` mark: one is a separator between cells or an empty cell, the other an empty cell of a
 * pre-wrap paragraph or nothing, and only the row's column count can tell (fit.ts). A line of
 * several bars (`|||`, `| |`) is span residue and carries nothing.
 */
import type { TokCell, TokTable } from './types.ts';

const BAR = /^\s*\|\s*$/;
const RESIDUE = /^[\s|]*$/;

export function lineCells(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  let row: TokCell[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') {
      if (line !== '') row.push({ text: '', row: i, col: 0, mark: 'space' });
      else if (row.length) {
        rows.push(row);
        row = [];
      }
      return;
    }
    if (t === '|' || (t.length < 8 && BAR.test(line))) {
      row.push({ text: '', row: i, col: 0, mark: 'bar' });
      return;
    }
    if (t.length < 40 && RESIDUE.test(t)) return;
    row.push({ text: t, row: i, col: 0 });
  });
  if (row.length) rows.push(row);
  return { shape: 'lines', tableIndex: null, rows, stream: true, separators: true };
}
