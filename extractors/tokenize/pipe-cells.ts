/**
 * One cell per line ending in ` |` (seed 002); a blank cell is ` |`. Lines of pipes only
 * (`|||`, from the line start) stand for the cells a spanning cell covers: they carry nothing
 * (a lone `|` is kept as a mark, see below). Rows are not marked, so this is a stream: matching
 * cuts it at the row labels.
 */
import type { TokCell, TokTable } from './types.ts';

export function pipeCells(lines: readonly string[]): TokTable {
  const cells: TokCell[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    // `|||` at the line start: covered span positions. A lone `|` there: one covered position,
    // or an empty cell on pages that print one so — a mark fit.ts decides by the column count.
    // ` |`: a blank cell.
    if (t === '') return;
    // Both tests need a pipe at the line start: most lines, a label or a value, are spared them.
    if (line.charCodeAt(0) === 0x7c) {
      if (/^\|\s*$/.test(line)) {
        cells.push({ text: '', row: i, col: 0, mark: 'bar' });
        return;
      }
      if (/^\|+\s*$/.test(line)) return;
    }
    const text = t.endsWith('|') ? t.slice(0, -1).trim() : t;
    // A line that still holds pipes is a row of several cells; keep them in order.
    if (text.includes('|')) {
      text.split('|').forEach((p, col) => {
        cells.push({ text: p.trim(), row: i, col });
      });
    } else {
      cells.push({ text, row: i, col: 0 });
    }
  });
  return { shape: 'pipe-cells', tableIndex: null, rows: [cells] };
}
