/**
 * Ruled tables of a PDF page: rulings (pdf-rules.ts) → grids of cells, text items → cells. Pure.
 *
 * A table printed from Word or a browser draws its cell borders, so the page says where each cell
 * is: a row is the band between two horizontal rules, a column the strip between two vertical
 * ones, and a merged cell (rowspan/colspan) is where a rule segment is missing. Text goes to the
 * cell its centre lies in, so a label wrapped over eight lines of a narrow cell and a group label
 * vertically centred across a rowspan land in their own cells, whatever their baselines. Rows come
 * out as html-grid lines (`\u001E<table#>\u001E` + cells separated by `\u001F`, `\u001D` where a span
 * covers the position), the form an HTML `<table>` takes in the extractor, so a ruled PDF table is
 * read like the web page it was printed from.
 *
 * A grid is not used when the rules do not make one: fewer than two rows or columns, merged
 * regions that are not rectangles, or a cell holding several lines of values (a table whose rows
 * have no rules between them). Its text then goes through the position heuristics (pdf-layout.ts).
 */
import type { PageRules, Rule } from './pdf-rules.ts';

export interface GridItem {
  str: string;
  /** Baseline origin, PDF user space (y grows upwards). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GridCell {
  r: number;
  c: number;
  rs: number;
  cs: number;
  /**
   * No rule above this cell of the table's first row: the cell goes on from the page before (a
   * browser draws no border where a page break slices a cell).
   */
  openTop: boolean;
  /** No rule below this cell of the table's last row: the cell goes on on the next page. */
  openBottom: boolean;
}

export interface PdfGrid {
  /** Column boundaries, left to right. */
  xs: number[];
  /** Row boundaries, top to bottom (descending y). */
  ys: number[];
  cells: GridCell[];
  /** Cell index at row r, column c: `owner[r * cols + c]`. */
  owner: Int32Array;
}

/** Rule ends and positions closer than this (points) are the same line. */
const TOL = 2;
/** Bands and strips narrower than this are a double rule or a misaligned border, not a row or column. */
const MIN_GAP = 4;
/** More rule pieces than a page of tables draws: not read as tables. */
const MAX_RULES = 5_000;

/** A row or column boundary: where its rules lie (a doubled border is two rules a point or two apart). */
interface Boundary {
  at: number;
  lo: number;
  hi: number;
}

/**
 * Boundaries from rule positions, ascending: positions closer than MIN_GAP to the previous one
 * are one boundary (doubled borders, cells of a `border-collapse:separate` table whose borders end
 * a point or three apart, a rowspan's border against its neighbours').
 */
function boundaries(values: number[]): Boundary[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: { vs: number[]; lo: number; hi: number }[] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last.hi < MIN_GAP) {
      last.vs.push(v);
      last.hi = v;
    } else out.push({ vs: [v], lo: v, hi: v });
  }
  return out.map((g) => ({ at: g.vs.reduce((sum, v) => sum + v, 0) / g.vs.length, lo: g.lo, hi: g.hi }));
}

/** Collinear pieces joined (Chromium and Word draw one piece per cell edge). */
function mergeRules(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((p, q) => p.at - q.at || p.a - q.a);
  const lines: Rule[][] = [];
  for (const r of sorted) {
    const line = lines.at(-1);
    if (line && r.at - line[0]!.at <= TOL) line.push(r);
    else lines.push([r]);
  }
  const out: Rule[] = [];
  for (const line of lines) {
    const at = line.reduce((s, r) => s + r.at, 0) / line.length;
    line.sort((p, q) => p.a - q.a);
    let cur: Rule | null = null;
    for (const r of line) {
      if (cur && r.a <= cur.b + TOL) cur.b = Math.max(cur.b, r.b);
      else {
        cur = { at, a: r.a, b: r.b };
        out.push(cur);
      }
    }
  }
  return out;
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

const union = (parent: number[], a: number, b: number) => {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra !== rb) parent[ra] = rb;
};

const covers = (rules: Rule[], at: Boundary, lo: number, hi: number) => {
  const margin = (hi - lo) / 4;
  return rules.some(
    (r) => r.at >= at.lo - TOL && r.at <= at.hi + TOL && r.a <= lo + margin && r.b >= hi - margin,
  );
};

