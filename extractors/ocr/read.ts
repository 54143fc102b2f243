/**
 * Page images → what is written on them, with positions and confidences.
 *
 * Per page: grey (brightest channel, so red seals fade), deskew, table rulings found and erased.
 * A ruled table is read cell by cell (the rulings give the cells; spans included): reading a whole
 * ruled page at once loses lone digits between rulings, cell crops read as one line do not. The
 * rest of the page (title, prose, headings) is read as text lines in one pass.
 *
 * A value is never taken on one reading. Cells that look like values are read four times more,
 * by two different models (Tesseract's chi_sim and eng networks) on three renderings of the crop;
 * digits are accepted only on a quorum of readings of both models with at most one reading of
 * other digits (`decideValue`). Anything else is `low`: the extractor gets no number for it, only
 * the raw reading.
 */

import { affixOf, digitsBox } from './affix.ts';
import { type InkColumns, inkColumns, inkDispute } from './glyphs.ts';
import { findTables } from './grid.ts';
import { snapLabel } from './labels.ts';
import { paddleRead } from './paddle.ts';
import { paddleVote } from './paddle-vote.ts';
import type { OcrLimits } from './proc.ts';
import {
  type Box,
  binaryImage,
  blank,
  crop,
  estimateSkew,
  type Gray,
  inkCount,
  inkLines,
  inkMask,
  normalise,
  otsu,
  pad,
  removeRules,
  rotate,
  scale,
  tidyCrop,
} from './raster.ts';
import { eraseRings } from './seal.ts';
import { type BatchOptions, type OcrWord, recognise } from './tesseract.ts';

export interface PageImage {
  /** 1-based page number in the document (or image index for image attachments). */
  page: number;
  img: Gray;
  dpi: number;
}

export type CellStatus = 'text' | 'value' | 'blank' | 'low';

export interface OcrCell {
  page: number;
  /** Position on the page image (after deskew), pixels at `dpi`. */
  box: Box;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** What the extractor is given: the reading, or '' for blank, or LOW_MARK for an uncertain value. */
  text: string;
  /** The engine's raw reading(s), kept for the finding and the record. */
  reading: string;
  /** 0–100: the lowest confidence of the readings that decided the cell. */
  confidence: number;
  status: CellStatus;
  why?: string;
  /**
   * A value cell's readings as the decision saw them (Tesseract's five, PaddleOCR's when it was
   * asked): kept so the decision can be measured again on saved documents (bench/ocr.ts
   * `--redecide`) without reading the scans again.
   */
  votes?: CellVotes;
}

export interface CellVotes {
  /** Free chi_sim, chi_sim on value characters, then eng on three renderings (`readCells`). */
  tesseract: Reading[];
  paddle?: { text: string; conf: number; missing?: string };
  /**
   * The eng readings of the whole crop when the digits were read again with an affix cut off
   * (then `tesseract`'s eng slots hold the readings of the cut: see `readCells`).
   */
  uncut?: Reading[];
  /**
   * The first reading was junk (`junk`): the cell stays text as first read unless the value
   * readings make a number of it (its readings kept so a replay decides it again).
   */
  junk?: { text: string; conf: number };
  /**
   * The ink columns of the tidy crop (glyphs.ts `inkColumns`); `inkDigits` of the digits alone
   * when a chi_sim reading saw an affix and `digitsBox` found where it ends. A decided value whose
   * digits cannot explain them is disputed (`inkCheck`).
   */
  ink?: InkColumns;
  inkDigits?: InkColumns;
}

export interface OcrTable {
  page: number;
  box: Box;
  rows: number;
  cols: number;
  cells: OcrCell[];
}

export type OcrBlock =
  | { kind: 'lines'; page: number; y: number; lines: OcrLine[] }
  | { kind: 'table'; page: number; y: number; table: OcrTable };

export interface OcrLine {
  text: string;
  box: Box;
  confidence: number;
}

export interface OcrPageInfo {
  page: number;
  dpi: number;
  width: number;
  height: number;
  skew: number;
  tables: number;
}

export interface OcrDocument {
  pages: OcrPageInfo[];
  blocks: OcrBlock[];
}

export interface ReadOptions {
  limits: OcrLimits;
  /** A value below this confidence (either reading) is not accepted. */
  minConfidence?: number;
}

/** What an uncertain value cell is handed to the extractor as: a value it cannot read (never a number). */
export const LOW_MARK = '?0?';
export const DEFAULT_MIN_CONFIDENCE = 80;

