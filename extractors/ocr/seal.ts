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

/**
 * A seal's ring on a grey page (a photocopy, or a scan in grey: no colour to tell it by).
 * Centre and radius in pixels, the stroke's width and its grey level.
 */
export interface Ring {
  x: number;
  y: number;
  r: number;
  width: number;
  level: number;
}

/** Seal radii looked for, in inches: office seals are 38–42 mm across, small ones (bench/ocr.ts's) 20 mm. */
const RING_MIN_IN = 0.3;
const RING_MAX_IN = 0.9;
/** Detection works on the page shrunk to about this resolution (a ring is still a few pixels wide). */
const DETECT_DPI = 75;
/** Share of the circle that must be ink at the ring's radius: text and rulings cover far less of any circle. */
const RING_COVER = 0.8;

/**
 * The seal rings on a grey page: circles of ink of a seal's size. Candidates are the points where
 * the ink's edges, followed along their gradient for a seal's radius, meet (a Hough transform
 * summed over radii, on the page shrunk to 75 dpi); a candidate is a ring when at one radius nearly
 * the whole circle is ink (a table's rulings and text cross any circle at a few points only).
 */
export function findRings(img: Gray, dpi: number, threshold: number, max = 4): Ring[] {
  const k = Math.max(1, Math.round(dpi / DETECT_DPI));
  const sw = Math.floor(img.width / k);
  const sh = Math.floor(img.height / k);
  if (sw < 8 || sh < 8) return [];
  const small = new Float32Array(sw * sh);
  for (let y = 0; y < sh; y++)
    for (let x = 0; x < sw; x++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) {
        const row = (y * k + dy) * img.width + x * k;
        for (let dx = 0; dx < k; dx++) s += img.data[row + dx]!;
      }
      small[y * sw + x] = s / (k * k);
    }
  const sdpi = dpi / k;
  const rMin = Math.round(RING_MIN_IN * sdpi);
  const rMax = Math.round(RING_MAX_IN * sdpi);
  const acc = new Float32Array(sw * sh);
  // An edge: a strong step between ink and paper (a third of the way from ink to paper).
  const step = Math.max(20, (255 - threshold) / 3);
  for (let y = 1; y < sh - 1; y++)
    for (let x = 1; x < sw - 1; x++) {
      const i = y * sw + x;
      const gx =
        small[i - sw + 1]! +
        2 * small[i + 1]! +
        small[i + sw + 1]! -
        small[i - sw - 1]! -
        2 * small[i - 1]! -
        small[i + sw - 1]!;
      const gy =
        small[i + sw - 1]! +
        2 * small[i + sw]! +
        small[i + sw + 1]! -
        small[i - sw - 1]! -
        2 * small[i - sw]! -
        small[i - sw + 1]!;
      const m = Math.hypot(gx, gy);
      if (m < 4 * step) continue;
      const ux = gx / m;
      const uy = gy / m;
      // The ring's outer edge faces away from its centre, the inner edge towards it: both ways.
      for (let r = rMin; r <= rMax; r++) {
        let cx = Math.round(x + ux * r);
        let cy = Math.round(y + uy * r);
        if (cx >= 0 && cy >= 0 && cx < sw && cy < sh) acc[cy * sw + cx]! += 1;
        cx = Math.round(x - ux * r);
        cy = Math.round(y - uy * r);
        if (cx >= 0 && cy >= 0 && cx < sw && cy < sh) acc[cy * sw + cx]! += 1;
      }
    }
  // Votes for one centre spread over a few pixels (rounding, the gradient's angle): summed 3×3.
  const sum = new Float32Array(sw * sh);
  for (let y = 1; y < sh - 1; y++)
    for (let x = 1; x < sw - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += acc[(y + dy) * sw + x + dx]!;
      sum[y * sw + x] = s;
    }
  const rings: Ring[] = [];
  const taken = (x: number, y: number) => rings.some((g) => Math.hypot(g.x - x, g.y - y) < g.r);
  // Candidates: local maxima with the votes of at least half a ring's edge pixels, best first.
  const order: number[] = [];
  for (let y = 1; y < sh - 1; y++)
    for (let x = 1; x < sw - 1; x++) {
      const i = y * sw + x;
      const v = sum[i]!;
      if (v < 2 * Math.PI * rMin) continue;
      if (v < sum[i - 1]! || v < sum[i + 1]! || v < sum[i - sw]! || v < sum[i + sw]!) continue;
      order.push(i);
    }
  order.sort((a, b) => sum[b]! - sum[a]!);
  const smallImg: Gray = { width: sw, height: sh, data: Uint8Array.from(small, (v) => v) };
  for (const i of order.slice(0, 8)) {
    if (rings.length >= max) break;
    const sx = i % sw;
    const sy = Math.floor(i / sw);
    if (taken(sx * k + k / 2, sy * k + k / 2)) continue;
    // Roughly on the shrunk page (centre within 2 pixels, radius), then exactly on the page.
    const rough = bestCircle(smallImg, sx, sy, 2, 1, rMin, rMax, threshold, 120);
    if (rough.cover < RING_COVER * 0.9) continue;
    const ring = ringAt(img, rough.x * k + k / 2, rough.y * k + k / 2, rough.r * k, k, threshold);
    if (ring) rings.push(ring);
  }
  return rings;
}