/** One connected set of rules → a grid, or null when they do not make one. */
function gridOf(h: Rule[], v: Rule[]): PdfGrid | null {
  // Outer edges a table leaves open (no left/right or top/bottom border) are where the other rules end.
  const xb = boundaries([
    ...v.map((r) => r.at),
    Math.min(...h.map((r) => r.a)),
    Math.max(...h.map((r) => r.b)),
  ]);
  const yb = boundaries([
    ...h.map((r) => r.at),
    Math.min(...v.map((r) => r.a)),
    Math.max(...v.map((r) => r.b)),
  ]).reverse();
  const xs = xb.map((b) => b.at);
  const ys = yb.map((b) => b.at);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  // One row is enough: a table's last row alone at the top of a page is a table.
  if (rows < 1 || cols < 2) return null;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // No rule between this position and the one to its right / below: one merged cell.
      if (c + 1 < cols && !covers(v, xb[c + 1]!, ys[r + 1]!, ys[r]!))
        union(parent, r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !covers(h, yb[r + 1]!, xs[c]!, xs[c + 1]!))
        union(parent, r * cols + c, (r + 1) * cols + c);
    }
  }
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number; n: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(parent, r * cols + c);
      const b = boxes.get(root);
      if (!b) boxes.set(root, { r0: r, r1: r, c0: c, c1: c, n: 1 });
      else {
        b.r1 = Math.max(b.r1, r);
        b.c0 = Math.min(b.c0, c);
        b.c1 = Math.max(b.c1, c);
        b.n++;
      }
    }
  }
  const cells: GridCell[] = [];
  const owner = new Int32Array(rows * cols).fill(-1);
  for (const b of boxes.values()) {
    // A merged region that is not a rectangle: rules missing where no table leaves them out.
    if (b.n !== (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1)) return null;
    const k = cells.length;
    const openTop = b.r0 === 0 && !covers(h, yb[0]!, xs[b.c0]!, xs[b.c1 + 1]!);
    const openBottom = b.r1 === rows - 1 && !covers(h, yb[rows]!, xs[b.c0]!, xs[b.c1 + 1]!);
    cells.push({ r: b.r0, c: b.c0, rs: b.r1 - b.r0 + 1, cs: b.c1 - b.c0 + 1, openTop, openBottom });
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) owner[r * cols + c] = k;
  }
  // A frame around text (a boxed paragraph, a page border) is one cell, not a table.
  if (cells.length < 2) return null;
  return { xs, ys, cells, owner };
}

/** The page's ruled tables, top to bottom. */
export function findGrids(rules: PageRules): PdfGrid[] {
  const h = mergeRules(rules.h);
  const v = mergeRules(rules.v);
  if (h.length + v.length > MAX_RULES || h.length < 1 || v.length < 1) return [];
  // Rules that touch or cross belong to one table.
  const parent = Array.from({ length: h.length + v.length }, (_, i) => i);
  for (let i = 0; i < h.length; i++) {
    const a = h[i]!;
    for (let j = 0; j < v.length; j++) {
      const b = v[j]!;
      if (b.at >= a.a - TOL && b.at <= a.b + TOL && a.at >= b.a - TOL && a.at <= b.b + TOL)
        union(parent, i, h.length + j);
    }
  }
  const groups = new Map<number, { h: Rule[]; v: Rule[] }>();
  for (let i = 0; i < h.length + v.length; i++) {
    const root = find(parent, i);
    const g = groups.get(root) ?? { h: [], v: [] };
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
    groups.set(root, g);
  }
  const out: PdfGrid[] = [];
  for (const g of groups.values()) {
    if (g.h.length < 1 || g.v.length < 1 || g.h.length + g.v.length < 3) continue;
    const grid = gridOf(g.h, g.v);
    if (grid) out.push(grid);
  }
  return out.sort((a, b) => b.ys[0]! - a.ys[0]!);
}

const CJK_WIDE =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;

/**
 * An item that runs across column boundaries (a producer that writes a whole row in one string,
 * cells apart by spaces) cut into its space-separated tokens, placed by estimated glyph advances
 * (full-width 1, others ½). A token is never cut: a number wider than its cell (`1540` in a narrow
 * last column) runs over the border but is one value, placed by where it starts.
 */