const VALUE_CHARS_CJK = '0123456789.,+-增减万元无—/';
const VALUE_CHARS_LATIN = '0123456789.,+-/';
const CJK = /[\u3400-\u9fff]/;
const BLANK_TEXT = new Set(['无', '—', '——', '-', '/', '空']);

export interface Pending {
  page: PageImage;
  cell: OcrCell;
  /** Smoothed and stretched (paper white): what the free reading sees (labels need the grey levels). */
  grey: Gray;
  /** The same binarised: what the value readings see. */
  crop: Gray;
  /** As scanned (after deskew and ruling removal): the second digit reading binarises it itself. */
  raw: Gray;
  lines: number;
  threshold: number;
}

/** Resolution the recogniser works best at: smaller print is upscaled to it. */
const WORK_DPI = 300;
/**
 * Cells are read at this resolution. Enlarging crops further (450) read clean labels worse in the
 * measurements (193 → 138 of 200 cells right on a clean 300 dpi page).
 */
const CROP_DPI = 300;
const EMPTY: Gray = { width: 0, height: 0, data: new Uint8Array(0) };

export async function readPages(pages: PageImage[], opts: ReadOptions): Promise<OcrDocument> {
  const minConf = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const { info, blocks, pending, prose } = preparePages(pages);
  await readCells(pending, opts.limits, minConf);
  const proseWords = await recognise(
    prose.map((p) => p.img),
    { lang: 'chi_sim', psm: 3, dpi: WORK_DPI },
    opts.limits,
  );
  prose.forEach((p, i) => {
    const up = p.page.dpi / pages[i]!.dpi;
    for (const band of toLines(proseWords[i] ?? [])) {
      blocks.push({
        kind: 'lines',
        page: p.page.page,
        y: band.box.y / up,
        lines: [{ ...band, box: unscale(band.box, up) }],
      });
    }
  });
  blocks.sort((a, b) => a.page - b.page || a.y - b.y);
  return { pages: info, blocks };
}

export interface Prepared {
  info: OcrPageInfo[];
  /** The tables found, their cells not read yet. */
  blocks: OcrBlock[];
  /** Cells with ink, to read. */
  pending: Pending[];
  /** Each page with its tables blanked, for the prose pass. */
  prose: { page: PageImage; img: Gray; bands: number[] }[];
}

/** Pages cleaned, deskewed, their tables found and cut into cell crops (no engine run yet). */
export function preparePages(pages: PageImage[]): Prepared {
  const info: OcrPageInfo[] = [];
  const blocks: OcrBlock[] = [];
  const pending: Pending[] = [];
  const prose: Prepared['prose'] = [];
  for (const p of pages) {
    const up = p.dpi < WORK_DPI * 0.75 ? WORK_DPI / p.dpi : 1;
    let img = scale(p.img, up);
    const dpi = p.dpi * up;
    let threshold = otsu(img);
    let ink = inkMask(img, threshold);
    const skew = estimateSkew(ink, img.width, img.height);
    if (Math.abs(skew) >= 0.05) {
      img = rotate(img, skew);
      threshold = otsu(img);
      ink = inkMask(img, threshold);
    }
    const cleaned = removeRules(img, ink, Math.round(dpi * 0.22));
    // A grey seal's ring (a photocopy: no colour to fade it by) found on the page and erased from
    // the page the cells are cut from, once the rulings are found (seal.ts `eraseRings`).
    cleaned.img = eraseRings(img, dpi, threshold, cleaned.img).img;
    const tables = findTables(cleaned.mask, img.width, img.height, 2, Math.round(dpi * 0.06));
    info.push({ page: p.page, dpi, width: img.width, height: img.height, skew, tables: tables.length });
    const scaled: PageImage = { page: p.page, img: cleaned.img, dpi };
    for (const t of tables) {
      const cells: OcrCell[] = [];
      for (const g of t.cells) {
        const cell: OcrCell = {
          page: p.page,
          box: unscale({ x: g.x, y: g.y, w: g.w, h: g.h }, up),
          row: g.row,
          col: g.col,
          rowSpan: g.rowSpan,
          colSpan: g.colSpan,
          text: '',
          reading: '',
          confidence: 100,
          status: 'blank',
        };
        cells.push(cell);
        // Rulings are erased and dilated around already: a wider inset cuts into the glyphs of tight rows.
        const inset = Math.max(2, Math.round(dpi * 0.012));
        const c = crop(cleaned.img, g.x + inset, g.y + inset, g.w - 2 * inset, g.h - 2 * inset);
        // Specks (JPEG noise, dust) are not writing: a cell needs a glyph's worth of ink.
        // A lone "1" at 9 pt is about 0.09 × 0.01 in: (0.03 in)² of ink (the limit before) is what
        // it has, and at 150 dpi some 1s came out blank (bench/ocr.ts); a few specks are less.
        const glyph = (dpi * 0.02) ** 2;
        if (inkCount(c, threshold) < glyph) continue;
        pending.push({
          page: scaled,
          cell,
          grey: normalise(scale(c, CROP_DPI / dpi)),
          crop: EMPTY,
          raw: c,
          lines: inkLines(c, threshold, 2),
          threshold,
        });
      }
      blocks.push({
        kind: 'table',
        page: p.page,
        y: t.box.y / up,
        table: { page: p.page, box: unscale(t.box, up), rows: t.rows, cols: t.cols, cells },
      });
    }
    prose.push({
      page: scaled,
      // White paper and black ink: on grey, noisy paper (150 dpi damaged scans in bench/ocr.ts)
      // the engine's page layout analysis found no text at all on the page as scanned, so the
      // title and the section headings were lost, and with them the tables' sections.
      img: binaryImage(
        normalise(
          blank(
            cleaned.img,
            tables.map((t) => t.box),
          ),
        ),
        128,
      ),
      bands: tables.map((t) => t.box.y),
    });
    void threshold;
  }

  return { info, blocks, pending, prose };
}

