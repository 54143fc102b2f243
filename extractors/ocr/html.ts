/**
 * An OCR'd document as the HTML the extractor already reads: text lines as paragraphs, each ruled
 * table as a `<table>` with its spans. The extractor's cell sources (table index, grid row, grid
 * column) then lead back to the OCR cell, its page, box and confidence (`cellAt`).
 *
 * A table that runs on over a page break is one `<table>`: the extractor names a section's
 * cells by its first table, so the continuation's rows must carry on that table's row numbers.
 */
import { LOW_MARK, type OcrCell, type OcrDocument, type OcrTable } from './read.ts';
import { misreadValues, type Placed, relabelRows } from './rows.ts';

export interface OcrHtml {
  html: string;
  /** table index → "row,col" of the resolved grid → cell. */
  cells: Map<number, Map<string, OcrCell>>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Page numbers and the like, printed between a table's two halves. */
const FURNITURE = /^[-—–\s\d第页共/．.]*$/;

export function toHtml(doc: OcrDocument): OcrHtml {
  const parts: string[] = ['<html><body>'];
  const cells = new Map<number, Map<string, OcrCell>>();
  let open: { table: OcrTable; placed: Placed[]; rows: number } | null = null;
  const close = () => {
    if (open) emitTable(open.placed, open.rows, cells, parts);
    open = null;
  };
  for (const b of doc.blocks) {
    if (b.kind === 'lines') {
      const text = b.lines.map((l) => l.text.trim()).filter((t) => t !== '');
      if (text.length === 0) continue;
      if (open && text.every((t) => FURNITURE.test(t))) continue;
      close();
      for (const t of text) parts.push(`<p>${esc(t)}</p>`);
      continue;
    }
    const cur = open as { table: OcrTable; placed: Placed[]; rows: number } | null;
    const continues = cur !== null && cur.table.page < b.page && cur.table.cols === b.table.cols;
    if (!continues) {
      close();
      open = { table: b.table, placed: [], rows: 0 };
    }
    const o = open as unknown as { table: OcrTable; placed: Placed[]; rows: number };
    o.table = b.table;
    o.placed.push(...placeCells(b.table, o.rows));
    o.rows += b.table.rows;
  }
  close();
  parts.push('</body></html>');
  return { html: parts.join('\n'), cells };
}

/** Cells of one table piece at their places in the resolved grid (as an HTML table places them: each cell takes the next free column). */
function placeCells(t: OcrTable, offset: number): Placed[] {
  const taken = new Set<string>();
  const out: Placed[] = [];
  for (let r = 0; r < t.rows; r++) {
    const row = t.cells.filter((c) => c.row === r).sort((x, y) => x.col - y.col);
    let col = 0;
    for (const c of row) {
      while (taken.has(`${r},${col}`)) col++;
      const rowSpan = Math.min(c.rowSpan, t.rows - r);
      for (let i = 0; i < rowSpan; i++) for (let j = 0; j < c.colSpan; j++) taken.add(`${r + i},${col + j}`);
      out.push({ row: offset + r, col, rowSpan, colSpan: c.colSpan, cell: c });
      col += c.colSpan;
    }
  }
  return out;
}

/**
 * One table: its misread row labels placed by position first (rows.ts), then its rows. A
 * relabelled cell is a copy holding the template's label (its reading stays what was read).
 */
function emitTable(
  placed: Placed[],
  rows: number,
  cells: Map<number, Map<string, OcrCell>>,
  parts: string[],
): void {
  const relabel = relabelRows(placed);
  const lowered = misreadValues(placed);
  const map = new Map<string, OcrCell>();
  cells.set(cells.size, map);
  parts.push('<table>');
  for (let r = 0; r < rows; r++) {
    parts.push('<tr>');
    for (const p of placed.filter((x) => x.row === r)) {
      const label = relabel.get(p.cell);
      const c: OcrCell =
        label !== undefined
          ? {
              ...p.cell,
              text: label,
              status: 'text',
              why: `row label read as "${p.cell.reading}", placed by the row's position among the template's rows`,
            }
          : lowered.has(p.cell)
            ? {
                ...p.cell,
                text: LOW_MARK,
                status: 'low',
                why: `read as the word "${p.cell.reading}" where the row's values are`,
              }
            : p.cell;
      map.set(`${p.row},${p.col}`, c);
      const span = `${p.rowSpan > 1 ? ` rowspan="${p.rowSpan}"` : ''}${p.colSpan > 1 ? ` colspan="${p.colSpan}"` : ''}`;
      parts.push(`<td${span}>${esc(c.text)}</td>`);
    }
    parts.push('</tr>');
  }
  parts.push('</table>');
}

export function cellAt(h: OcrHtml, tableIndex: number, row: number, col: number): OcrCell | undefined {
  return h.cells.get(tableIndex)?.get(`${row},${col}`);
}

/**
 * The row label of grid row `row` of table `tableIndex`: the text cell nearest left of column
 * `beforeCol` among those covering that row (group labels spanning many rows sit further left).
 */
export function labelAt(h: OcrHtml, tableIndex: number, row: number, beforeCol: number): OcrCell | undefined {
  let best: { col: number; cell: OcrCell } | undefined;
  for (const [pos, cell] of h.cells.get(tableIndex) ?? []) {
    const [r, c] = pos.split(',').map(Number) as [number, number];
    if (cell.status !== 'text' || c >= beforeCol || row < r || row >= r + cell.rowSpan) continue;
    if (!best || c > best.col) best = { col: c, cell };
  }
  return best?.cell;
}
