/**
 * Ruled tables: the cells a table's rulings enclose, found as the connected regions of paper the
 * ruling mask leaves (a cell spanning rows or columns is one region), then placed on a grid
 * whose lines are the distinct cell edges, so spans come out as HTML would write them.
 */
import type { Box } from './raster.ts';

export interface GridCell extends Box {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface TableGrid {
  box: Box;
  rows: number;
  cols: number;
  cells: GridCell[];
}

/**
 * Tables from a mask of ruling pixels (1 = ruling). Works on a copy shrunk by `scale` (rulings
 * are dilated first so a break of a few pixels does not merge two cells).
 */
export function findTables(
  mask: Uint8Array,
  width: number,
  height: number,
  scale = 2,
  minCell = 8,
): TableGrid[] {
  const w = Math.ceil(width / scale);
  const h = Math.ceil(height / scale);
  const m = new Uint8Array(w * h);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const sy = ((y / scale) | 0) * w;
    for (let x = 0; x < width; x++) if (mask[row + x]) m[sy + ((x / scale) | 0)] = 1;
  }
  close(m, w, h, 3);
  // Ruling components: each is one table's frame.
  const frame = new Int32Array(w * h).fill(-1);
  const frames: Box[] = [];
  const stack: number[] = [];
  for (let i = 0; i < m.length; i++) {
    if (!m[i] || frame[i]! >= 0) continue;
    const id = frames.length;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let n = 0;
    stack.push(i);
    frame[i] = id;
    while (stack.length) {
      const p = stack.pop()!;
      n++;
      const px = p % w;
      const py = (p / w) | 0;
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
      for (const q of [p - 1, p + 1, p - w, p + w]) {
        if (q < 0 || q >= m.length || !m[q] || frame[q]! >= 0) continue;
        if ((q === p - 1 && px === 0) || (q === p + 1 && px === w - 1)) continue;
        frame[q] = id;
        stack.push(q);
      }
    }
    frames.push({ x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 });
    void n;
  }
  const tables: TableGrid[] = [];
  frames.forEach((f, id) => {
    // A frame must be a real table: wide and tall enough to hold cells.
    if (f.w < minCell * 4 || f.h < minCell * 2) return;
    const cells = enclosed(m, frame, id, w, f, minCell / scale);
    if (cells.length < 2) return;
    const up = (b: Box): Box => ({ x: b.x * scale, y: b.y * scale, w: b.w * scale, h: b.h * scale });
    // Edges closer than a minimal cell are one grid line (a cell narrower is no cell): a seal's ring
    // touching a ruling pushes a cell's edge by ~10 px at 300 dpi (bench/ocr.ts); at 2 × scale,
    // that cell made a column of its own.
    tables.push(placeOnGrid(up(f), cells.map(up), Math.max(scale * 2, minCell)));
  });
  return tables.sort((a, b) => a.box.y - b.box.y);
}

/** Dilate then erode the mask along rows and columns (a morphological closing of radius r). */
function close(m: Uint8Array, w: number, h: number, r: number): void {
  const tmp = new Uint8Array(m);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (m[y * w + x])
        for (let d = -r; d <= r; d++) {
          if (x + d >= 0 && x + d < w) tmp[y * w + x + d] = 1;
          if (y + d >= 0 && y + d < h) tmp[(y + d) * w + x] = 1;
        }
  m.set(tmp);
}

/** Paper regions inside frame `id` that touch no other ruling: the frame's cells. */
function enclosed(m: Uint8Array, frame: Int32Array, id: number, w: number, f: Box, minSide: number): Box[] {
  const seen = new Uint8Array(f.w * f.h);
  const out: Box[] = [];
  const stack: number[] = [];
  for (let fy = 0; fy < f.h; fy++) {
    for (let fx = 0; fx < f.w; fx++) {
      const li = fy * f.w + fx;
      const gi = (f.y + fy) * w + f.x + fx;
      if (seen[li] || m[gi]) continue;
      let x0 = fx;
      let y0 = fy;
      let x1 = fx;
      let y1 = fy;
      let open = false;
      stack.push(li);
      seen[li] = 1;
      while (stack.length) {
        const p = stack.pop()!;
        const px = p % f.w;
        const py = (p / f.w) | 0;
        if (px < x0) x0 = px;
        if (px > x1) x1 = px;
        if (py < y0) y0 = py;
        if (py > y1) y1 = py;
        // Reaching the frame's bounding box edge means the region is outside the table.
        if (px === 0 || py === 0 || px === f.w - 1 || py === f.h - 1) open = true;
        const nb = [
          px > 0 ? p - 1 : -1,
          px < f.w - 1 ? p + 1 : -1,
          py > 0 ? p - f.w : -1,
          py < f.h - 1 ? p + f.w : -1,
        ];
        for (const q of nb) {
          if (q < 0 || seen[q]) continue;
          const gq = (f.y + ((q / f.w) | 0)) * w + f.x + (q % f.w);
          if (m[gq]) {
            if (frame[gq] !== id) open = true;
            continue;
          }
          seen[q] = 1;
          stack.push(q);
        }
      }
      if (open) continue;
      if (x1 - x0 + 1 < minSide || y1 - y0 + 1 < minSide) continue;
      out.push({ x: f.x + x0, y: f.y + y0, w: x1 - x0 + 1, h: y1 - y0 + 1 });
    }
  }
  return out;
}

/** Cluster sorted values closer than `tol` and return each cluster's mean. */
function cluster(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out.at(-1);
    if (last && v - last.at(-1)! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

function nearest(lines: number[], v: number): number {
  let best = 0;
  for (let i = 1; i < lines.length; i++) if (Math.abs(lines[i]! - v) < Math.abs(lines[best]! - v)) best = i;
  return best;
}

/**
 * Grid lines are the distinct top (left) edges of the cells plus the table's bottom (right) edge:
 * a cell starts at the line nearest its top and spans every line that starts above its bottom.
 */
function placeOnGrid(box: Box, cells: Box[], tol: number): TableGrid {
  const xl = [
    ...cluster(
      cells.map((c) => c.x),
      tol,
    ),
    box.x + box.w,
  ];
  const yl = [
    ...cluster(
      cells.map((c) => c.y),
      tol,
    ),
    box.y + box.h,
  ];
  const placed = cells.map((c) => {
    const col = nearest(xl, c.x);
    const row = nearest(yl, c.y);
    const colEnd = xl.filter((x) => x < c.x + c.w - tol).length;
    const rowEnd = yl.filter((y) => y < c.y + c.h - tol).length;
    return { ...c, row, col, rowSpan: Math.max(1, rowEnd - row), colSpan: Math.max(1, colEnd - col) };
  });
  placed.sort((a, b) => a.row - b.row || a.col - b.col);
  return { box, rows: Math.max(1, yl.length - 1), cols: Math.max(1, xl.length - 1), cells: placed };
}