function unscale(b: Box, f: number): Box {
  if (f === 1) return b;
  return { x: Math.round(b.x / f), y: Math.round(b.y / f), w: Math.round(b.w / f), h: Math.round(b.h / f) };
}

/** Tesseract's text lines (block.paragraph.line), words joined (CJK glued, Latin spaced). */
function toLines(words: OcrWord[]): OcrLine[] {
  const byLine = new Map<string, OcrWord[]>();
  for (const w of words) byLine.set(w.line, [...(byLine.get(w.line) ?? []), w]);
  const out: OcrLine[] = [];
  for (const ws of byLine.values()) {
    ws.sort((a, b) => a.x - b.x);
    const x0 = Math.min(...ws.map((w) => w.x));
    const y0 = Math.min(...ws.map((w) => w.y));
    const x1 = Math.max(...ws.map((w) => w.x + w.w));
    const y1 = Math.max(...ws.map((w) => w.y + w.h));
    out.push({
      text: joinWords(ws.map((w) => w.text)),
      box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 },
      confidence: Math.min(...ws.map((w) => w.conf)),
    });
  }
  return sameRow(out.sort((a, b) => a.box.y - b.box.y));
}

/**
 * Lines the engine put in different blocks but that sit side by side at one height are one line
 * of print (report pages have one column): a seal over a heading made the layout analysis cut
 * "四、政府信息公开行政复议、行政诉讼情况" into three lines, and the section went unrecognised.
 */
function sameRow(lines: OcrLine[]): OcrLine[] {
  const out: OcrLine[] = [];
  for (const l of lines) {
    const mid = l.box.y + l.box.h / 2;
    const row = out.find((o) => {
      const omid = o.box.y + o.box.h / 2;
      const overlapX = l.box.x < o.box.x + o.box.w && o.box.x < l.box.x + l.box.w;
      return !overlapX && Math.abs(mid - omid) < Math.min(l.box.h, o.box.h) / 2;
    });
    if (!row) {
      out.push(l);
      continue;
    }
    const [left, right] = row.box.x <= l.box.x ? [row, l] : [l, row];
    const x0 = Math.min(row.box.x, l.box.x);
    const y0 = Math.min(row.box.y, l.box.y);
    const x1 = Math.max(row.box.x + row.box.w, l.box.x + l.box.w);
    const y1 = Math.max(row.box.y + row.box.h, l.box.y + l.box.h);
    row.text = joinWords([left.text, right.text]);
    row.box = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    row.confidence = Math.min(row.confidence, l.confidence);
  }
  return out;
}

export function joinWords(words: string[]): string {
  let s = '';
  for (const w of words) {
    if (s === '') s = w;
    else s += CJK.test(s.at(-1)!) || CJK.test(w[0]!) ? w : ` ${w}`;
  }
  return s;
}

function wordsText(ws: OcrWord[]): { text: string; conf: number } {
  if (ws.length === 0) return { text: '', conf: 0 };
  const lines = toLines(ws);
  return { text: lines.map((l) => l.text).join(''), conf: Math.min(...ws.map((w) => w.conf)) };
}