const unit = new Map<number, { cos: Float64Array; sin: Float64Array }>();
function circlePoints(angles: number) {
  let u = unit.get(angles);
  if (!u) {
    u = { cos: new Float64Array(angles), sin: new Float64Array(angles) };
    for (let a = 0; a < angles; a++) {
      u.cos[a] = Math.cos((2 * Math.PI * a) / angles);
      u.sin[a] = Math.sin((2 * Math.PI * a) / angles);
    }
    unit.set(angles, u);
  }
  return u;
}

/** Share of `angles` points on the circle that are ink. */
function cover(img: Gray, cx: number, cy: number, r: number, threshold: number, angles: number): number {
  const { cos, sin } = circlePoints(angles);
  let n = 0;
  for (let a = 0; a < angles; a++) {
    const px = Math.round(cx + r * cos[a]!);
    const py = Math.round(cy + r * sin[a]!);
    if (px < 0 || py < 0 || px >= img.width || py >= img.height) continue;
    if (img.data[py * img.width + px]! <= threshold) n++;
  }
  return n / angles;
}

/** The circle around (x, y) (centre within `d`, by `step`; radius in [rMin, rMax]) most covered by ink. */
function bestCircle(
  img: Gray,
  x: number,
  y: number,
  d: number,
  step: number,
  rMin: number,
  rMax: number,
  threshold: number,
  angles: number,
): { x: number; y: number; r: number; cover: number } {
  let best = { x, y, r: rMin, cover: 0 };
  for (let dy = -d; dy <= d; dy += step)
    for (let dx = -d; dx <= d; dx += step)
      for (let r = Math.max(1, Math.floor(rMin)); r <= rMax; r++) {
        const c = cover(img, x + dx, y + dy, r, threshold, angles);
        if (c > best.cover) best = { x: x + dx, y: y + dy, r, cover: c };
      }
  return best;
}

/** The ring near (x, y) with about radius `r` (both known to `d` pixels), if nearly the whole circle is ink. */
function ringAt(img: Gray, x0: number, y0: number, r0: number, d: number, threshold: number): Ring | null {
  const best = bestCircle(img, x0, y0, d, 1, r0 - d, r0 + d, threshold, 360);
  if (best.cover < RING_COVER) return null;
  // The stroke: the radii around the best whose circles are mostly ink.
  let lo = best.r;
  while (lo > best.r * 0.7 && cover(img, best.x, best.y, lo - 1, threshold, 360) >= best.cover * 0.5) lo--;
  let hi = best.r;
  while (hi < best.r * 1.3 && cover(img, best.x, best.y, hi + 1, threshold, 360) >= best.cover * 0.5) hi++;
  const width = hi - lo + 1;
  // A ring is a thin circle: a disc of ink (or a blot) is none.
  if (width > best.r * 0.25) return null;
  const levels = new Uint32Array(256);
  for (let a = 0; a < 720; a++) {
    const t = (2 * Math.PI * a) / 720;
    const px = Math.round(best.x + ((lo + hi) / 2) * Math.cos(t));
    const py = Math.round(best.y + ((lo + hi) / 2) * Math.sin(t));
    if (px >= 0 && py >= 0 && px < img.width && py < img.height) levels[img.data[py * img.width + px]!]!++;
  }
  return { x: best.x, y: best.y, r: (lo + hi) / 2, width, level: quantile(levels, 0.5) };
}

/** Ink this much darker than the ring's own stroke is print under it (kept). */
const UNDER_RING = 25;

/**
 * A grey page with its seals' rings erased: a ring's stroke is painted paper, except where it is
 * clearly darker than the ring (print under the seal). On a photocopy the seal is grey like the
 * print, so no colour tells it (`grayFromRgba` leaves it); its ring crossed value cells, and the
 * crop of a value beside it held arcs that the readings took for glyphs.
 */
export function eraseRings(
  img: Gray,
  dpi: number,
  threshold: number,
  target: Gray = img,
): { img: Gray; rings: Ring[] } {
  const rings = findRings(img, dpi, threshold);
  if (rings.length === 0) return { img: target, rings };
  const { width: w, height: h } = img;
  const data = new Uint8Array(target.data);
  for (const g of rings) {
    // The stroke and its soft edges.
    const half = g.width / 2 + Math.max(2, dpi / 100);
    const y0 = Math.max(0, Math.floor(g.y - g.r - half));
    const y1 = Math.min(h - 1, Math.ceil(g.y + g.r + half));
    const x0 = Math.max(0, Math.floor(g.x - g.r - half));
    const x1 = Math.min(w - 1, Math.ceil(g.x + g.r + half));
    // Paper here: the median of the ring's box (mostly paper).
    const hist = new Uint32Array(256);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) hist[img.data[y * w + x]!]!++;
    const paper = quantile(hist, 0.5);
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x - g.x, y - g.y);
        if (Math.abs(d - g.r) > half) continue;
        const i = y * w + x;
        if (img.data[i]! <= g.level - UNDER_RING) continue;
        data[i] = paper;
      }
  }
  return { img: { width: w, height: h, data }, rings };
}
