/**
 * Page layout for the PDF builders: blocks → positioned text lines and cell rectangles, paginated.
 * Independent of the PDF library: a `Pen` draws what this computes (pdfkit, or the raw CMap writer).
 */
import type { TableKey } from '../../../extractors/record.ts';
import { type Grid, placeGrid } from './grid.ts';
import type { Block } from './outline.ts';

export interface Pen {
  readonly pageWidth: number;
  readonly pageHeight: number;
  measure(text: string, size: number): number;
  /** One line of text whose box starts at `yTop` (y grows downwards from the page top). */
  text(str: string, x: number, yTop: number, size: number): void;
  rect(x: number, yTop: number, w: number, h: number): void;
  addPage(): void;
}

export interface DrawOptions {
  /** Where text sits in a table cell taller than it: Word's default is top, many reports centre. */
  valign?: 'top' | 'middle';
  margin?: number;
  tableFontSize?: number;
  /** Draw the cell borders (default). Without them the PDF reader has only the text's positions. */
  borders?: boolean;
}

type Op =
  | { page: number; kind: 'text'; str: string; x: number; y: number; size: number }
  | { page: number; kind: 'rect'; x: number; y: number; w: number; h: number };

const SIZES = { title: 16, heading: 12, para: 10.5 } as const;
const PAD = 3;
/** Values (numbers with signs, 增/减, units, blank markers) are centred like headers; labels are left-aligned. */
const VALUE_TEXT = /^(?:[-+−＋－增减]?\s*[\d０-９][\d０-９.,，]*\s*(?:%|万?元)?|无|空|[—–-]+|[/／])?$/;
const WEIGHTS: Record<TableKey, number[]> = {
  active: [2.2, 1, 1, 1],
  requests: [0.9, 1.1, 2.6, 1, 1, 1, 1, 1, 1, 1],
  appeals: Array(15).fill(1),
};

/** Break text into lines no wider than `width` (any character may end a line, as in Chinese). */
export function wrap(pen: Pen, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line !== '' && pen.measure(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function drawBlocks(pen: Pen, blocks: Block[], opts: DrawOptions = {}): void {
  const margin = opts.margin ?? 40;
  const bottom = pen.pageHeight - margin;
  const usable = pen.pageWidth - 2 * margin;
  const ops: Op[] = [];
  let page = 0;
  let y = margin;
  const need = (h: number) => {
    if (y + h > bottom) {
      page++;
      y = margin;
    }
  };

  const table = (key: TableKey, grid: Grid) => {
    const size = opts.tableFontSize ?? 9;
    const lh = size * 1.3;
    const { cells, rows, cols } = placeGrid(grid);
    const weights = WEIGHTS[key].length === cols ? WEIGHTS[key] : Array(cols).fill(1);
    const unit = usable / weights.reduce((a, b) => a + b, 0);
    const xs = [margin];
    for (const w of weights) xs.push(xs.at(-1)! + w * unit);
    const lines = cells.map((c) => wrap(pen, c.text, size, xs[c.col + c.colSpan]! - xs[c.col]! - 2 * PAD));
    const heights = Array<number>(rows).fill(lh + 2 * PAD);
    cells.forEach((c, i) => {
      if (c.rowSpan === 1) heights[c.row] = Math.max(heights[c.row]!, lines[i]!.length * lh + 2 * PAD);
    });
    const pos: { page: number; y: number }[] = [];
    for (let r = 0; r < rows; r++) {
      need(heights[r]!);
      pos.push({ page, y });
      y += heights[r]!;
    }
    cells.forEach((c, i) => {
      const x = xs[c.col]!;
      const w = xs[c.col + c.colSpan]! - x;
      // One rectangle per page the cell spans; its text goes in the first piece.
      let first = true;
      for (let r = c.row; r < c.row + c.rowSpan; ) {
        const p = pos[r]!.page;
        let h = 0;
        const top = pos[r]!.y;
        while (r < c.row + c.rowSpan && pos[r]!.page === p) h += heights[r++]!;
        if (opts.borders !== false) ops.push({ page: p, kind: 'rect', x, y: top, w, h });
        if (!first) continue;
        first = false;
        const textH = lines[i]!.length * lh;
        let ty = opts.valign === 'top' ? top + PAD : top + (h - textH) / 2;
        for (const line of lines[i]!) {
          const tw = pen.measure(line, size);
          const tx = c.header || VALUE_TEXT.test(c.text) ? x + (w - tw) / 2 : x + PAD;
          ops.push({ page: p, kind: 'text', str: line, x: tx, y: ty + (lh - size) / 2, size });
          ty += lh;
        }
      }
    });
    y += 6;
  };

  for (const b of blocks) {
    if (b.type === 'table') {
      table(b.table, b.grid);
      continue;
    }
    const size = SIZES[b.type];
    const lh = size * 1.6;
    for (const line of wrap(pen, b.text, size, usable)) {
      need(lh);
      const x = b.type === 'title' ? margin + (usable - pen.measure(line, size)) / 2 : margin;
      ops.push({ page, kind: 'text', str: line, x, y: y + (lh - size) / 2, size });
      y += lh;
    }
    y += b.type === 'para' ? 2 : 6;
  }

  let current = 0;
  for (const op of ops.sort((a, b) => a.page - b.page)) {
    while (current < op.page) {
      pen.addPage();
      current++;
    }
    if (op.kind === 'text') pen.text(op.str, op.x, op.y, op.size);
    else pen.rect(op.x, op.y, op.w, op.h);
  }
}
