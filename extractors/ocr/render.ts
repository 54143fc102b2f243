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
  const header = /^P([56])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(
    buf.subarray(0, 64).toString('latin1'),
  );
  if (!header) throw new OcrInputError('ocr.failed', `${what}: the renderer wrote no image`);
  const [all, kind, w, h, max] = header;
  const width = Number(w);
  const height = Number(h);
  if (Number(max) !== 255) throw new OcrInputError('ocr.failed', `${what}: ${max}-level image not supported`);
  const data = buf.subarray(all!.length);
  if (kind === '5') return { width, height, data: new Uint8Array(data.subarray(0, width * height)) };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgba[i * 4] = data[j]!;
    rgba[i * 4 + 1] = data[j + 1]!;
    rgba[i * 4 + 2] = data[j + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return grayFromRgba(rgba, width, height);
}
