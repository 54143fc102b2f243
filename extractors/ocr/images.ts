/**
 * Image bytes → grey page rasters. PNG, JPEG, GIF, BMP and WebP are decoded by Skia
 * (@napi-rs/canvas, a prebuilt binary from npm, already what pdfjs draws with); TIFF, the
 * scanner's format, by UTIF (pure JS, every page of a multi-page file). Resolution comes from
 * the file when it says (JFIF density, PNG pHYs, TIFF XResolution), else from the width of an
 * A4 page.
 */
import { createRequire } from 'node:module';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { OcrInputError } from './errors.ts';
import { type ImageKind, imageKind } from './magic.ts';
import { type Gray, grayFromRgba } from './raster.ts';
import type { PageImage } from './read.ts';

export { type ImageKind, imageKind } from './magic.ts';

/** Pixels beyond this are refused: a 600 dpi A3 scan is 50 M; a decompression bomb is more. */
export const MAX_PIXELS = 60_000_000;
const A4_WIDTH_IN = 8.27;

export async function decodeImage(bytes: Uint8Array, what: string, firstPage = 1): Promise<PageImage[]> {
  const kind = imageKind(bytes);
  if (!kind) throw new OcrInputError('input.unsupported', `${what}: not an image`);
  if (kind === 'tiff') return decodeTiff(bytes, what, firstPage);
  const size = dimensions(bytes, kind);
  if (size && size.width * size.height > MAX_PIXELS)
    throw new OcrInputError('ocr.too_large', `${what}: ${size.width}×${size.height} pixels is over the cap`);
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new OcrInputError(
      'document.corrupt',
      `${what}: cannot decode the ${kind} image (${(err as Error).message})`,
    );
  }
  if (img.width * img.height > MAX_PIXELS)
    throw new OcrInputError('ocr.too_large', `${what}: ${img.width}×${img.height} pixels is over the cap`);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  const gray = grayFromRgba(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
  return [{ page: firstPage, img: gray, dpi: declaredDpi(bytes, kind) ?? guessDpi(gray) }];
}

function guessDpi(img: Gray): number {
  return Math.min(600, Math.max(100, Math.round(img.width / A4_WIDTH_IN)));
}

function plausible(d: number | undefined): number | undefined {
  return d !== undefined && d >= 96 && d <= 1200 ? Math.round(d) : undefined;
}

/** The resolution the file states, if any (JFIF density in dots per inch/cm, PNG pHYs per metre). */
export function declaredDpi(b: Uint8Array, kind: ImageKind): number | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (kind === 'jpeg' && b.length > 18 && b[6] === 0x4a && b[7] === 0x46 && b[8] === 0x49 && b[9] === 0x46) {
    const unit = b[13];
    const x = dv.getUint16(14);
    return plausible(unit === 1 ? x : unit === 2 ? x * 2.54 : undefined);
  }
  if (kind === 'png') {
    for (let i = 8; i + 8 < b.length; ) {
      const len = dv.getUint32(i);
      const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
      if (type === 'pHYs' && len >= 9)
        return b[i + 16] === 1 ? plausible(dv.getUint32(i + 8) * 0.0254) : undefined;
      if (type === 'IDAT' || type === 'IEND') break;
      i += 12 + len;
    }
  }
  return undefined;
}

function dimensions(b: Uint8Array, kind: ImageKind): { width: number; height: number } | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (kind === 'png' && b.length >= 24) return { width: dv.getUint32(16), height: dv.getUint32(20) };
  if (kind === 'jpeg') {
    for (let i = 2; i + 9 < b.length; ) {
      if (b[i] !== 0xff) return null;
      const m = b[i + 1]!;
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
        return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
      i += 2 + dv.getUint16(i + 2);
    }
  }
  return null;
}

interface UtifIfd {
  width: number;
  height: number;
  t282?: number[];
  t296?: number[];
}
interface Utif {
  decode(buf: ArrayBuffer): UtifIfd[];
  decodeImage(buf: ArrayBuffer, ifd: UtifIfd): void;
  toRGBA8(ifd: UtifIfd): Uint8Array;
}
let utif: Utif | undefined;

function decodeTiff(bytes: Uint8Array, what: string, firstPage: number): PageImage[] {
  utif ??= createRequire(import.meta.url)('utif') as Utif;
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const ifds = utif.decode(buf).filter((d) => (d as unknown as Record<string, unknown>).t256 !== undefined);
    return ifds.map((ifd, i) => {
      utif!.decodeImage(buf, ifd);
      if (ifd.width * ifd.height > MAX_PIXELS)
        throw new OcrInputError('ocr.too_large', `${what}: page ${i + 1} is over the pixel cap`);
      const gray = grayFromRgba(utif!.toRGBA8(ifd), ifd.width, ifd.height);
      const res = ifd.t282?.[0];
      const dpi = plausible(res === undefined ? undefined : ifd.t296?.[0] === 3 ? res * 2.54 : res);
      return { page: firstPage + i, img: gray, dpi: dpi ?? guessDpi(gray) };
    });
  } catch (err) {
    if (err instanceof OcrInputError) throw err;
    throw new OcrInputError(
      'document.corrupt',
      `${what}: cannot decode the TIFF (${(err as Error).message})`,
    );
  }
}
