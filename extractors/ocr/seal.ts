/**
 * Colour page → grey, with seal ink taken out and the print under a seal kept.
 *
 * Office seals are red or purple; print is black. Mostly the grey value is the brightest channel:
 * black print stays black, blue ink or a seal pressed *under* the print fades to paper. A seal
 * stamped *over* the print is the hard case: where its ink covers the print, every channel shows
 * the print only a little darker than the seal on paper (rulings broke and digits vanished under
 * seals: bench/ocr.ts). There the green channel (the darkest of a red or a purple seal) still
 * tells: seal on paper is mid-grey in it, seal on print near black. So the seal's pixels are
 * mapped from green, stretched so that seal on paper is paper and seal on print is ink.
 */
import type { Gray } from './raster.ts';

/** Red minus green, and red minus blue for a red seal, above which a pixel is seal ink. */
const SEAL_CHROMA = 40;
/** Fewer seal pixels than this is no seal (a red heading, a logo's edge). */
const MIN_SEAL_PIXELS = 500;
/** Seal on paper less than this far above seal on print in green: nothing to recover. */
const MIN_CONTRAST = 30;

export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const n = width * height;
  const data = new Uint8Array(n);
  const seal = new Uint8Array(n);
  // Green levels of the seal's pixels: where the seal lies on paper (most of it) and on print.
  const sealG = new Uint32Array(256);
  const all = new Uint32Array(256);
  let seals = 0;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const r = rgba[j]!;
    const g = rgba[j + 1]!;
    const b = rgba[j + 2]!;
    const a = rgba[j + 3]!;
    const v = r > g ? (r > b ? r : b) : g > b ? g : b;
    // Transparent pixels are paper.
    data[i] = a === 255 ? v : (255 - ((255 - v) * a) / 255) | 0;
    all[data[i]!]!++;
    if (a === 255 && isSeal(r, g, b)) {
      seal[i] = 1;
      sealG[g]!++;
      seals++;
    }
  }
  if (seals < MIN_SEAL_PIXELS) return { width, height, data };
  const onPaper = quantile(sealG, 0.5);
  const onPrint = quantile(sealG, 0.02);
  // A seal whose green hardly varies lies on paper only (or under the print): nothing to recover.
  if (onPaper - onPrint < MIN_CONTRAST) return { width, height, data };
  const paper = quantile(all, 0.5);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    if (!seal[i]) continue;
    const x = ((rgba[j + 1]! - onPrint) * paper) / (onPaper - onPrint);
    data[i] = x <= 0 ? 0 : x >= 255 ? 255 : x;
  }
  return { width, height, data };
}

/**
 * Seal ink: red (red well above green and blue) or purple (red well above green, blue up to
 * about red's level; a blue, blue ink, has its red well below its blue).
 */
function isSeal(r: number, g: number, b: number): boolean {
  return r - g > SEAL_CHROMA && (r - b > SEAL_CHROMA || 10 * r >= 7 * b);
}

/** The value below which `q` of the histogram's count lies (only bins below `end` counted). */
function quantile(hist: Uint32Array, q: number, end = hist.length): number {
  let total = 0;
  for (let v = 0; v < end; v++) total += hist[v]!;
  let s = 0;
  for (let v = 0; v < end; v++) {
    s += hist[v]!;
    if (s >= total * q) return v;
  }
  return end - 1;
}
