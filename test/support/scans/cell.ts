/**
 * One table cell's print as read.ts hands a crop to an engine: grey, light paper, text drawn with
 * the project's CJK font. OCR tests vary size, place, weight, tilt and ink across seeds with it.
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { type Gray, grayFromRgba } from '../../../extractors/ocr/raster.ts';
import { decideValue, LOW_MARK, type OcrCell } from '../../../extractors/ocr/read.ts';
import { CJK_FONTS } from '../fonts/index.ts';

export type Weight = keyof typeof CJK_FONTS;

export interface CellDrawing {
  width: number;
  height: number;
  /** Font size in pixels (9 pt at 300 dpi is ~37 px). */
  px: number;
  /** Where the text starts (`align: 'left'`) or is centred, middle of its line. */
  x: number;
  y: number;
  weight?: Weight;
  align?: 'left' | 'center';
  /** Radians about (x, y). */
  tilt?: number;
  paper?: string;
  ink?: string;
}

const registered = new Set<Weight>();

export function drawCell(text: string, o: CellDrawing): Gray {
  const weight = o.weight ?? 'regular';
  if (!registered.has(weight)) {
    GlobalFonts.registerFromPath(CJK_FONTS[weight], `xxgk-cell-${weight}`);
    registered.add(weight);
  }
  const canvas = createCanvas(o.width, o.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = o.paper ?? '#fff';
  ctx.fillRect(0, 0, o.width, o.height);
  ctx.fillStyle = o.ink ?? '#000';
  ctx.translate(o.x, o.y);
  if (o.tilt) ctx.rotate(o.tilt);
  ctx.font = `${o.px}px xxgk-cell-${weight}`;
  ctx.textAlign = o.align ?? 'left';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 0, 0);
  return grayFromRgba(ctx.getImageData(0, 0, o.width, o.height).data, o.width, o.height);
}

/** Where a test's lone value cell sits: page 1, the first row's first value column. */
export const valueCellAt = () => ({
  page: 1,
  box: { x: 0, y: 0, w: 100, h: 40 },
  row: 0,
  col: 1,
  rowSpan: 1,
  colSpan: 1,
});

/** A value cell Tesseract's readings left undecided, as PaddleOCR's vote gets it. */
export const undecidedCell = (): OcrCell => ({
  ...valueCellAt(),
  text: LOW_MARK,
  reading: '',
  confidence: 40,
  status: 'low',
  why: 'readings disagree',
});

/**
 * `decideValue` on plain readings, all at confidence `conf`: the free chi_sim reading, the chi_sim
 * value-characters reading, then the eng ones; the cell starts as `start()` makes it.
 */
export const decider =
  (conf: number, start: () => OcrCell = undecidedCell) =>
  (a: string, c: string, ...eng: string[]): OcrCell => {
    const cell = start();
    const r = (text: string) => ({ text, conf });
    decideValue(cell, r(a), r(c), eng.map(r), 80);
    return cell;
  };
