/**
 * Colour page → grey, with seal ink taken out and the print under a seal kept.
 *
 * Office seals are red or purple; print is black. Mostly the grey value is the brightest channel:
 * black print stays black, blue ink or a seal pressed *under* the print fades to paper. A seal
 * stamped *over* the print is the hard case: where its ink covers the print, every channel shows
 * the print only a little darker than the seal on paper (rulings broke and digits vanished under
 * seals: bench/ocr.ts). There the green channel (the darkest of a red or purple seal) still tells:
 * seal on paper is mid-grey in it, seal on print near black. So the seal's pixels are mapped from
 * green, stretched so that seal on paper is paper and seal on print is ink, when the seal shows
 * print through it at all: its green has a second mode well below the seal on paper's. When it
 * has none (no print under the seal, or ink that multiplies, so the print under it stays black
 * and is not seal-coloured), stretching green would only stretch noise into specks: the seal is
 * then scaled to paper in its brightest channel. Levels are measured on the seal's core (pixels
 * of nearly its full colour strength): a stroke's edge is part paper and passed for noise.
 */
import type { Gray } from './raster.ts';

/** Red minus green above which a pixel is seal ink. */
const SEAL_CHROMA = 40;
/** Fewer seal pixels than this is no seal (a red heading, a logo's edge). */
const MIN_SEAL_PIXELS = 500;
/** Print under the seal lies at least this many spreads (upper quartile − median) below the seal on paper. */
const SPREADS = 3;
/** Print under the seal is at least this much darker than the seal on paper (grey levels). */
const MIN_CONTRAST = 30;

export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const n = width * height;
  const data = new Uint8Array(n);
  const seal = new Uint8Array(n);
  // Levels of the seal's pixels: green (its darkest channel, red or purple) and brightest channel.
  const sealG = new Uint32Array(256);
  const sealV = new Uint32Array(256);
  const chromas = new Uint32Array(256);
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
    // Red to purple: red well above green, and not a blue (blue ink has its red below its blue).
    if (a === 255 && r - g > SEAL_CHROMA && 10 * r >= 7 * b) {
      seal[i] = r - g;
      chromas[r - g]!++;
      seals++;
    }
  }
  if (seals < MIN_SEAL_PIXELS) return { width, height, data };
  // Levels are taken on the seal's core: pixels of nearly its full colour strength. A pixel on a
  // stroke's edge is part paper (its green is lighter) and would pass for noise of the seal on paper;
  // print under a seal that covers it keeps the seal's colour strength, so it is in the core.
  const core = quantile(chromas, 0.5) * CORE;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    if (seal[i]! < core) continue;
    sealG[rgba[j + 1]!]!++;
    sealV[data[i]!]!++;
  }
  const paper = quantile(all, 0.5);
  const onPaper = quantile(sealG, 0.5);
  // The seal on paper is one mode of green (spread by noise); print showing through a seal that
  // covers it is a second one well below. Without that second mode (no print under the seal, or
  // ink that multiplies: the print under it is black, not seal-coloured) stretching green would
  // only stretch noise: the seal is then scaled to paper in its brightest channel instead.
  const spread = Math.max(2, quantile(sealG, 0.75) - onPaper);
  const cut = onPaper - Math.max(MIN_CONTRAST, SPREADS * spread);
  let low = 0;
  for (let v = 0; v < Math.max(0, cut); v++) low += sealG[v]!;
  const onPrint = quantile(sealG, 0.02);
  const through = low >= MIN_PRINT_PIXELS && onPaper - onPrint >= MIN_CONTRAST;
  const brightest = quantile(sealV, 0.5);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    if (!seal[i]) continue;
    const x = through
      ? ((rgba[j + 1]! - onPrint) * paper) / (onPaper - onPrint)
      : (data[i]! * paper) / Math.max(1, brightest);
    data[i] = x <= 0 ? 0 : x >= 255 ? 255 : x;
  }
  return { width, height, data };
}

/** The seal's core: colour strength at least this part of the median seal pixel's. */
const CORE = 0.75;
/** Fewer pixels than this below the seal on paper: no print shows through the seal. */
const MIN_PRINT_PIXELS = 30;

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
