/**
 * Rows of an HTML `<table>` as html-text.ts serialises them: `\u001E<table#>\u001E` then cells
 * separated by `\u001F`, `\u001D` for a position covered by a rowspan/colspan.
 */
import type { TokCell, TokTable } from './types.ts';

export const ROW_MARK = '\u001e';
export const CELL_SEP = '\u001f';
export const SPAN_MARK = '\u001d';

export function htmlGrid(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  let tableIndex: number | null = null;
  // Rows are numbered through the section, not per <table>: a table the page (or a PDF's page break)
  // cut in two would otherwise give two cells one position, and `xxgk trace` could not say which.
  let gridRow = 0;
  for (const line of lines) {
    if (line.startsWith(ROW_MARK)) {
      const end = line.indexOf(ROW_MARK, 1);
      const t = Number(line.slice(1, end));
      if (tableIndex === null && Number.isInteger(t)) tableIndex = t;
      const parts = line.slice(end + 1).split(CELL_SEP);
      rows.push(
        parts.map((p, col) =>
          p === SPAN_MARK
            ? { text: '', row: gridRow, col, span: true }
            : { text: p.trim(), row: gridRow, col },
        ),
      );
      gridRow++;
    } else if (line.trim() !== '') {
      rows.push([{ text: line.trim(), row: -1, col: 0 }]);
    }
  }
  return { shape: 'html', tableIndex, rows };
}