/** Digits, sign and decimal point of a reading: what two readings of one value must share. */
export function numericCore(s: string): string {
  // NFKC: full-width digits and signs (１２, －) are the ASCII ones (reports print both).
  return (
    glyphDigits(s.normalize('NFKC'))
      .replace(/,/g, '')
      .replace(/[^0-9.+-]/g, '')
      // "+219" and "219" are one number; chi_sim often reads a printed "＋" as 十 (no sign at all).
      .replace(/^\+/, '')
      // No printed number ends with a sign or a point: one after the digits is a speck, or what
      // the seal or a ruling left beside them ("1 -", "0.", "0. -" for a printed 0 or 1 at 150
      // dpi, bench/ocr.ts). Measured on held-out seeds: README.
      .replace(/(\d)[+.-]+$/, '$1')
      // A minus before a zero is the same number ("-0" for a printed 0 under a seal's edge or a
      // ruling's stub at 150 dpi, bench/ocr.ts): it backs a 0 and is no reading of other digits.
      .replace(/^-(0(?:\.0+)?)$/, '$1')
  );
}

/**
 * The digit a model wrote as a look-alike, in a reading that is otherwise no word: chi_sim reads
 * a serifed "1" as 工 (a lone 1 at 300 dpi clean, bench/ocr.ts: 工 for most of them) or I ("I7"),
 * and eng, when O is allowed, a full-width "０" as O. Only a reading with no other CJK character
 * or Latin letter is mapped (工作 stays a word); the quorum of readings decides as for any digit.
 */
export function glyphDigits(s: string): string {
  let out = s;
  if (!CJK.test(out.replace(/工/g, ''))) out = out.replace(/工/g, '1');
  if (!/[A-HJ-NP-Za-z]/.test(out)) out = out.replace(/I/g, '1').replace(/O/g, '0');
  return out;
}

