/**
 * Text as `pdftotext -layout` (or a flipbook's text layer, or a copy from a PDF viewer) gives a
 * Word-drawn table: columns aligned by spaces at fixed widths, and every label wrapped inside its
 * narrow cell, vertically centred on its row band — so a row's values sit on the middle line of
 * its label, or on a line of their own between two label lines when the label has an even number
 * of lines (`1.属于国` / `3 9 0 9 9 6 36` / `家秘密`). Group labels (三、本年度办理结果,
 * （三）不予公开) are wrapped and centred across the bands of the rows they span, so their
 * fragments share lines with item-label fragments at another indentation; header labels wrap
 * the same way. Empty cells print as nothing, as a PDF text layer drops them.
 *
 * Variants (drawn from the rng): narrow or wide label columns, centred or left-aligned label
 * text, the indentation kept or every line's leading spaces stripped (a copy from a viewer),
 * an even-height label's values on their own line or on the line above/below the middle, and a
 * page header (`Page 9 - 2020年报_审计局`) printed between two rows of a table.
 */
import type { TableKey } from '../../../extractors/record.ts';
import { type Grid, type GridCell, placeRows } from '../layout.ts';
import type { Rng } from '../prng.ts';
import type { GeneratedReport } from '../types.ts';
import { renderDocument } from './document.ts';

export interface WrappedOptions {
  /** Width in characters of a label column (group columns get `groupWidth`). */
  labelWidth: number;
  groupWidth: number;
  valueWidth: number;
  /** Label text centred in its cell (Word's default for these tables) or left-aligned. */
  centred: boolean;
  /** Leading spaces kept (pdftotext -layout) or stripped (copied from a viewer). */
  indent: boolean;
  /** An even-height label's values: on a line of their own, or on the line above/below the middle. */
  even: 'own' | 'upper' | 'lower';
  /** A page header line between two rows of the requests (and active) table, or none. */
  pageHeader: string | null;
}

/** Break a label into lines of at most `width` characters (no line starts with closing punctuation). */
export function wrapText(text: string, width: number): string[] {
  const chars = [...text.replace(/\s+/g, '')];
  const lines: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let end = Math.min(chars.length, i + width);
    // Word keeps a closing bracket or comma with the character before it, and an opening one
    // with the character after it.
    while (end < chars.length && end > i + 1 && /[）)，、。”：；]/.test(chars[end] as string)) end--;
    while (end > i + 1 && /[（(“]/.test(chars[end - 1] as string)) end--;
    lines.push(chars.slice(i, end).join(''));
    i = end;
  }
  return lines.length ? lines : [''];
}

interface Placement {
  /** First grid row and how many rows the cell spans. */
  row: number;
  rows: number;
  x: number;
  width: number;
  lines: string[];
  kind: GridCell['kind'];
}

function columnWidths(grid: Grid, table: TableKey, o: WrappedOptions): number[] {
  if (table === 'requests') return [o.groupWidth, o.groupWidth, o.labelWidth, ...Array(7).fill(o.valueWidth)];
  if (table === 'active') return [o.labelWidth, ...Array(grid.width - 1).fill(o.valueWidth + 3)];
  return Array(grid.width).fill(Math.max(2, o.valueWidth - 2));
}

