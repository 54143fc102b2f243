/**
 * Rebuild text lines, and table rows as pipe rows, from positioned PDF text items. Pure.
 *
 * A PDF has no tables, only glyph runs at positions. Items on one baseline form a physical line;
 * a horizontal gap wider than half a character starts a new cell, so a table row prints as
 * `行政许可 | 12 | 0 | 5` while a prose line stays one string. A cell whose text wraps (a long label)
 * puts its parts on neighbouring baselines: lines whose boxes overlap vertically are one row, and a
 * lone fragment sitting under (or over) one column of a row is glued to that cell. Blank cells,
 * which print nothing, are put back from the columns of neighbouring rows (pdf-blanks.ts).
 */
import { isMetaBlockGrid } from '../meta-labels.ts';
import { CELL_SEP, ROW_MARK, SPAN_MARK } from '../tokenize/html-grid.ts';
import { fillBlankCells, type LaidCell } from './pdf-blanks.ts';
import { findGrids, placeItems } from './pdf-grid.ts';
import type { PageRules } from './pdf-rules.ts';

export interface PdfTextItem {
  str: string;
  /** Baseline origin, PDF user space (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the height of the glyph box). */
  height: number;
}

interface Segment {
  text: string;
  x0: number;
  x1: number;
  /** Glyph box, y growing upwards: bottom = descender, top = ascender. */
  bottom: number;
  top: number;
  h: number;
}

type Row = Segment[];

export const CELL_SEPARATOR = ' | ';
const NUMERIC = /^[-+−＋－]?[\d０-９][\d０-９.,，]*\s*(%|万?元)?$/;
const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/;

function glue(a: string, b: string): string {
  if (a === '') return b;
  // Wrapped Chinese joins without a space; wrapped Latin words need one.
  return CJK.test(a.at(-1) ?? '') || CJK.test(b[0] ?? '') ? a + b : `${a} ${b}`;
}

function toSegment(it: PdfTextItem): Segment {
  const h = it.height > 0 ? it.height : 10;
  return {
    text: it.str.trim(),
    x0: it.x,
    x1: it.x + Math.max(it.width, 0),
    bottom: it.y - 0.2 * h,
    top: it.y + 0.8 * h,
    h,
  };
}

/** Items on one baseline (within a third of the font size), merged into cells by horizontal gaps. */
function physicalLines(items: PdfTextItem[]): Row[] {
  const segs = items.filter((it) => it.str.trim() !== '').map(toSegment);
  segs.sort((a, b) => b.bottom - a.bottom || a.x0 - b.x0);
  const lines: Segment[][] = [];
  for (const s of segs) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.bottom - s.bottom) <= Math.min(line[0]!.h, s.h) / 3) line.push(s);
    else lines.push([s]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x0 - b.x0);
    const cells: Segment[] = [];
    for (const s of line) {
      const prev = cells.at(-1);
      const gap = prev ? s.x0 - prev.x1 : Number.POSITIVE_INFINITY;
      if (prev && gap <= 0.5 * Math.min(prev.h, s.h)) {
        prev.text = gap > 0.15 * s.h ? `${prev.text} ${s.text}` : prev.text + s.text;
        prev.x1 = Math.max(prev.x1, s.x1);
        prev.top = Math.max(prev.top, s.top);
        prev.bottom = Math.min(prev.bottom, s.bottom);
      } else cells.push({ ...s });
    }
    return cells;
  });
}

const top = (r: Row) => Math.max(...r.map((s) => s.top));
const bottom = (r: Row) => Math.min(...r.map((s) => s.bottom));
const minH = (r: Row) => Math.min(...r.map((s) => s.h));
const overlapsX = (a: Segment, b: Segment) => a.x0 < b.x1 && b.x0 < a.x1;

/** Consecutive lines whose glyph boxes overlap vertically belong to one table row (text centred in a tall row). */
function mergeOverlapping(lines: Row[]): Row[] {
  const rows: Row[] = [];
  for (const line of lines) {
    const prev = rows.at(-1);
    const overlap = prev ? Math.min(top(line), top(prev)) - Math.max(bottom(line), bottom(prev)) : 0;
    if (prev && overlap > 0.2 * Math.min(minH(prev), minH(line))) prev.push(...line);
    else rows.push([...line]);
  }
  return rows;
}

/** A row's columns: segments stacked over each other (overlapping x) share one, left to right. */
function columns(row: Row): Segment[][] {
  const cols: Segment[][] = [];
  for (const s of [...row].sort((a, b) => a.x0 - b.x0)) {
    const col = cols.at(-1);
    if (col?.some((c) => overlapsX(c, s))) col.push(s);
    else cols.push([s]);
  }
  return cols;
}