export async function readCells(pending: Pending[], limits: OcrLimits, minConf: number): Promise<void> {
  const base = { lang: 'chi_sim' as const, dpi: CROP_DPI };
  for (const p of pending) p.crop = binaryImage(p.grey, 128);
  const prep = (p: Pending) => pad(p.crop, 12);
  const prepGrey = (p: Pending) => pad(p.grey, 12);
  const oneLine = pending.filter((p) => p.lines <= 1);
  const multi = pending.filter((p) => p.lines > 1);
  // One engine process at a time per document: the OCR stage's concurrency decides how many cores
  // OCR takes (a document that started three would crowd out the other stages).
  const a1 = await recognise(oneLine.map(prepGrey), { ...base, psm: 7 }, limits);
  const a2 = await recognise(multi.map(prepGrey), { ...base, psm: 6 }, limits);
  const first = new Map<Pending, { text: string; conf: number }>();
  oneLine.forEach((p, i) => {
    first.set(p, wordsText(a1[i] ?? []));
  });
  multi.forEach((p, i) => {
    first.set(p, wordsText(a2[i] ?? []));
  });

  const candidates: Pending[] = [];
  const maybeText = new Set<Pending>();
  for (const p of pending) {
    const r = first.get(p)!;
    p.cell.reading = r.text;
    p.cell.confidence = Math.round(r.conf);
    if (looksLikeValue(r.text, r.conf, p.lines)) candidates.push(p);
    else if (junk(r.text)) {
      // Not a word: perhaps a value a seal's arc made two lines of ink, or specks made letters of
      // ("AAATT", "|本|" for a 1 or a 2 at 150 dpi, bench/ocr.ts). The value readings decide; with
      // no digit in any of them the cell stays text as read.
      candidates.push(p);
      maybeText.add(p);
      p.cell.text = snapLabel(r.text);
      p.cell.status = 'text';
    } else {
      p.cell.text = snapLabel(r.text);
      p.cell.status = 'text';
    }
  }
  // Values: four more readings, by both models, of three renderings of the crop. chi_sim limited
  // to value characters (it knows 增/减/万元/无) on the tidy crop (`tidyCrop`: smoothed, trimmed to
  // its ink, ink 40 px high); eng limited to digits and signs on the tidy crop binarised, on the
  // crop binarised, and on the crop binarised as scanned (no smoothing: a speck or a lost decimal
  // point in one shows as a disagreement). `decideValue` takes digits only on a quorum of them.
  const line: BatchOptions = { lang: 'chi_sim', psm: 7, dpi: CROP_DPI };
  const latin: BatchOptions = { ...line, lang: 'eng', whitelist: VALUE_CHARS_LATIN };
  const tidy = candidates.map((p) => scaledRaw(p));
  const tidyBin = tidy.map((r) => tidyCrop(r, INK_HEIGHT, true));
  const c = await recognise(
    tidy.map((r) => tidyCrop(r, INK_HEIGHT, false)),
    { ...line, whitelist: VALUE_CHARS_CJK },
    limits,
  );
  const n = await recognise(tidyBin, latin, limits);
  const e1 = await recognise(candidates.map(prep), latin, limits);
  const e2 = await recognise(
    tidy.map((r, i) => pad(binaryImage(r, candidates[i]!.threshold), 12)),
    latin,
    limits,
  );
  const five = candidates.map((p, i) => [
    first.get(p)!,
    wordsText(c[i] ?? []),
    wordsText(n[i] ?? []),
    wordsText(e1[i] ?? []),
    wordsText(e2[i] ?? []),
  ]);
  candidates.forEach((p, i) => {
    p.cell.votes = { tesseract: five[i]!, ink: inkColumns(tidyBin[i]!) };
    const [a, cv] = five[i]!;
    const fromC = affixOf(cv!.text);
    const affix = fromC.prefix || fromC.suffix ? fromC : affixOf(a!.text);
    if (affix.prefix || affix.suffix) {
      const box = digitsBox(tidy[i]!, affix);
      if (box)
        p.cell.votes.inkDigits = inkColumns(
          tidyCrop(crop(tidy[i]!, box.x, box.y, box.w, box.h), INK_HEIGHT, true),
        );
    }
    decideTesseract(p.cell, p.cell.votes, minConf);
  });
  // A lone full-width digit ("０", "９"): eng reads nothing on it in any rendering (its glyph is
  // twice as wide as the digits eng knows; 300 dpi clean, bench/ocr.ts), so the quorum lacks its
  // eng reading. The tidy crop squeezed to 0.7 of its width reads as the digit; only a lone digit
  // is read so (a squeezed "０.5" lost its point), and in the slot of the empty tidy eng reading.
  const lone = candidates.flatMap((p, i) => (loneDigitUnread(p.cell) ? [i] : []));
  const squeezed = await recognise(
    lone.map((i) => squeezeX(tidyCrop(tidy[i]!, INK_HEIGHT, true), SQUEEZE)),
    latin,
    limits,
  );
  lone.forEach((i, j) => {
    const p = candidates[i]!;
    p.cell.votes!.tesseract[2] = wordsText(squeezed[j] ?? []);
    decideTesseract(p.cell, p.cell.votes!, minConf);
  });
  // A value printed with an affix (增3, 12万元) that chi_sim saw: eng read the affix as digits
  // too, so the readings disagreed. The digits are read again by eng with the affix cut off
  // (`digitsBox`, affix.ts), in the eng slots; the chi_sim readings of the whole crop stay, so the
  // digits read on the cut must still agree with them, and the affix comes from them.
  const affixed = candidates.flatMap((p, i) => {
    if (p.cell.status === 'value') return [];
    const [a, c] = p.cell.votes!.tesseract;
    const fromC = affixOf(c!.text);
    const affix = fromC.prefix || fromC.suffix ? fromC : affixOf(a!.text);
    if (!affix.prefix && !affix.suffix) return [];
    const box = digitsBox(tidy[i]!, affix);
    return box ? [{ p, i, box }] : [];
  });
  const cutRaw = affixed.map(({ i, box }) => crop(tidy[i]!, box.x, box.y, box.w, box.h));
  const cn = await recognise(
    cutRaw.map((r) => tidyCrop(r, INK_HEIGHT, true)),
    latin,
    limits,
  );
  const ce1 = await recognise(
    affixed.map(({ p, box }) => pad(binaryImage(crop(p.grey, box.x, box.y, box.w, box.h), 128), 12)),
    latin,
    limits,
  );
  const ce2 = await recognise(
    cutRaw.map((r, j) => pad(binaryImage(r, affixed[j]!.p.threshold), 12)),
    latin,
    limits,
  );
  affixed.forEach(({ p }, j) => {
    const votes = p.cell.votes!;
    votes.uncut = votes.tesseract.slice(2);
    votes.tesseract = [
      ...votes.tesseract.slice(0, 2),
      wordsText(cn[j] ?? []),
      wordsText(ce1[j] ?? []),
      wordsText(ce2[j] ?? []),
    ];
    decideTesseract(p.cell, votes, minConf);
  });
  // Still disputed: a third model's reading (PaddleOCR, paddle.ts) may join the readings that
  // agree (chi_sim first, then eng, as `paddleVote` expects them).
  const open = candidates.filter((p) => needsPaddle(p.cell));
  const third = await paddleRead(
    open.map((p) => p.grey),
    limits,
  );
  open.forEach((p, j) => {
    p.cell.votes!.paddle = third[j]!;
    paddleVote(p.cell, p.cell.votes!.tesseract, third[j]!);
  });
  for (const p of candidates) inkCheck(p.cell);
  // A junk reading the value readings did not make a number of stays text as first read (a
  // label's misreading must stay a label's: rows.ts places it by position).
  for (const p of maybeText) {
    p.cell.votes!.junk = first.get(p)!;
    junkStaysText(p.cell);
  }
}

