/**
 * A disputed value's third chance: PaddleOCR's reading (paddle.ts) joins Tesseract's six readings
 * (read.ts `majority`). PaddleOCR never decides alone: its digits are taken only when Tesseract's
 * readings back them.
 */
import { type Affix, affixOf } from './affix.ts';
import type { PaddleReading } from './paddle.ts';
import { glyphApart, numericCore, type OcrCell, type Reading, subsequence, wellFormed } from './read.ts';

/** PaddleOCR's lowest character probability (0–100) for its reading to count. */
export const PADDLE_MIN_CONF = 80;

const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;

/**
 * `rs`: Tesseract's readings of the cell (free chi_sim, chi_sim on value characters, then eng on
 * three renderings: read.ts `readCells`), `p`: PaddleOCR's. The cell takes PaddleOCR's number only when
 *   - PaddleOCR read nothing but a number as reports print it, with confidence ≥ PADDLE_MIN_CONF;
 *   - at least two Tesseract readings found exactly these digits, eng among them (so three
 *     readings by at least two models agree);
 *   - they outnumber the Tesseract readings of other digits, where a reading that only lost glyphs
 *     ("4" for "14", "7" for "17") is no dissent, and a number read with these digits and more
 *     ("-21" for "21": the glyph lost may be PaddleOCR's) is outvoted only alone, by four, and
 *     when what it has more is digits;
 *   - no two readings agree on these digits with glyphs fewer while a reading shows a glyph apart
 *     (read.ts `glyphApart`: a stub read as 1);
 *   - an affix (增/减 before, 元/万元 after) is taken only when PaddleOCR read it, a chi_sim reading
 *     read the same one, and no reading saw another (减 is minus, 万元 is 10,000).
 * Otherwise the cell stays `low`, its `why` naming PaddleOCR's reading too.
 * Measured on bench/ocr.ts crops: see extractors/ocr/README.md.
 */
export function paddleVote(cell: OcrCell, rs: Reading[], p: PaddleReading): void {
  if (p.missing) {
    cell.why = `${cell.why ?? 'not certain'}; no PaddleOCR reading (${p.missing})`;
    return;
  }
  const whole = p.text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  // An affix PaddleOCR read with the digits ("增239", "275.6875万元") is taken only when every
  // Tesseract reading that saw Chinese around the digits saw this affix, chi_sim's among them
  // (read.ts cut it off the crop for the eng readings: see `readCells`).
  const affix = affixOf(whole);
  const text = whole.slice(affix.prefix.length, whole.length - affix.suffix.length);
  const affixBacked =
    (!affix.prefix && !affix.suffix) ||
    (!(affix.prefix && affix.suffix) && rs.slice(0, 2).some((r) => sameAffix(r.text, affix)));
  const best = numericCore(text);
  // A point before a 0 that PaddleOCR read without one is a speck, as a minus before a 0 is
  // (read.ts `numericCore`): ".0" by two eng readings for a printed 0 under a seal's edge, chi_sim
  // and PaddleOCR (97) reading "0" (150 dpi damaged, bench/ocr.ts seed 1000). Only before a 0: a
  // point before other digits may be what is left of "0.5" read ".5" (the 0 lost, not a speck).
  const speck = (c: string) => best === '0' && text === '0' && c === '.0';
  const cores = rs.map((r) => numericCore(r.text));
  const agree = cores.map((c) => c === best || speck(c));
  // A look-alike read beside the digit it belongs to is no other number: chi_sim reads a
  // full-width "１３" as "1工3" (300 dpi clean, bench/ocr.ts), one serifed glyph as two. Such a
  // reading neither backs nor disputes the digits — and only when all three eng readings give
  // exactly them, so a 1 the others lost is not argued away on fewer readings.
  const engAll = cores.slice(2).length >= 3 && cores.slice(2).every((c) => c === best);
  const lookAlike = rs.map((r, i) => !agree[i] && engAll && lookAlikeOf(r.text, best));
  const backing = agree.filter(Boolean).length;
  const others = cores.filter((c, i) => !agree[i] && !lookAlike[i] && /\d/.test(c));
  const dissent = others.filter((c) => !subsequence(c, best)).length;
  // A number read with all of these digits and more says PaddleOCR and its backers may have lost a
  // glyph themselves ("21" for a printed "-21" that two Tesseract readings saw: bench/ocr.ts). Only
  // a lone such reading against four Tesseract readings and PaddleOCR is outvoted (chi_sim's value
  // reading adds a 9 at 150 dpi: "95" for 5, "2595" for 255).
  // A sign or decimal point more is never outvoted: small print loses those first.
  const longer = others.filter((c) => wellFormed(c) && subsequence(best, c));
  const marks = (c: string) => c.replace(/\d/g, '');
  const outvoted = longer.length === 1 && backing >= 4 && marks(longer[0]!) === marks(best);
  const ok =
    /^[0-9.,+-]+$/.test(text) &&
    wellFormed(best) &&
    p.conf >= PADDLE_MIN_CONF &&
    backing >= 2 &&
    agree.slice(2).some(Boolean) &&
    backing > dissent &&
    (longer.length === 0 || outvoted) &&
    affixBacked &&
    !glyphApart(rs, best) &&
    rs.every((r) => !/[增减万元]/.test(r.text) || sameAffix(r.text, affix));
  if (!ok) {
    cell.why = `${cell.why ?? 'not certain'}; PaddleOCR read ${JSON.stringify(p.text)} (${p.conf})`;
    return;
  }
  cell.text = `${affix.prefix}${best}${affix.suffix}`;
  cell.reading = cell.text;
  cell.status = 'value';
  // Never 0: a look-alike reading (工 for 1, read.ts `glyphDigits`) agrees at the confidence 0 Tesseract gives it.
  cell.confidence = Math.max(
    1,
    Math.round(Math.min(p.conf, ...rs.filter((_, i) => agree[i]).map((r) => r.conf))),
  );
  cell.why = undefined;
}

/**
 * `text` read `best` with one look-alike (工 or I, read.ts `glyphDigits`) standing beside a 1 —
 * one serifed 1 read as two glyphs: without the look-alike, its digits are `best`.
 */
export function lookAlikeOf(text: string, best: string): boolean {
  const t = text.normalize('NFKC');
  if (!/1[工I]|[工I]1/.test(t)) return false;
  const once = t.replace(/1[工I]|[工I]1/, '1');
  return !/[工I]/.test(once) && numericCore(once) === best;
}

/**
 * `text` shows exactly `affix` around its digits, and no other 增/减/万/元 (a reading of "12元"
 * has not the affix "万元", nor "增12" the affix "减").
 */
function sameAffix(text: string, affix: Affix): boolean {
  const a = affixOf(text);
  if (a.prefix !== affix.prefix || a.suffix !== affix.suffix) return false;
  const t = text.trim();
  return !/[增减万元]/.test(t.slice(a.prefix.length, t.length - a.suffix.length));
}