function splitAcross(it: GridItem, xs: number[]): GridItem[] {
  const h = it.height > 0 ? it.height : 10;
  const x1 = it.x + Math.max(it.width, 0);
  const crossed = xs.some((x) => it.x < x - 0.25 * h && x1 > x + 0.25 * h);
  if (!crossed || !/\S\s+\S/.test(it.str)) return [it];
  const chars = [...it.str];
  const weights = chars.map((ch) => (CJK_WIDE.test(ch) ? 1 : 0.5));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const unit = Math.max(it.width, 0) / total;
  const out: GridItem[] = [];
  let x = it.x;
  let cur: GridItem | null = null;
  for (let i = 0; i < chars.length; i++) {
    const w = weights[i]! * unit;
    if (/\s/.test(chars[i]!)) cur = null;
    else if (cur) {
      cur.str += chars[i];
      cur.width += w;
    } else {
      cur = { str: chars[i]!, x, y: it.y, width: w, height: it.height };
      out.push(cur);
    }
    x += w;
  }
  return out;
}

const centreY = (it: GridItem) => it.y + 0.3 * (it.height > 0 ? it.height : 10);

/** The grid row of a height, or -1 outside the grid. */
function rowAt(g: PdfGrid, y: number): number {
  const rows = g.ys.length - 1;
  if (y > g.ys[0]! || y < g.ys[rows]!) return -1;
  let r = 0;
  while (r + 1 < rows && y <= g.ys[r + 1]!) r++;
  return r;
}

/** The grid column of an x (clamped: text running over the outer border stays in the table). */
function colAt(g: PdfGrid, x: number): number {
  const cols = g.xs.length - 1;
  let c = 0;
  while (c + 1 < cols && x >= g.xs[c + 1]!) c++;
  return c;
}

const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/;

interface CellLine {
  text: string;
  x0: number;
  x1: number;
  h: number;
}

/** A cell's lines, top to bottom, each its pieces left to right. */
function cellLines(items: GridItem[]): CellLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: GridItem[][] = [];
  for (const it of sorted) {
    const line = groups.at(-1);
    const h = Math.min(line?.[0]?.height || 10, it.height || 10);
    if (line && Math.abs(line[0]!.y - it.y) <= h / 3) line.push(it);
    else groups.push([it]);
  }
  const out: CellLine[] = [];
  for (const line of groups) {
    line.sort((a, b) => a.x - b.x);
    let s = '';
    let end = Number.NEGATIVE_INFINITY;
    let x0 = Number.POSITIVE_INFINITY;
    let h = Number.POSITIVE_INFINITY;
    for (const it of line) {
      const str = it.str.trim();
      if (str === '') continue;
      const gap = it.x - end;
      s = s === '' ? str : gap > 0.15 * (it.height || 10) ? `${s} ${str}` : s + str;
      end = Math.max(end, it.x + Math.max(it.width, 0));
      x0 = Math.min(x0, it.x);
      h = Math.min(h, it.height || 10);
    }
    if (s !== '') out.push({ text: s, x0, x1: end, h });
  }
  return out;
}

/**
 * Lines joined: wrapped Chinese without a space; Latin words and numbers keep one, so two numbers
 * stacked in a cell are never glued into one — unless `wrapped` (a number broken by the cell's width).
 */
function joinLines(lines: CellLine[], wrapped: boolean): string {
  return lines.reduce(
    (acc, l) =>
      acc === ''
        ? l.text
        : wrapped || CJK.test(acc.at(-1) ?? '') || CJK.test(l.text[0] ?? '')
          ? acc + l.text
          : `${acc} ${l.text}`,
    '',
  );
}

/** A number or a blank marker alone: a cell line that is a value. */
const VALUE_LINE =
  /^(?:[-+−＋－增减]?\s*[\d０-９][\d０-９.,，]*\s*(?:%|％|万?元|件|项|个)?|无|[—–-]+|[/／])$/;
const DIGITS = /^[\d０-９.,，]+$/;

/**
 * Several value lines in one cell: a number the cell's width broke (full-width digits break
 * anywhere; Word breaks a number wider than its cell), or rows with no rule between them.
 * Broken: the lines are digits, and each but the last fills the cell (its next digit would not fit).
 */