/** Each segment of `frag` lies under exactly one column of `row`, and no two share one: `frag` continues cells of `row`. */
function continues(frag: Row, row: Row): boolean {
  // A line holding a number is a row of its own (perhaps with blank cells), never a wrapped label.
  if (frag.some((s) => NUMERIC.test(s.text))) return false;
  const cols = columns(row);
  if (cols.length < 2 || frag.length >= cols.length) return false;
  const used = new Set<number>();
  for (const s of frag) {
    const hits = cols.flatMap((col, i) => (col.some((c) => overlapsX(c, s)) ? [i] : []));
    if (hits.length !== 1 || used.has(hits[0]!)) return false;
    used.add(hits[0]!);
  }
  return true;
}

/** Glue fragment lines (a wrapped label's other half) to the nearest row they continue, if it is close. */
function attachFragments(rows: Row[]): Row[] {
  const out: (Row | null)[] = rows.map((r) => [...r]);
  for (let i = 0; i < rows.length; i++) {
    const frag = rows[i]!;
    const h = minH(frag);
    const above = i > 0 ? rows[i - 1]! : null;
    const below = i + 1 < rows.length ? rows[i + 1]! : null;
    const gapAbove = above ? bottom(above) - top(frag) : Number.POSITIVE_INFINITY;
    const gapBelow = below ? bottom(frag) - top(below) : Number.POSITIVE_INFINITY;
    const okAbove = above !== null && gapAbove < 0.5 * h && continues(frag, above);
    const okBelow = below !== null && gapBelow < 0.5 * h && continues(frag, below);
    if (!okAbove && !okBelow) continue;
    const target = okAbove && (!okBelow || gapAbove <= gapBelow) ? i - 1 : i + 1;
    const dest = out[target];
    if (!dest || !out[i]) continue;
    dest.push(...frag);
    out[i] = null;
  }
  return out.filter((r): r is Row => r !== null);
}

/** Cells of a row: segments stacked in one column (overlapping x) are one cell, read top to bottom. */
function rowCells(row: Row): LaidCell[] {
  return columns(row).map((col) => ({
    text: col.sort((a, b) => b.top - a.top || a.x0 - b.x0).reduce((acc, s) => glue(acc, s.text), ''),
    x0: Math.min(...col.map((s) => s.x0)),
    x1: Math.max(...col.map((s) => s.x1)),
    h: Math.min(...col.map((s) => s.h)),
  }));
}

/**
 * Cells joined by ` | `. A blank first or last cell gets an outer pipe (`| | 5`, `5 | |`): a bare
 * leading or trailing pipe is noise in pipe-row text, so without it the blank would be dropped.
 */
function pipeRow(cells: LaidCell[]): string {
  const line = cells.map((c) => c.text).join(CELL_SEPARATOR);
  if (cells.length < 2) return line;
  return `${cells[0]!.text === '' ? '| ' : ''}${line}${cells.at(-1)!.text === '' ? ' |' : ''}`;
}

/** Lines of one page, top to bottom; table rows as `a | b | c`. */
export function itemsToLines(items: PdfTextItem[]): string[] {
  const rows = attachFragments(mergeOverlapping(physicalLines(items))).map(rowCells);
  return fillBlankCells(rows).map(pipeRow);
}

const CONTROL = /[\u001c-\u001f]/g;

/**
 * Lines of one page whose rulings are known: each ruled table (pdf-grid.ts) as html-grid rows
 * numbered from `firstTable` on, the text around them by `itemsToLines`, top to bottom. A page
 * without rules reads as `itemsToLines` alone. `tables` is how many table numbers were used.
 */
export function pageToLines(
  items: PdfTextItem[],
  rules: PageRules,
  firstTable: number,
): { lines: string[]; tables: number } {
  const grids = findGrids(rules);
  if (grids.length === 0) return { lines: itemsToLines(items), tables: 0 };
  const { tables, rest } = placeItems(grids, items);
  if (tables.length === 0) return { lines: itemsToLines(items), tables: 0 };
  // Text above the first table, between tables, and below the last (text beside a table follows it).
  const regions: PdfTextItem[][] = tables.map(() => []);
  regions.push([]);
  for (const it of rest) {
    const cy = it.y + 0.3 * (it.height > 0 ? it.height : 10);
    let k = 0;
    while (k < tables.length && cy < tables[k]!.top) k++;
    regions[k]!.push(it);
  }
  const lines: string[] = [];
  let t = firstTable;
  tables.forEach((table, k) => {
    lines.push(...itemsToLines(regions[k]!));
    const texts = table.rows.map((row) => row.map((c) => (c === null ? c : c.replace(CONTROL, ''))));
    // A portal's metadata block printed with the page is chrome, as in html-text.ts: label<TAB>value lines.
    if (isMetaBlockGrid(texts.map((row) => row.map((c) => c ?? '')))) {
      for (const row of texts) {
        const line = row.filter((c): c is string => c !== null && c.trim() !== '').join('\t');
        if (line !== '') lines.push(line);
      }
      return;
    }
    for (const row of texts)
      lines.push(`${ROW_MARK}${t}${ROW_MARK}${row.map((c) => c ?? SPAN_MARK).join(CELL_SEP)}`);
    t++;
  });
  lines.push(...itemsToLines(regions[tables.length]!));
  return { lines, tables: t - firstTable };
}
