/**
 * A scanned PDF page taken as the scanner's own picture: when the page is one embedded image (what
 * a scanner's "scan to PDF" writes), poppler's `pdfimages` hands over its pixels as they are, at
 * their own resolution. Rendering the page instead (`pdftoppm -r 300`, render.ts) resamples them:
 * a 2,480-pixel-wide 300 dpi scan on an A4 page (595.28 pt) comes out 2,481 pixels wide, every glyph
 * edge smeared over a fraction of a pixel; on bench/ocr.ts that lost the lone full-width ０ that the
 * same scan as a PNG read (README).
 *
 * The picture is taken only when it is what the page shows: one image (with at most a soft mask of
 * its size, composited on white as a renderer does), the page not rotated, the image covering the
 * page, and the page rendered at the picture's pixel size matching the picture
 * (`renderDiffers`: what catches a flipped or rotated image, vector drawings or text over it, a
 * clip, a Decode array or colour space pdfimages reads otherwise). Anything else is rendered by
 * pdftoppm as before (`Refused`).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PIXELS } from './images.ts';
import { type OcrLimits, runCapped } from './proc.ts';
import { type Gray, grayFromRgba } from './raster.ts';
import type { PageImage } from './read.ts';
import { type Pnm, RENDER_DPI, readPnm } from './render.ts';

/** A picture finer than this (dpi) is rendered at RENDER_DPI instead: the resolution OCR was measured at. */
export const MAX_NATIVE_DPI = 330;
/** Coarser than this is no page scan (a thumbnail stretched over the page). */
export const MIN_NATIVE_DPI = 72;
/** A rendered pixel outside its neighbourhood's range in the picture by more than this (grey levels) differs… */
export const CHECK_LEVELS = 24;
/** …and more than this share of the page's pixels differing means the page is not the picture. */
export const CHECK_SHARE = 0.00005;

