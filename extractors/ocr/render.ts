/**
 * PDF pages → page rasters with Debian's poppler (`pdftoppm`, a maintained renderer that draws
 * every image codec scanners use: JPEG, JBIG2, CCITT, JPEG 2000), one page per process, capped like
 * the OCR engine. Colour output, so the grey conversion can fade red seals.
 */
import { OcrInputError } from './errors.ts';
import { type OcrLimits, runCapped } from './proc.ts';
import { type Gray, grayFromRgba } from './raster.ts';
import type { PageImage } from './read.ts';

export const RENDER_DPI = 300;

export async function renderPdfPage(
  bytes: Uint8Array,
  page: number,
  limits: OcrLimits,
  dpi = RENDER_DPI,
): Promise<PageImage> {
  const out = await runCapped(
    'pdftoppm',
    ['-f', String(page), '-l', String(page), '-r', String(dpi), '-'],
    limits,
    bytes,
  );
  return { page, img: parsePnm(out, `pdf page ${page}`), dpi };
}

/** Binary PPM (P6) or PGM (P5), 8 bits per sample, as pdftoppm writes them. */
export function parsePnm(buf: Buffer, what: string): Gray {
  const pnm = readPnm(buf);
  if (!pnm) throw new OcrInputError('ocr.failed', `${what}: the renderer wrote no image (or not 8-bit)`);
  const { width, height, data } = pnm;
  if (pnm.channels === 1) return { width, height, data: new Uint8Array(data) };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgba[i * 4] = data[j]!;
    rgba[i * 4 + 1] = data[j + 1]!;
    rgba[i * 4 + 2] = data[j + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return grayFromRgba(rgba, width, height);
}

export interface Pnm {
  width: number;
  height: number;
  /** 1 (grey, or a bitmap as 0/255) or 3 (RGB). */
  channels: 1 | 3;
  data: Uint8Array;
}

/**
 * Binary PBM (P4: 1 = black), PGM (P5) or PPM (P6) with 8-bit samples (what poppler's pdftoppm and
 * pdfimages write); `null` for anything else or a file cut short.
 */
export function readPnm(buf: Buffer): Pnm | null {
  const header = /^P([456])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s(?:\s*(\d+)\s)?/.exec(
    buf.subarray(0, 64).toString('latin1'),
  );
  if (!header) return null;
  const [all, kind, w, h, max] = header;
  const width = Number(w);
  const height = Number(h);
  const body = buf.subarray(all!.length);
  if (!(width > 0 && height > 0)) return null;
  if (kind === '4') {
    // PBM has no maxval: the "max" the pattern may have taken is the start of the data.
    const start = /^P4\s+(?:#[^\n]*\s+)*\d+\s+\d+\s/.exec(buf.subarray(0, 64).toString('latin1'))![0].length;
    const bits = buf.subarray(start);
    const stride = Math.ceil(width / 8);
    if (bits.length < stride * height) return null;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[y * width + x] = (bits[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
    return { width, height, channels: 1, data };
  }
  if (Number(max) !== 255) return null;
  const channels = kind === '5' ? 1 : 3;
  if (body.length < width * height * channels) return null;
  return { width, height, channels, data: body.subarray(0, width * height * channels) };
}
