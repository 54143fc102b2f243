/**
 * A value printed with a Chinese affix ("增3", "减12", "45.5元", "275.6875万元"): where its digits
 * lie in the crop, so the digit readings (eng, limited to digits and signs) see the digits alone.
 * On the whole crop eng reads the affix as digits too ("4239" for "增239"), so the readings
 * disagreed and such cells stayed null even when PaddleOCR read them whole and sure.
 *
 * The cut is found from the ink alone: a Chinese character is about as wide as the line's ink is
 * high (the affix is the tallest glyph: digits are ~0.7 of its height), so the affix ends at the
 * first gap between ink columns past most of that width from its side; the digits beyond it must
 * be no taller than the affix, or there is no cut (the cell stays as the whole crop left it). The
 * cut is asked for only where a chi_sim reading saw the affix, and proves nothing by itself: a cut
 * in the wrong place cannot make a number, since the digits read on the cut crop must still agree
 * with the chi_sim readings of the whole crop (read.ts `decideValue`). Measured on 200 generated
 * cells (test/unit/extractors/ocr/affix.test.ts): every cut holds all the digits' ink and none of
 * the affix's; eng on the cut read 119 of 120 drawn cells' digits, on the whole crop 32.
 */
import { type Box, crop, type Gray, gaussianBlur, inkBox, normalise, otsu } from './raster.ts';

export interface Affix {
  /** 增 or 减 before the digits. */
  prefix: string;
  /** 元 or 万元 after the digits. */
  suffix: string;
}

const PREFIX = /^(增|减)\s*[0-9０-９]/;
const SUFFIX = /[0-9０-９]\s*(万元|元)$/;

/** The affix a reading shows around its digits ('' each side when none). */
export function affixOf(text: string): Affix {
  const t = text.trim();
  return { prefix: PREFIX.exec(t)?.[1] ?? '', suffix: SUFFIX.exec(t)?.[1] ?? '' };
}

/**
 * Where the affix search looks for the gap, in glyph heights of the line's ink from the affix's
 * side, per affix character: a CJK glyph of the bench's font (and of the usual Song/Hei faces) is
 * 0.85–1.0 of the line's ink height wide, with a little side bearing.
 */
const MIN_EM = 0.7;
const MAX_EM = 1.35;
/** The digits are shorter than the affix (0.8–0.92 of its ink height, smoothed, in the bench's font). */
const DIGITS_HEIGHT = 0.95;

/**
 * The box of `img` (a cell crop, dark ink on light paper) that holds the digits without the affix,
 * or null when no cut is clear (no gap where the affix should end, or no shorter print beyond it).
 */
export function digitsBox(img: Gray, affix: Affix): Box | null {
  const chars = affix.prefix ? [...affix.prefix].length : [...affix.suffix].length;
  if (chars === 0 || (affix.prefix && affix.suffix)) return null;
  const g = normalise(gaussianBlur(img, 1));
  const t = Math.min(otsu(g), 200);
  const box = inkBox(g, t);
  if (!box || box.h < 8) return null;
  const cols = new Uint32Array(box.w);
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = 0; x < box.w; x++) if (g.data[y * g.width + box.x + x]! <= t) cols[x]!++;
  // A column with a speck or two of ink (what is left of the noise) is still a gap.
  const speck = Math.max(1, Math.round(box.h * 0.04));
  for (let x = 0; x < box.w; x++) if (cols[x]! <= speck) cols[x] = 0;
  // Gaps: runs of columns without ink, as distances from the affix's side.
  const fromSide = (x: number) => (affix.prefix ? x : box.w - 1 - x);
  const gaps: { at: number; x0: number; x1: number }[] = [];
  for (let x = 0; x < box.w; ) {
    if (cols[x]! > 0) {
      x++;
      continue;
    }
    let e = x;
    while (e + 1 < box.w && cols[e + 1] === 0) e++;
    const mid = (x + e) / 2;
    gaps.push({ at: fromSide(mid), x0: x, x1: e });
    x = e + 1;
  }
  // The first gap past the affix's own (增 is 土 beside 曾, 减 is 冫 beside 咸: gaps inside the
  // glyph lie nearer its side than MIN_EM): the next gaps are between digits.
  const gap = gaps
    .filter((gp) => gp.at >= chars * box.h * MIN_EM && gp.at <= chars * box.h * MAX_EM)
    .sort((a, b) => a.at - b.at)[0];
  if (!gap) return null;
  const [d0, d1] = affix.prefix ? [gap.x1 + 1, box.w - 1] : [0, gap.x0 - 1];
  const [a0, a1] = affix.prefix ? [0, gap.x0 - 1] : [gap.x1 + 1, box.w - 1];
  const digits = inkBox(crop(g, box.x + d0, box.y, d1 - d0 + 1, box.h), t);
  const affixInk = inkBox(crop(g, box.x + a0, box.y, a1 - a0 + 1, box.h), t);
  if (!digits || !affixInk) return null;
  if (digits.h > affixInk.h * DIGITS_HEIGHT) return null;
  // The cut crop keeps the cell's paper above and below (as the whole crop does) and a margin to
  // the gap's middle on the affix's side.
  const m = Math.round((gap.x1 - gap.x0 + 1) / 2);
  const x0 = affix.prefix ? box.x + gap.x1 + 1 - m : 0;
  const x1 = affix.prefix ? img.width : box.x + gap.x0 + m;
  return { x: x0, y: 0, w: x1 - x0, h: img.height };
}