/** A PDF written to a temporary file for poppler's tools (pdfimages reads files only). */
export async function withPdfFile<T>(bytes: Uint8Array, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'xxgk-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    await writeFile(file, bytes);
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface ListedImage {
  type: string;
  width: number;
  height: number;
  color: string;
  bpc: number;
}

/** `pdfimages -list` rows (page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio). */
export function parseImageList(out: string): ListedImage[] {
  const rows: ListedImage[] = [];
  for (const line of out.split('\n').slice(2)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    rows.push({ type: f[2]!, width: Number(f[3]), height: Number(f[4]), color: f[5]!, bpc: Number(f[7]) });
  }
  return rows;
}

/** `pdfinfo -f N -l N`: the page's size in points and its rotation. */
export function parsePageInfo(out: string, page: number): { w: number; h: number; rot: number } | null {
  const size = new RegExp(`^Page\\s+${page} size:\\s+([\\d.]+) x ([\\d.]+) pts`, 'm').exec(out);
  const rot = new RegExp(`^Page\\s+${page} rot:\\s+(-?\\d+)`, 'm').exec(out);
  if (!size || !rot) return null;
  return { w: Number(size[1]), h: Number(size[2]), rot: Number(rot[1]) };
}

export interface NativePage extends PageImage {
  /** Multiply a box in this image's pixels by these to get pixels of the page at RENDER_DPI. */
  toRender: { x: number; y: number };
}

/** Why a page is rendered rather than taken as its picture (for the log and the tests). */
export interface Refused {
  refused: string;
}

/**
 * Page `page` of the PDF at `file` as its one embedded picture, or why not (then it is rendered).
 * Failures of the tools on an odd page are refusals too: the renderer then reads the page or says
 * why it cannot.
 */
export async function nativePageImage(
  file: string,
  page: number,
  limits: OcrLimits,
): Promise<NativePage | Refused> {
  const no = (refused: string): Refused => ({ refused });
  const range = ['-f', String(page), '-l', String(page)];
  let listed: ListedImage[];
  let info: ReturnType<typeof parsePageInfo>;
  try {
    listed = parseImageList((await runCapped('pdfimages', ['-list', ...range, file], limits)).toString());
    info = parsePageInfo((await runCapped('pdfinfo', [...range, file], limits)).toString(), page);
  } catch (err) {
    return no(`poppler: ${(err as Error).message}`);
  }
  const images = listed.filter((r) => r.type === 'image');
  const masks = listed.filter((r) => r.type !== 'image');
  if (!info) return no('no page size');
  if (info.rot % 360 !== 0) return no(`page rotated ${info.rot}°`);
  if (images.length !== 1) return no(`${images.length} images`);
  const img = images[0]!;
  // One soft mask of the picture's size (an encoder's alpha channel) is composited; a stencil or
  // colour-key mask, or one of another size, is the renderer's job.
  if (
    masks.length > 1 ||
    masks.some((m) => m.type !== 'smask' || m.width !== img.width || m.height !== img.height)
  )
    return no(`masks: ${masks.map((m) => `${m.type} ${m.width}×${m.height}`).join(', ')}`);
  if (img.width * img.height > MAX_PIXELS) return no(`${img.width}×${img.height} pixels`);
  const dpiX = img.width / (info.w / 72);
  const dpiY = img.height / (info.h / 72);
  // Square pixels (a page drawn at another aspect than its picture is no plain scan).
  if (Math.abs(dpiX - dpiY) > 0.01 * dpiX) return no(`${dpiX.toFixed(1)} × ${dpiY.toFixed(1)} dpi`);
  if (dpiX < MIN_NATIVE_DPI || dpiX > MAX_NATIVE_DPI) return no(`${dpiX.toFixed(1)} dpi`);

  const dir = await mkdtemp(join(tmpdir(), 'xxgk-pdfimages-'));
  try {
    await runCapped('pdfimages', [...range, file, join(dir, 'p')], limits);
    const names = (await readdir(dir)).sort();
    if (names.length !== listed.length)
      return no(`pdfimages wrote ${names.length} of ${listed.length} images`);
    const pic = readPnm(await readFile(join(dir, names[0]!)));
    const mask = masks.length ? readPnm(await readFile(join(dir, names[1]!))) : null;
    if (!pic || pic.width !== img.width || pic.height !== img.height) return no('picture not read');
    if (masks.length && (!mask || mask.width !== img.width || mask.height !== img.height))
      return no('soft mask not read');
    const { rgba, luma } = toRgba(pic, mask);
    const check = readPnm(
      await runCapped(
        'pdftoppm',
        [...range, '-scale-to-x', String(img.width), '-scale-to-y', String(img.height), '-gray', file],
        limits,
      ),
    );
    if (check?.channels !== 1) return no('check render not read');
    const differ = renderDiffers(luma, check);
    if (differ > CHECK_SHARE * img.width * img.height)
      return no(`page differs from its picture on ${differ} pixels`);
    // Scanners scan at whole dpi; the page size in the PDF is rounded to hundredths of a point.
    const dpi = Math.abs(dpiX - Math.round(dpiX)) < 0.005 * dpiX ? Math.round(dpiX) : dpiX;
    return {
      page,
      img: grayFromRgba(rgba, pic.width, pic.height),
      dpi,
      toRender: { x: ((info.w / 72) * RENDER_DPI) / img.width, y: ((info.h / 72) * RENDER_DPI) / img.height },
    };
  } catch (err) {
    return no(`poppler: ${(err as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The picture as RGBA (its soft mask, if any, as alpha: grayFromRgba puts transparent pixels on
 * paper) and its luminance on white paper (what `pdftoppm -gray` draws), in one pass.
 */
function toRgba(pic: Pnm, mask: Pnm | null): { rgba: Uint8Array; luma: Gray } {
  const n = pic.width * pic.height;
  const rgba = new Uint8Array(n * 4);
  const luma = new Uint8Array(n);
  const src = pic.data;
  const c = pic.channels;
  const m = mask?.data;
  const mc = mask?.channels ?? 1;
  for (let i = 0, j = 0, k = 0; i < n; i++, j += c, k += 4) {
    const r = src[j]!;
    const g = c === 3 ? src[j + 1]! : r;
    const b = c === 3 ? src[j + 2]! : r;
    const a = m ? m[i * mc]! : 255;
    rgba[k] = r;
    rgba[k + 1] = g;
    rgba[k + 2] = b;
    rgba[k + 3] = a;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    luma[i] = a === 255 ? (y + 0.5) | 0 : ((y * a + 255 * (255 - a)) / 255 + 0.5) | 0;
  }
  return { rgba, luma: { width: pic.width, height: pic.height, data: luma } };
}

/**
 * On how many pixels the page rendered at the picture's own pixel size (`render`, grey) differs
 * from the picture (`pic`, its luminance on white). Even at that size poppler resamples the picture (a 300 dpi bench
 * page: 4% of the pixels differ by more than 40 levels, edges shifted by a fraction of a pixel),
 * so a rendered pixel differs only when it lies outside the range of the picture's 3 × 3
 * neighbourhood by more than CHECK_LEVELS: on the bench's pages none does (all within 8 levels).
 * A hairline drawn over the page, a flipped or rotated picture, a clip differ on thousands.
 */
export function renderDiffers(pic: Gray, render: Gray): number {
  const { width: w, height: h, data } = pic;
  if (render.width !== w || render.height !== h) return w * h;
  // Separable 3 × 3 minimum and maximum: across each row, then down each column.
  const rowLo = new Uint8Array(w * h);
  const rowHi = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = data[o + (x > 0 ? x - 1 : x)]!;
      const b = data[o + x]!;
      const c = data[o + (x < w - 1 ? x + 1 : x)]!;
      rowLo[o + x] = a < b ? (a < c ? a : c) : b < c ? b : c;
      rowHi[o + x] = a > b ? (a > c ? a : c) : b > c ? b : c;
    }
  }
  let differ = 0;
  const r = render.data;
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : y) * w;
    const o = y * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    for (let x = 0; x < w; x++) {
      const lo = Math.min(rowLo[up + x]!, rowLo[o + x]!, rowLo[down + x]!);
      const hi = Math.max(rowHi[up + x]!, rowHi[o + x]!, rowHi[down + x]!);
      const v = r[o + x]!;
      if (v < lo - CHECK_LEVELS || v > hi + CHECK_LEVELS) differ++;
    }
  }
  return differ;
}