function layoutTable(grid: Grid, table: TableKey, o: WrappedOptions, rng: Rng): string[] {
  const widths = columnWidths(grid, table, o);
  const gap = 2;
  const xs: number[] = [];
  let x = 0;
  for (const w of widths) {
    xs.push(x);
    x += w + gap;
  }
  const placed = placeRows(grid);
  const cells: Placement[] = [];
  placed.forEach((p, r) => {
    let col = 0;
    for (const s of p.slots) {
      if (s.cell) {
        const width = widths.slice(col, col + s.width).reduce((a, b) => a + b, 0) + gap * (s.width - 1);
        const lines = s.cell.kind === 'value' ? [s.cell.text] : wrapText(s.cell.text, width);
        cells.push({ row: r, rows: s.cell.rowspan, x: xs[col] as number, width, lines, kind: s.cell.kind });
      }
      col += s.width;
    }
  });
  // Band heights: what a row's own cells need; a spanning cell that needs more grows its rows.
  const heights = placed.map(() => 1);
  for (const c of cells)
    if (c.rows === 1) heights[c.row] = Math.max(heights[c.row] as number, c.lines.length);
  // A row whose values sit between two label lines gets a line of its own for them.
  const own = placed.map(() => false);
  if (o.even === 'own')
    for (let r = 0; r < placed.length; r++) {
      const hasValue = cells.some((c) => c.row === r && c.kind === 'value');
      if (hasValue && (heights[r] as number) % 2 === 0) {
        own[r] = true;
        heights[r] = (heights[r] as number) + 1;
      }
    }
  for (const c of cells) {
    if (c.rows === 1) continue;
    let have = 0;
    for (let r = c.row; r < c.row + c.rows; r++) have += heights[r] as number;
    if (have < c.lines.length)
      heights[c.row + c.rows - 1] = (heights[c.row + c.rows - 1] as number) + c.lines.length - have;
  }
  const top: number[] = [];
  let y = 0;
  for (const h of heights) {
    top.push(y);
    y += h;
  }
  const buf: string[][] = Array.from({ length: y }, () => []);
  const put = (line: number, at: number, text: string) => {
    const row = buf[line] as string[];
    while (row.length < at) row.push(' ');
    [...text].forEach((ch, i) => {
      row[at + i] = ch;
    });
  };
  for (const c of cells) {
    let band = 0;
    for (let r = c.row; r < c.row + c.rows; r++) band += heights[r] as number;
    const n = c.lines.length;
    let first: number;
    if (c.kind === 'value') {
      const h = heights[c.row] as number;
      // The middle line; with an even-height label, the values' own line or one beside the middle.
      first = own[c.row] || h % 2 === 1 ? (h - 1) >> 1 : o.even === 'upper' ? h / 2 - 1 : h / 2;
    } else if (own[c.row] && c.rows === 1 && n === (heights[c.row] as number) - 1) {
      // The label around its values' own line: half above, half below.
      c.lines.forEach((t, i) => {
        const line = top[c.row] as number;
        put(line + (i < n / 2 ? i : i + 1), align(c, t), t);
      });
      continue;
    } else first = Math.floor((band - n) / 2);
    c.lines.forEach((t, i) => {
      put((top[c.row] as number) + first + i, align(c, t), t);
    });
  }
  const lines = buf.map((r) => r.join('').replace(/\s+$/, ''));
  // A page header between two bands in the body (rows after the header rows).
  if (o.pageHeader && table !== 'appeals') {
    const body = placed.map((_, r) => r).filter((r) => cells.some((c) => c.row === r && c.kind === 'value'));
    if (body.length > 3) {
      const r = body[rng.int(1, body.length - 2)] as number;
      // Only where no spanning cell crosses the boundary, as a page break between two rows.
      const crossed = cells.some((c) => c.row < r && c.row + c.rows > r);
      if (!crossed) lines.splice(top[r] as number, 0, o.pageHeader);
    }
  }
  return (o.indent ? lines : lines.map((l) => l.replace(/^\s+/, ''))).filter((l) => l !== '');

  function align(c: Placement, t: string): number {
    const len = [...t].length;
    if (c.kind === 'value') return c.x + Math.max(0, c.width - len);
    return o.centred ? c.x + Math.max(0, Math.floor((c.width - len) / 2)) : c.x;
  }
}

export function wrappedOptions(rng: Rng, report: GeneratedReport): WrappedOptions {
  const narrow = rng.chance(0.6);
  return {
    labelWidth: narrow ? rng.int(4, 6) : rng.int(8, 12),
    groupWidth: narrow ? rng.int(3, 4) : rng.int(4, 7),
    valueWidth: rng.int(4, 8),
    centred: rng.chance(0.7),
    indent: rng.chance(0.7),
    even: rng.pick(['own', 'own', 'upper', 'lower'] as const),
    pageHeader: rng.chance(0.5)
      ? `Page ${rng.int(2, 12)} - ${report.meta.year}年报_${report.meta.agency.slice(-3)}`
      : null,
  };
}

export function renderPdfLayoutWrapped(
  report: GeneratedReport,
  rng: Rng,
  opts?: Partial<WrappedOptions>,
): string {
  const o = { ...wrappedOptions(rng, report), ...opts };
  return renderDocument(report, (grid, table) => layoutTable(grid, table, o, rng).join('\n'), {
    title: [report.meta.agency, `${report.meta.year}年政府信息公开工作年度报告`],
  });
}
