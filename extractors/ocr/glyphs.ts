/**
 * The ink of a value cell against the digits its readings agreed on: a guard, never a reading.
 *
 * Readings that agree can all lose the same glyphs: on a 150 dpi damaged scan (bench/ocr.ts seed
 * 2517) three of five readings took a printed "202" for "2" and the quorum took it; only the
 * report's identity check nulled it, and a table without such a check would load a wrong number.
 * The ink tells what the readings cannot: a line of print holding three digits is three glyph-tall
 * ink columns, about three digits wide. A decided value whose digits cannot explain its ink (more
 * glyph-tall columns than digits, or ink wider than that many digits can be) is disputed (null +
 * `ocr.low_confidence` with the readings): evidence to null, never to correct.
 *
 * The ink is measured on the tidy crop eng reads (read.ts `tidyCrop`, binarised: trimmed to its
 * ink, the ink 40 px high) as its connected components, joined where they overlap in x (a digit
 * broken in two by noise is one column), and kept in the cell's votes (`CellVotes.ink`) so the
 * rule can be measured again on saved documents (bench/ocr.ts `--replay --redecide`).
 */
import type { Gray } from './raster.ts';

/** Ink columns of a crop: [x0, x1, y0, y1] (inclusive, pixels of the tidy crop), left to right. */
export interface InkColumns {
  cols: [number, number, number, number][];
}

/** Components smaller than this (pixels of the 40 px tidy crop) are specks, not strokes. */
const SPECK = 6;

/** Connected components (8-neighbour) of the dark pixels, joined into columns where they overlap in x. */
export function inkColumns(img: Gray, threshold = 128): InkColumns {
  const { width: w, height: h, data } = img;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const boxes: [number, number, number, number][] = [];
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || data[i]! > threshold) continue;
    seen[i] = 1;
    stack.push(i);
    let [x0, x1, y0, y1, n] = [w, -1, h, -1, 0];
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % w;
      const y = (j - x) / w;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const k = yy * w + xx;
          if (!seen[k] && data[k]! <= threshold) {
            seen[k] = 1;
            stack.push(k);
          }
        }
      }
    }
    if (n >= SPECK) boxes.push([x0, x1, y0, y1]);
  }
  boxes.sort((a, b) => a[0] - b[0]);
  const cols: [number, number, number, number][] = [];
  for (const b of boxes) {
    const last = cols.at(-1);
    if (last && b[0] <= last[1]) {
      last[1] = Math.max(last[1], b[1]);
      last[2] = Math.min(last[2], b[2]);
      last[3] = Math.max(last[3], b[3]);
    } else cols.push([...b]);
  }
  return { cols };
}

/**
 * Why the digits `core` (read.ts `numericCore` of the decided value) cannot be what the ink shows,
 * or null when they can. A glyph-tall column is one at least TALL of the tallest column's height
 * (digits are all one height; a minus, a point or a comma is not); it holds as many glyphs as its
 * width makes at GLYPH_WIDTH glyph heights each, and at least one (glyphs touching at 150 dpi are
 * one column; a full-width digit, about 0.8 glyph heights wide, is one). More glyphs than digits:
 * the readings lost some. `signs`: glyphs read beside the digits that are as tall (a plus sign).
 */
export function inkDispute(core: string, ink: InkColumns | undefined, signs = 0): string | null {
  if (!ink || ink.cols.length === 0) return null;
  const digits = core.replace(/[^0-9]/g, '').length;
  if (digits === 0) return null;
  const glyphs = countGlyphs(ink);
  return glyphs > digits + signs ? `${glyphs} glyphs of ink for ${digits} digits` : null;
}

/**
 * Glyphs in a line of ink columns. Neighbouring columns whose union is no wider than one glyph
 * (GLYPH_WIDTH of the line's height) are pieces of one glyph (a 0 broken into two halves by
 * noise). The line's height is the tallest group's that is not a bar (a group narrower than
 * BAR of its height: a ruling's stub or a seal's arc left in the crop, often taller than the
 * print). A group is a glyph when its tallest piece is at least TALL of that height (a minus, a
 * point, a comma and specks are not; nor specks that only add up to a glyph's height), and not a
 * bar; it counts as many glyphs as its width makes, at least one (glyphs touching at 150 dpi are
 * one group; a full-width digit, about 0.8 of the height wide, is one). Groups are runs of print
 * where the gaps between them are narrower than GAP of the height: a number's glyphs stand close,
 * and what stands apart (a seal's letter, a stub beside the cell) is another run; the glyphs
 * counted are those of the run that has most.
 */
export function countGlyphs(ink: InkColumns): number {
  const groups: { x0: number; x1: number; y0: number; y1: number; piece: number }[] = [];
  const top = Math.max(...ink.cols.map((c) => c[3] - c[2] + 1));
  for (const c of ink.cols) {
    const g = groups.at(-1);
    const h = c[3] - c[2] + 1;
    if (g && c[1] - g.x0 + 1 <= GLYPH_WIDTH * top) {
      g.x1 = Math.max(g.x1, c[1]);
      g.y0 = Math.min(g.y0, c[2]);
      g.y1 = Math.max(g.y1, c[3]);
      g.piece = Math.max(g.piece, h);
    } else groups.push({ x0: c[0], x1: c[1], y0: c[2], y1: c[3], piece: h });
  }
  const bar = (g: (typeof groups)[number]) => g.x1 - g.x0 + 1 < BAR * (g.y1 - g.y0 + 1);
  const solid = groups.filter((g) => !bar(g));
  const line = Math.max(...(solid.length ? solid : groups).map((g) => g.y1 - g.y0 + 1));
  let best = 0;
  let run = 0;
  let end = -Infinity;
  for (const g of groups) {
    if (g.piece < TALL * line || bar(g)) continue;
    if (g.x0 - end > GAP * line) run = 0;
    run += Math.max(1, Math.round((g.x1 - g.x0 + 1) / (GLYPH_WIDTH * line)));
    end = g.x1;
    best = Math.max(best, run);
  }
  return best;
}

/** A column this tall (of the tallest) is a glyph's. */
export const TALL = 0.55;
/** A group narrower than this (of its height) is a bar, not a digit. */
export const BAR = 0.2;
/** A gap wider than this (of the line's height) ends a run of print. */
export const GAP = 1.0;
/** A digit's width with its spacing, in glyph heights (the bench's font: 0.55–0.65; full-width 0.8). */
export const GLYPH_WIDTH = 0.7;
