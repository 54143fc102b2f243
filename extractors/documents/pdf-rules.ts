/**
 * The ruling lines a PDF page draws, from its pdfjs operator list. Pure.
 *
 * A table printed from Word, WPS or a browser is text plus the cell borders as vector graphics:
 * thin filled rectangles (Chromium, Word's PDF export), stroked lines or stroked cell rectangles
 * (`re S`: most PDF libraries). Only axis-aligned, visible (not white) pieces are kept, in page
 * space (the current transformation matrix followed through save/restore/transform and form
 * XObjects), the same space pdfjs gives text items in. pdf-grid.ts turns them into cells.
 */

/** A horizontal (`y` fixed, `a`..`b` along x) or vertical (`x` fixed, `a`..`b` along y) ruling. */
export interface Rule {
  /** The fixed coordinate: y of a horizontal rule, x of a vertical one. */
  at: number;
  a: number;
  b: number;
}

export interface PageRules {
  h: Rule[];
  v: Rule[];
}

/** The operator codes this reader needs (pdfjs `OPS`), passed in so this module stays pure. */
export interface OpCodes {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  setStrokeRGBColor: number;
  setFillRGBColor: number;
}

type Matrix = [number, number, number, number, number, number];

/** A filled rectangle thinner than this (points) is a line, not a shaded cell. */
const MAX_THICKNESS = 3;
/** Pieces shorter than this are dots, glyph parts or tick marks. */
const MIN_LENGTH = 2;
/** More path points than any table draws: a page of vector art is not read for rules. */
const MAX_POINTS = 400_000;

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** `#rrggbb` (how pdfjs hands every colour space over) close to white: paper, not ink. */
function isWhite(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  const n = Number.parseInt(color.slice(1), 16);
  return n >> 16 > 0xf0 && ((n >> 8) & 0xff) > 0xf0 && (n & 0xff) > 0xf0;
}

/** The subpaths of a pdfjs path (DrawOPS: 0 moveTo, 1 lineTo, 2 curveTo, 3 quadraticCurveTo, 4 closePath) as point lists. */
function subpaths(
  data: ArrayLike<number>,
  m: Matrix,
): { pts: [number, number][]; closed: boolean; curved: boolean }[] {
  const out: { pts: [number, number][]; closed: boolean; curved: boolean }[] = [];
  let cur: { pts: [number, number][]; closed: boolean; curved: boolean } | null = null;
  for (let i = 0; i < data.length; ) {
    const op = data[i]!;
    if (op === 0) {
      cur = { pts: [apply(m, data[i + 1]!, data[i + 2]!)], closed: false, curved: false };
      out.push(cur);
      i += 3;
    } else if (op === 1) {
      cur?.pts.push(apply(m, data[i + 1]!, data[i + 2]!));
      i += 3;
    } else if (op === 2) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(m, data[i + 5]!, data[i + 6]!));
      }
      i += 7;
    } else if (op === 3) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(m, data[i + 3]!, data[i + 4]!));
      }
      i += 5;
    } else if (op === 4) {
      if (cur) cur.closed = true;
      i += 1;
    } else return out; // an opcode this reader does not know: stop rather than misread
  }
  return out;
}

function addSegment(out: PageRules, [x0, y0]: [number, number], [x1, y1]: [number, number]): void {
  if (Math.abs(y0 - y1) <= 0.5 && Math.abs(x1 - x0) >= MIN_LENGTH)
    out.h.push({ at: (y0 + y1) / 2, a: Math.min(x0, x1), b: Math.max(x0, x1) });
  else if (Math.abs(x0 - x1) <= 0.5 && Math.abs(y1 - y0) >= MIN_LENGTH)
    out.v.push({ at: (x0 + x1) / 2, a: Math.min(y0, y1), b: Math.max(y0, y1) });
}

/** A filled subpath that is a thin axis-aligned box (a border drawn as a rectangle): its centre line. */
function addBar(out: PageRules, pts: [number, number][]): void {
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const [x, y] of pts) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  // Only boxes: every point on the bounding box's corners.
  const onCorner = pts.every(
    ([x, y]) =>
      (Math.abs(x - x0) < 0.01 || Math.abs(x - x1) < 0.01) &&
      (Math.abs(y - y0) < 0.01 || Math.abs(y - y1) < 0.01),
  );
  if (!onCorner) return;
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= MAX_THICKNESS && w >= MIN_LENGTH && w > 2 * h) out.h.push({ at: (y0 + y1) / 2, a: x0, b: x1 });
  else if (w <= MAX_THICKNESS && h >= MIN_LENGTH && h > 2 * w)
    out.v.push({ at: (x0 + x1) / 2, a: y0, b: y1 });
}

/**
 * The page's rulings. `fnArray`/`argsArray` are pdfjs `getOperatorList()`'s; pdfjs ≥ 5 hands a
 * path over as `constructPath(paintOp, [Float32Array of DrawOPS], minMax)`.
 */
export function pageRules(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: OpCodes,
): PageRules {
  const out: PageRules = { h: [], v: [] };
  const strokes = new Set([
    ops.stroke,
    ops.closeStroke,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  const fills = new Set([
    ops.fill,
    ops.eoFill,
    ops.fillStroke,
    ops.eoFillStroke,
    ops.closeFillStroke,
    ops.closeEOFillStroke,
  ]);
  let m: Matrix = [1, 0, 0, 1, 0, 0];
  let stroke: unknown = '#000000';
  let fill: unknown = '#000000';
  const stack: { m: Matrix; stroke: unknown; fill: unknown }[] = [];
  let points = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push({ m, stroke, fill });
    else if (fn === ops.restore) {
      const s = stack.pop();
      if (s) ({ m, stroke, fill } = s);
    } else if (fn === ops.transform && args?.length === 6) m = multiply(args as Matrix, m);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push({ m, stroke, fill });
      const fm = args?.[0] as number[] | null | undefined;
      if (fm && fm.length === 6) m = multiply(fm as Matrix, m);
    } else if (fn === ops.paintFormXObjectEnd) {
      const s = stack.pop();
      if (s) ({ m, stroke, fill } = s);
    } else if (fn === ops.setStrokeRGBColor) stroke = args?.[0];
    else if (fn === ops.setFillRGBColor) fill = args?.[0];
    else if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | null)?.[0];
      if (!data || typeof data.length !== 'number') continue;
      points += data.length;
      if (points > MAX_POINTS) return { h: [], v: [] };
      const isStroke = strokes.has(paint) && !isWhite(stroke);
      const isFill = fills.has(paint) && !isWhite(fill);
      if (!isStroke && !isFill) continue;
      for (const sp of subpaths(data, m)) {
        if (sp.curved) continue;
        if (isStroke) {
          for (let k = 1; k < sp.pts.length; k++) addSegment(out, sp.pts[k - 1]!, sp.pts[k]!);
          if (sp.closed && sp.pts.length > 2) addSegment(out, sp.pts.at(-1)!, sp.pts[0]!);
        }
        if (isFill && sp.pts.length >= 4) addBar(out, sp.pts);
      }
    }
  }
  return out;
}
