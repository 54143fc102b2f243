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

/** Red minus green (and red minus blue, for a red seal) above which a pixel is seal ink. */
const SEAL_CHROMA = 40;
/** Fewer seal pixels than this is no seal (a red heading, a logo's edge). */
const MIN_SEAL_PIXELS = 500;
/** Seal on paper less than this far above seal on print in green: nothing to recover. */
const MIN_CONTRAST = 30;

export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const n = width * height;
  const data = new Uint8Array(n);
  // 1: red seal ink (red well above green and blue); 2: purple (red well above green, blue up to
  // about red's level). A page's seal is the kind it has more of: a red seal's edge, half paper,
  // has purple-like pixels too, and counted in they shifted the red seal's levels (2 cells fewer
  // read on bench/ocr.ts's red seals).
  const kind = new Uint8Array(n);
  const all = new Uint32Array(256);
  let reds = 0;
  let purples = 0;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const r = rgba[j]!;
    const g = rgba[j + 1]!;
    const b = rgba[j + 2]!;
    const a = rgba[j + 3]!;
    const v = r > g ? (r > b ? r : b) : g > b ? g : b;
    // Transparent pixels are paper.
    data[i] = a === 255 ? v : (255 - ((255 - v) * a) / 255) | 0;
    all[data[i]!]!++;
    if (a !== 255 || r - g <= SEAL_CHROMA) continue;
    if (r - b > SEAL_CHROMA) {
      kind[i] = 1;
      reds++;
    } else if (10 * r >= 7 * b) {
      kind[i] = 2;
      purples++;
    }
  }
  const which = reds >= purples ? 1 : 2;
  const seals = which === 1 ? reds : purples;
  const sealG = new Uint32Array(256);
  for (let i = 0, j = 0; i < n; i++, j += 4) if (kind[i] === which) sealG[rgba[j + 1]!]!++;
  if (seals < MIN_SEAL_PIXELS) return { width, height, data };
  const onPaper = quantile(sealG, 0.5);
  const onPrint = quantile(sealG, 0.02);
  // A seal whose green hardly varies lies on paper only (or under the print): nothing to recover.
  if (onPaper - onPrint < MIN_CONTRAST) return { width, height, data };
  const paper = quantile(all, 0.5);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    if (kind[i] !== which) continue;
    const x = ((rgba[j + 1]! - onPrint) * paper) / (onPaper - onPrint);
    data[i] = x <= 0 ? 0 : x >= 255 ? 255 : x;
  }
  return { width, height, data };
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
