/** What every tokenizer produces: rows of cells (a grid) or one long row (a stream of cells). */

export const SHAPES = [
  'html',
  'markdown',
  'pipe-rows',
  'pipe-cells',
  'brackets',
  'tsv-rows',
  'tab-cells',
  'comma-rows',
  'space-rows',
  'lines',
] as const;
export type ShapeName = (typeof SHAPES)[number];

export interface TokCell {
  text: string;
  /** Row and column in the source grid (0-based; for streams, the line within the region and 0). */
  row: number;
  col: number;
  /** A position covered by another cell's rowspan/colspan: no content of its own. */
  span?: boolean;
  /**
   * A line that may be an empty cell or nothing (`text` is ''): `bar`, a line holding only `|`
   * (a separator between cells, an empty cell, or span residue); `space`, a line of whitespace
   * only (an empty cell of a pre-wrap paragraph, or nothing). fit.ts decides per row from the
   * template's column count.
   */
  mark?: 'bar' | 'space';
}

export interface TokTable {
  shape: ShapeName;
  /** Index of the source table in the document when the shape knows it (HTML), else null. */
  tableIndex: number | null;
  /** Grid rows; a stream shape returns a single row holding every cell. */
  rows: TokCell[][];
  /**
   * Row ends carry no meaning (PDF text: one row of the table may wrap over several lines, or
   * print one value per line): only labels cut the cells into rows.
   */
  stream?: boolean;
  /** `bar` marks may be separators between cells (one cell per line with `|` lines between). */
  separators?: boolean;
}

export type Tokenizer = (lines: readonly string[]) => TokTable;
