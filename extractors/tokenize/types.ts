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
}

export type Tokenizer = (lines: readonly string[]) => TokTable;