/**
 * A decided value whose digits cannot explain the ink of its crop (glyphs.ts `inkDispute`: more
 * glyph-tall ink columns than digits, or ink wider than they can be) is disputed: the readings
 * that agreed may all have lost the same glyphs.
 */
export function inkCheck(cell: OcrCell): void {
  const votes = cell.votes;
  if (!votes || cell.status !== 'value') return;
  const affix = affixOf(cell.text);
  const ink = affix.prefix || affix.suffix ? votes.inkDigits : votes.ink;
  // A plus sign is as tall as a digit nearly ("＋208"; numericCore drops it): a reading that saw
  // one before the digits (chi_sim reads it as 十) explains one glyph more.
  const plus = votes.tesseract.some((r) => /^[+十]\s*\d/.test(r.text.normalize('NFKC').trim()));
  const why = inkDispute(numericCore(cell.text), ink, plus ? 1 : 0);
  if (!why) return;
  cell.status = 'low';
  cell.text = LOW_MARK;
  const all = votes.tesseract.map((r) => JSON.stringify(r.text)).join(' / ');
  const third =
    votes.paddle && !votes.paddle.missing ? `; PaddleOCR read ${JSON.stringify(votes.paddle.text)}` : '';
  cell.why = `the readings' ${JSON.stringify(cell.reading)} cannot explain the ink: ${why} (${all}${third})`;
}

/** A junk first reading's cell the value readings did not make a number of: text as first read. */
function junkStaysText(cell: OcrCell): void {
  const r = cell.votes?.junk;
  if (!r || cell.status === 'value') return;
  cell.text = snapLabel(r.text);
  cell.reading = r.text;
  cell.confidence = Math.round(r.conf);
  cell.status = 'text';
  cell.why = undefined;
}

/** Width factor of the re-read of a lone full-width digit (see `loneDigitUnread`). */
const SQUEEZE = 0.7;

/**
 * A disputed value where no eng reading found anything and the chi_sim readings that found digits
 * found one digit, the same: what a lone full-width digit gives.
 */
export function loneDigitUnread(cell: OcrCell): boolean {
  const rs = cell.votes?.tesseract;
  if (cell.status !== 'low' || !rs || rs.length < 5) return false;
  if (rs.slice(2).some((r) => r.text.trim() !== '')) return false;
  const digits = new Set(
    rs
      .slice(0, 2)
      .map((r) => numericCore(r.text))
      .filter((k) => /\d/.test(k)),
  );
  return digits.size === 1 && /^\d$/.test([...digits][0]!);
}

/** The image narrowed to `f` of its width (nearest column), its height kept. */
export function squeezeX(img: Gray, f: number): Gray {
  const w = Math.max(1, Math.round(img.width * f));
  const data = new Uint8Array(w * img.height);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < w; x++)
      data[y * w + x] = img.data[y * img.width + Math.min(img.width - 1, Math.floor((x + 0.5) / f))]!;
  return { width: w, height: img.height, data };
}

/** Tesseract's verdict on a value cell from its five readings (`decideValue`). */
export function decideTesseract(cell: OcrCell, votes: CellVotes, minConf: number): void {
  const [a, c, ...eng] = votes.tesseract;
  decideValue(cell, a!, c!, eng, minConf);
}

/** A value Tesseract left disputed, with digits in some reading: PaddleOCR is asked (`paddleVote`). */
export function needsPaddle(cell: OcrCell): boolean {
  return cell.status === 'low' && !!cell.votes?.tesseract.some((r) => /\d/.test(r.text));
}

