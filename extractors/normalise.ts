/**
 * Text clean-up shared by every shape, before sections and tokenizers see it.
 * Only noise is removed: characters that carry no content (zero-width, BOM), conversion residue
 * (`[bookmark: …]`, CJK radicals a PDF's text layer gives for ideographs), portal spam and page
 * furniture of PDF text. Digits and labels stay as found,
 * so a cell's `raw` is still the source's text; values.ts reads full-width digits itself.
 */
import { isSpace } from './chars.ts';
import { RADICAL, unifyRadicals } from './radicals.ts';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES = /[\u00A0\u3000\u2002-\u200A\u202F\u205F]/g;
const BOOKMARK = /\[bookmark:[^\]\n]{0,120}\]/g;
// Gambling/betting brands that hacked portals inject mid-sentence ("上级UedBet体育政务公开").
const SPAM_INLINE = /[A-Za-z][A-Za-z0-9]{1,15}(?:体育|娱乐|棋牌|彩票|真人|电竞|国际|官方网站)/g;
const SPAM_LINE =
  /博彩|赌场|赌博网|威尼斯人|澳门(?:新)?葡京|太阳城集团|真人视讯|百家乐|六合彩|注册(?:即)?送\d|首存送|送彩金|娱乐城/;
// A short line led by such a brand, without a sentence's punctuation, is an injected line as a
// whole (`UedBet体育官方网站 注册送88元 www.…`, `BetWay体育 官方网站 www.….cc 2023`): dropping only
// the brand would leave a label with numbers inside a table.
const SPAM_BRAND_LINE = /^\s*[A-Za-z][A-Za-z0-9]{1,15}(?:体育|娱乐|棋牌|彩票|真人|电竞|国际|官方网站)/;
// Page furniture from PDF/flipbook text: "Page 9 - 2020年报_审计局", "第 3 页 共 9 页", "- 3 -".
const PAGE_LINE =
  /^\s*(?:Page\s+\d{1,4}(?:\s*(?:-|of|\/)\s*.*)?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|[-－—]\s*\d{1,4}\s*[-－—]|\d{1,4}\s*\/\s*\d{1,4})\s*$/i;

// Cheap whole-text tests that let the per-line passes be skipped when they cannot match.
const SPAM_WORD = /体育|娱乐|棋牌|彩票|真人|电竞|国际|官方网站/;
const PAGE_HINT = /Page|第|[-－—/]/i;

// Anything the whole-text replacements below act on: most texts hold none, and one scan says so.
const TOUCHED =
  /[\r\u200B-\u200D\u2060\uFEFF\u00AD\u00A0\u3000\u2002-\u200A\u202F\u205F｜\u2E80-\u2EF3\u2F00-\u2FD5]/;

/** Whether a line can be page furniture: PAGE_LINE's first character (P, 第, a dash, a digit). */
function pageStart(line: string): boolean {
  return pageCandidate(line, 0, line.length);
}

/**
 * Whether the line `s[a, b)` can be page furniture by its first visible character — and, when that
 * is a digit, by holding a `/` (`3 / 9` is PAGE_LINE's only form that starts with a digit): a
 * stream of one value per line starts nearly every line with a digit.
 */
function pageCandidate(s: string, a: number, b: number): boolean {
  let k = a;
  while (k < b && isSpace(s.charCodeAt(k))) k++;
  if (k >= b) return false;
  const c = s.charCodeAt(k);
  if (c >= 0x30 && c <= 0x39) {
    for (let i = k + 1; i < b; i++) if (s.charCodeAt(i) === 0x2f) return true;
    return false;
  }
  return pageChar(c);
}

function pageChar(c: number): boolean {
  return (
    c === 0x50 || // P
    c === 0x70 || // p
    c === 0x7b2c || // 第
    c === 0x2d || // -
    c === 0xff0d || // －
    c === 0x2014 || // —
    (c >= 0x30 && c <= 0x39)
  );
}

/**
 * Whether a line of `s` is page furniture (the test of the line pass below), found without
 * splitting the text: most texts hold none, and only a line that starts like one is cut out.
 */
function anyPageLine(s: string): boolean {
  for (let a = 0; a <= s.length; ) {
    let b = s.indexOf('\n', a);
    if (b < 0) b = s.length;
    if (b - a < 200 && pageCandidate(s, a, b) && PAGE_LINE.test(s.slice(a, b))) return true;
    a = b + 1;
  }
  return false;
}

export function normaliseText(input: string): string {
  let s = input;
  if (TOUCHED.test(s) || s.includes('[bookmark:')) {
    if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
    s = s.replace(ZERO_WIDTH, '').replace(SPACES, ' ');
    if (s.includes('｜')) s = s.replace(/｜/g, '|');
    if (s.includes('[bookmark:')) s = s.replace(BOOKMARK, '');
    // `⾏政处罚`, `⾸⻚`: radicals a PDF's text layer gives for ideographs (radicals.ts).
    if (RADICAL.test(s)) s = unifyRadicals(s);
  }
  const brands = SPAM_WORD.test(s);
  const pages = PAGE_HINT.test(s);
  const spam = SPAM_LINE.test(s);
  if (!pages && !spam && !brands) return s;
  if (pages && !spam && !brands && !anyPageLine(s)) return s;
  const lines = s.split('\n');
  let dropped = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (pages && line.length < 200 && pageStart(line) && PAGE_LINE.test(line)) {
      lines[i] = '\u0000';
      dropped = true;
    } else if (spam && SPAM_LINE.test(line)) {
      lines[i] = '\u0000';
      dropped = true;
    } else if (brands && line.length < 80 && SPAM_BRAND_LINE.test(line) && !/[。；，]/.test(line)) {
      lines[i] = '\u0000';
      dropped = true;
    }
  }
  const kept = dropped ? lines.filter((l) => l !== '\u0000').join('\n') : s;
  return brands ? kept.replace(SPAM_INLINE, '') : kept;
}

/** Trimmed non-empty lines joined by newlines: how prose is stored. */
export function tidyProse(lines: readonly string[]): string | null {
  const out: string[] = [];
  for (const l of lines) {
    const t = l.trim();
    if (t !== '') out.push(t);
  }
  return out.length ? out.join('\n') : null;
}
