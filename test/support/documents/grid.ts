/**
 * Tables as HTML-like grids (cells with spans, covered positions omitted) and their placement,
 * shared by the .docx and .pdf builders.
 */
export interface GridCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  /** Header cells are bold in .docx and centred everywhere. */
  header?: boolean;
}
export type Grid = GridCell[][];

export interface PlacedCell extends Required<Omit<GridCell, 'header'>> {
  row: number;
  col: number;
  header: boolean;
}

/** Resolve spans the way an HTML table does: each cell takes the next free column of its row. */
export function placeGrid(grid: Grid): { cells: PlacedCell[]; rows: number; cols: number } {
  const taken = new Set<string>();
  const cells: PlacedCell[] = [];
  let cols = 0;
  grid.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (taken.has(`${r},${c}`)) c++;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let i = 0; i < rs; i++) for (let j = 0; j < cs; j++) taken.add(`${r + i},${c + j}`);
      cells.push({ text: cell.text, colSpan: cs, rowSpan: rs, header: cell.header ?? false, row: r, col: c });
      c += cs;
      cols = Math.max(cols, c);
    }
  });
  return { cells, rows: grid.length, cols };
}