function brokenNumber(lines: CellLine[], width: number): boolean {
  if (!lines.every((l) => DIGITS.test(l.text))) return false;
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i]!;
    const next = lines[i + 1]!;
    const digit = (next.x1 - next.x0) / Math.max(1, [...next.text].length);
    if (l.x1 - l.x0 + digit < 0.6 * width) return false;
  }
  return true;
}

export interface GridTable {
  /** Top and bottom of the table (y), for ordering it among the page's other lines. */
  top: number;
  bottom: number;
  /** Rows of cell texts; null where a span from another cell covers the position. */
  rows: (string | null)[][];
}

/**
 * Place a page's items in its grids. Returns each usable grid's rows and the items in none of them
 * (prose, headings, and the items of grids that turned out unusable).
 */
export function placeItems(grids: PdfGrid[], items: GridItem[]): { tables: GridTable[]; rest: GridItem[] } {
  const buckets = grids.map((g) => g.cells.map((): GridItem[] => []));
  const taken = grids.map((): GridItem[] => []);
  const rest: GridItem[] = [];
  for (const it of items) {
    if (it.str.trim() === '') continue;
    const cy = centreY(it);
    const cx = it.x + Math.max(it.width, 0) / 2;
    const gi = grids.findIndex((g) => rowAt(g, cy) >= 0 && cx >= g.xs[0]! && cx <= g.xs.at(-1)!);
    if (gi < 0) {
      rest.push(it);
      continue;
    }
    const g = grids[gi]!;
    taken[gi]!.push(it);
    const r = rowAt(g, cy);
    for (const part of splitAcross(it, g.xs)) {
      // Where the text starts (a little into its first glyph): overflow runs right, not left.
      const c = colAt(g, part.x + Math.min(0.25 * (part.height || 10), Math.max(part.width, 0) / 2));
      buckets[gi]![g.owner[r * (g.xs.length - 1) + c]!]!.push(part);
    }
  }
  const tables: GridTable[] = [];
  grids.forEach((g, gi) => {
    const cols = g.xs.length - 1;
    const lines = g.cells.map((_, k) => cellLines(buckets[gi]![k]!));
    let usable = true;
    const texts = g.cells.map((cell, k) => {
      const ls = lines[k]!;
      const values = ls.filter((l) => VALUE_LINE.test(l.text)).length;
      if (values < 2) return joinLines(ls, false);
      // Several values in one cell: one number broken by the width, or rows with no rule between
      // them — a grid not to trust.
      if (brokenNumber(ls, g.xs[cell.c + cell.cs]! - g.xs[cell.c]!)) return joinLines(ls, true);
      usable = false;
      return '';
    });
    // Every value of a row on the same number of lines: rows with no rule between them, however
    // the numbers look (broken numbers break where their length says, not in step).
    for (let r = 0; r < g.ys.length - 1 && usable; r++) {
      const counts = g.cells.flatMap((c, k) =>
        c.r === r && lines[k]!.some((l) => VALUE_LINE.test(l.text)) ? [lines[k]!.length] : [],
      );
      if (counts.length >= 3 && counts[0]! >= 2 && counts.every((n) => n === counts[0])) usable = false;
    }
    if (!usable || texts.every((t) => t === '')) {
      rest.push(...taken[gi]!);
      return;
    }
    const rows: (string | null)[][] = [];
    for (let r = 0; r < g.ys.length - 1; r++) {
      const row: (string | null)[] = [];
      let text = false;
      for (let c = 0; c < cols; c++) {
        const k = g.owner[r * cols + c]!;
        const cell = g.cells[k]!;
        // An empty cell sliced by a page break is part of a cell printed on the other page (a
        // rowspan going on, the values of a row whose label the break cut), not a blank: read as
        // a blank, the half row holding the label's start would name the row with no values.
        const sliced = (cell.openTop || cell.openBottom) && texts[k] === '';
        if (cell.r === r && cell.c === c && !sliced) {
          row.push(texts[k]!);
          if (texts[k] !== '') text = true;
        } else row.push(null);
      }
      // A band with no text of its own (a double rule, a row of merged continuations) is no row.
      if (text) rows.push(row);
    }
    tables.push({ top: g.ys[0]!, bottom: g.ys.at(-1)!, rows });
  });
  return { tables, rest };
}
