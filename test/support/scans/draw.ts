/**
 * A report drawn as page images, the way a scanner sees the printout: the document builders'
 * layout (test/support/documents/draw.ts) painted on a canvas at a given resolution with the CJK
 * font from npm (test/support/fonts). Where each table value landed is recorded, so scan damage can
 * aim at a cell (a seal over a number) and tests can say which cells were hit.
 */
import { type Canvas, createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { type DrawOptions, drawBlocks, type Pen } from '../documents/draw.ts';
import { reportBlocks } from '../documents/outline.ts';
import type { BuildableReport } from '../documents/sample-report.ts';
import { CJK_FONTS } from '../fonts/index.ts';

const A4 = { width: 595.28, height: 841.89 };
const FAMILY = 'xxgk-scan-cjk';
let registered = false;

function registerFont(): void {
  if (registered) return;
  if (!GlobalFonts.registerFromPath(CJK_FONTS.regular, FAMILY)) {
    throw new Error(`cannot load the CJK font ${CJK_FONTS.regular} (npm package @embedpdf/fonts-sc)`);
  }
  registered = true;
}

export interface PlacedText {
  page: number;
  text: string;
  /** Box in page pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Drawn at the table font size: a table cell's text. */
  inTable: boolean;
}

export interface DrawnPages {
  dpi: number;
  pages: Canvas[];
  texts: PlacedText[];
}

/** Table cells are drawn at 9 pt (draw.ts); body text is larger. */
const TABLE_SIZE = 9;

export function drawReport(report: BuildableReport, dpi: number, opts: DrawOptions = {}): DrawnPages {
  registerFont();
  const s = dpi / 72;
  const pages: Canvas[] = [];
  const texts: PlacedText[] = [];
  let ctx: SKRSContext2D;
  const newPage = () => {
    const c = createCanvas(Math.round(A4.width * s), Math.round(A4.height * s));
    ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = '#000';
    ctx.strokeStyle = '#000';
    ctx.textBaseline = 'top';
    pages.push(c);
  };
  newPage();
  const measure = createCanvas(8, 8).getContext('2d');
  const pen: Pen = {
    pageWidth: A4.width,
    pageHeight: A4.height,
    measure: (text, size) => {
      measure.font = `${size}px ${FAMILY}`;
      return measure.measureText(text).width;
    },
    text: (str, x, y, size) => {
      ctx.font = `${size * s}px ${FAMILY}`;
      ctx.fillText(str, x * s, y * s);
      texts.push({
        page: pages.length,
        text: str,
        x: x * s,
        y: y * s,
        w: pen.measure(str, size) * s,
        h: size * s,
        inTable: size === (opts.tableFontSize ?? TABLE_SIZE),
      });
    },
    rect: (x, y, w, h) => {
      ctx.lineWidth = Math.max(1, 0.6 * s);
      ctx.strokeRect(x * s, y * s, w * s, h * s);
    },
    addPage: newPage,
  };
  drawBlocks(pen, reportBlocks(report), opts);
  return { dpi, pages, texts };
}