/**
 * The whole decision again on a cell's saved readings (bench/ocr.ts `--redecide`): Tesseract's
 * quorum, then PaddleOCR's vote when its reading was kept. A cell that needs PaddleOCR but was
 * not asked (the rule that kept the readings did not dispute it) stays disputed.
 */
export function redecide(cell: OcrCell, minConf = DEFAULT_MIN_CONFIDENCE): void {
  const votes = cell.votes;
  if (!votes) return;
  cell.why = undefined;
  decideTesseract(cell, votes, minConf);
  if (needsPaddle(cell)) {
    if (votes.paddle) paddleVote(cell, votes.tesseract, votes.paddle);
    else cell.why = `${cell.why ?? 'not certain'}; no PaddleOCR reading kept`;
  }
  inkCheck(cell);
  junkStaysText(cell);
}

/** The crop as scanned (deskewed, rulings erased) at the resolution cells are read at. */
function scaledRaw(p: Pending): Gray {
  return scale(p.raw, CROP_DPI / p.page.dpi);
}

/** Ink height of the tidy crop: see `tidyCrop`. */
const INK_HEIGHT = 40;

/**
 * Value readings that must give the same digits (of five: two chi_sim, three eng, both models
 * among them), and readings of other digits tolerated beside them. See `decideValue`.
 */
export const QUORUM = 3;
export const MAX_DISSENT = 1;

export type Reading = { text: string; conf: number };

const PREFIX = /^(增|减)/;
const SUFFIX = /(万元|元)$/;

/**
 * A value cell's verdict from its readings: `a` free chi_sim, `c` chi_sim limited to value
 * characters, `eng` eng limited to digits and signs on three renderings. The digits are taken only
 * when at least QUORUM readings give the same ones, chi_sim and eng among them, and at most
 * MAX_DISSENT reading gives other digits (a reading that found none does not count against);
 * 增/减/万元 come from `c` when it is confident of them. No digits anywhere and an agreed blank
 * marker → blank. Otherwise `low`, with every reading in `why`.
 *
 * Agreement of independent readings is the evidence, not the engine's confidence (often low on a
 * lone short number read alike by all: "21" at 12). Measured (scratch harness over the value
 * cells of bench/ocr.ts's scans, crops as the pipeline cuts them): see extractors/ocr/README.md.
 */
