/**
 * Where a cell's recorded position (`source.row`, `source.col`) sits in its table's section: the
 * grid cells at that position and the section line each starts on. `xxgk trace` shows that line
 * and checks that the text there is the cell's raw text.
 */
import type { SourceTable } from './report.ts';
import { tokenize } from './tokenize/index.ts';
import type { ShapeName, TokCell } from './tokenize/types.ts';

/** Shapes whose grid row is the line within the section (each tokenizer numbers rows by line). */
const ROW_IS_LINE: ReadonlySet<ShapeName> = new Set<ShapeName>([
  'markdown',
  'pipe-rows',
  'pipe-cells',
  'brackets',
  'tsv-rows',
  'comma-rows',
  'space-rows',
  'lines',
]);

export interface CellPlace {
  /** The grid cell's text (a value cell split by the extractor holds its raw as one of its words). */
  text: string;
  /** Line within the section (SourceTable.lines) the cell starts on. */
  line: number;
  /** The texts of the grid row the cell is in (its label first): the row as the extractor saw it. */
  row: string[];
}

const at = (rows: readonly TokCell[][], row: number, col: number) =>
  rows.flatMap((r) => r.filter((c) => c.row === row && c.col === col && !c.span).map((c) => ({ c, r })));
const texts = (r: readonly TokCell[]) => r.filter((c) => !c.span).map((c) => c.text);

/**
 * Every grid cell at (row, col) of the section, in text order: one normally (HTML grids number their
 * rows through the section); several only when a tokenizer numbers rows per block, and then the
 * position alone does not say which one a cell came from.
 */
export function locateCell(t: SourceTable, row: number, col: number): CellPlace[] {
  const found = at(t.tokens.rows, row, col);
  if (found.length === 0) return [];
  if (ROW_IS_LINE.has(t.tokens.shape))
    return found.map(({ c, r }) => ({ text: c.text, line: row, row: texts(r) }));
  // HTML grids number rows per table and cell-per-line text per block: the j-th cell at the position
  // starts on the first line whose prefix of the section, tokenized alike, holds j cells there.
  const count = (k: number) => at(tokenize(t.lines.slice(0, k), t.tokens.shape).rows, row, col).length;
  return found.map(({ c, r }, j) => {
    let lo = 1;
    let hi = t.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (count(mid) > j) hi = mid;
      else lo = mid + 1;
    }
    return { text: c.text, line: lo - 1, row: texts(r) };
  });
}