export function decideValue(cell: OcrCell, a: Reading, c: Reading, eng: Reading[], minConf: number): void {
  const rs = [a, c, ...eng];
  const all = rs.map((r) => JSON.stringify(r.text)).join(' / ');
  cell.reading = eng[0]?.text || c.text || a.text;
  const low = (why: string, conf: number) => {
    cell.status = 'low';
    cell.text = LOW_MARK;
    cell.confidence = Math.round(conf);
    cell.why = why;
  };
  const cores = rs.map((r) => numericCore(r.text));
  const counts = new Map<string, number>();
  for (const k of cores) if (/\d/.test(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.size > 0) {
    const [best, n] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
    const agree = cores.map((k) => k === best);
    // The lowest confidence of the readings that read these digits as digits: for a look-alike
    // (工 for 1) the engine's confidence is in that character, and it gives it 0. Tesseract also
    // gives 0 to some plain digit readings (22 of 1,584 of the tidy chi_sim reading at 300 dpi
    // clean): those are left out too, and a value taken on a quorum is never at confidence 0
    // (0 would say nothing backs it).
    const backers = rs.filter(
      (r, i) => agree[i] && r.conf > 0 && glyphDigits(r.text.normalize('NFKC')) === r.text.normalize('NFKC'),
    );
    const conf = Math.max(1, Math.min(...(backers.length ? backers : [{ conf: 1 }]).map((r) => r.conf)));
    // A reading that only lost glyphs ("1" for "11", "7" for "17": the usual failure on small
    // print) is no reading of other digits.
    const dissent = cores.filter((k) => /\d/.test(k) && k !== best && !subsequence(k, best)).length;
    if (dissent > MAX_DISSENT) {
      low(`readings disagree (${all})`, conf);
      return;
    }
    if (glyphApart(rs, best)) {
      low(`a glyph apart from the digits that two readings did not see (${all})`, conf);
      return;
    }
    if (n < QUORUM || !(agree[0] || agree[1]) || !agree.slice(2).some(Boolean)) {
      low(`too few readings agree (${all})`, conf);
      return;
    }
    const sure = c.conf >= minConf;
    const prefix = sure ? (PREFIX.exec(c.text)?.[1] ?? '') : '';
    const suffix = sure ? (SUFFIX.exec(c.text)?.[1] ?? '') : '';
    // An affix a chi_sim reading saw but was unsure of could change the number (减 is minus, 万元
    // is 10,000): the free reading's affix, when it saw one, must be the value reading's.
    const aPrefix = PREFIX.exec(a.text.trim())?.[1] ?? '';
    const aSuffix = SUFFIX.exec(a.text.trim())?.[1] ?? '';
    if (
      (!sure && (PREFIX.test(c.text) || SUFFIX.test(c.text))) ||
      (aPrefix && aPrefix !== prefix) ||
      (aSuffix && aSuffix !== suffix)
    ) {
      low(`unsure of "${c.text}" around the digits (${all})`, c.conf);
      return;
    }
    const text = `${prefix}${best}${suffix}`;
    if (!wellFormed(text)) {
      low(`"${text}" is not a number as reports print them (${all})`, conf);
      return;
    }
    cell.text = text;
    cell.reading = text;
    cell.status = 'value';
    cell.confidence = Math.round(conf);
    cell.why = undefined;
    return;
  }
  // No digits: a blank marker both chi_sim readings agree on.
  const conf = Math.min(a.conf, c.conf);
  if (BLANK_TEXT.has(c.text) && c.text === a.text && conf >= minConf) {
    cell.text = c.text;
    cell.reading = c.text;
    cell.status = 'value';
    cell.confidence = Math.round(conf);
    return;
  }
  // A confident word of Chinese with no digit in any reading is a label (规章, 其他), not a value.
  if (/^[\u4e00-\u9fff]{2,}$/.test(a.text) && a.conf >= minConf) {
    cell.text = snapLabel(a.text);
    cell.reading = a.text;
    cell.status = 'text';
    cell.confidence = Math.round(a.conf);
    return;
  }
  low(`ink but no value read (${all})`, conf);
}

/**
 * Two readings of one number with glyphs fewer than `best`, beside a reading that shows a glyph
 * apart from the rest ("1 352"): the glyph apart may be a ruling's stub or a speck that three
 * readings took for a 1 ("1352" for a printed 352: 150 dpi damaged, bench/ocr.ts seed 2517, where
 * an identity check caught it). A real glyph two readings lost, with none apart ("11" read "1"
 * twice), stays in the quorum.
 */
export function glyphApart(rs: Reading[], best: string): boolean {
  const fewer = new Map<string, number>();
  for (const r of rs) {
    const k = numericCore(r.text);
    if (/\d/.test(k) && subsequence(k, best)) fewer.set(k, (fewer.get(k) ?? 0) + 1);
  }
  return [...fewer.values()].some((v) => v >= 2) && rs.some((r) => /\d\s+\d/.test(r.text.normalize('NFKC')));
}

/** `part` is `whole` with some characters left out (and none changed). */
export function subsequence(part: string, whole: string): boolean {
  if (part.length >= whole.length) return false;
  let j = 0;
  for (const ch of whole) if (j < part.length && part[j] === ch) j++;
  return j === part.length;
}

/** A cell worth reading as a value: digits, a blank marker, or something short the model is unsure of. */
function looksLikeValue(text: string, conf: number, lines: number): boolean {
  if (lines > 1) return /\d/.test(text) && !/[\u4e00-\u9fff]{2}/.test(text);
  if (/\d/.test(text)) return !/[\u4e00-\u9fff]{2}/.test(text.replace(/万元/g, ''));
  if (BLANK_TEXT.has(text)) return true;
  if (text === '') return true;
  // A short reading may be a number the model took for a character (a lone `1` read as `工`, a `7`
  // as `了`, even confidently): the value readings decide, and a label of two characters they
  // find no digits in stays a label (decideValue).
  void conf;
  return [...text].length <= 2;
}

/**
 * A first reading that is no word and no value: no two Chinese characters together, no digit, not
 * a blank marker — on more than one line of ink, or of Latin letters and signs only (a label is
 * never that).
 */
export function junk(text: string): boolean {
  if (text === '' || /\d/.test(text) || /[\u4e00-\u9fff]{2}/.test(text)) return false;
  return true;
}

/** A number as reports print them: optional 增/减 or sign, digits (grouped or not), decimals, a unit. */
export function wellFormed(s: string): boolean {
  return /^(增|减)?[+-]?\d{1,3}(?:,\d{3})*(?:\.\d+)?(万元|元)?$|^(增|减)?[+-]?\d+(?:\.\d+)?(万元|元)?$/.test(
    s,
  );
}
