/**
 * Cell text → number, per report-schema.md "Values". Pure and table-agnostic: the column's kind
 * (count, change, money) and the header's unit decide how a bare number is read.
 */
import { isSpace } from './chars.ts';
import { simplified } from './script.ts';
import type { ColumnKind } from './templates/types.ts';

export type CellState = 'number' | 'blank' | 'unreadable';
export type CellClass = CellState | 'text';

export interface ParsedValue {
  value: number | null;
  state: CellState;
}

const BLANK_MARKERS = new Set([
  '',
  '无',
  '—',
  '——',
  '-',
  '--',
  '/',
  '空',
  '―',
  '–',
  '－',
  '／',
  '\\',
  '无此项',
  '（无）',
  '(无)',
]);

const MAX_MARKER = Math.max(...[...BLANK_MARKERS].map((m) => m.length));

/** Whether `s` has at most `n` characters that are not whitespace. */
function fewVisible(s: string, n: number): boolean {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i)) && ++k > n) return false;
  return true;
}

/** Full-width digits and signs to ASCII; the other characters are kept. */
function ascii(s: string): string {
  // Most cells hold neither full-width characters nor spaces: nothing to do.
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || isSpace(c)) plain = false;
  }
  if (plain) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else out += s[i];
  }
  // Spaces next to a sign or unit are layout (`+ 19`, `1007.25 万元`); between digits they are not.
  return out.trim().replace(/\s+(?=\D)|(?<=\D)\s+/g, '');
}

const NUMBER =
  /^(增|减|增加|减少)?([+-])?(\d{1,15}(?:,\d{3})*(?:\.\d{1,6})?)(万元|元|万|件|个|项|条|次|家|人|宗|份)?$/;
const APPROX =
  /^(?:约|近|超过|超|大约|逾|计)?[+-]?\d[\d,.]{0,20}(?:余|多|左右|以上|以下|余件|多件|余万元|余元|万余元)?(?:万元|元|万|件|个|项|条|次)?$/;
const HAS_DIGIT = /\d/;
const HAS_WORD = /[\u4e00-\u9fffA-Za-z]/;

/** Plain ASCII digits, the common case, without regexes. */
function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 12) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** What a cell looks like: a label (`text`) or a value (number, blank marker, unreadable number). */
export function classify(raw: string): CellClass {
  const printed = raw.trim();
  if (isDigits(printed)) return 'number';
  // 無, 萬元, 減4, 12個: traditional characters are matched as simplified (script.ts).
  const t = printed.length <= 40 ? simplified(printed) : printed;
  if (t.length > 40) return HAS_DIGIT.test(t) && !HAS_WORD.test(t) ? 'unreadable' : 'text';
  if (t.length <= MAX_MARKER && BLANK_MARKERS.has(t)) return 'blank';
  // No digit (ASCII or full-width): a label, unless it is a blank marker in full-width or spaced form
  // (at most MAX_MARKER characters besides spaces: a longer label needs no conversion to tell).
  // One pass over the code units tells both (most cells are labels or plain numbers).
  let digit = false;
  let wide = false;
  for (let i = 0; i < t.length && !digit; i++) {
    const c = t.charCodeAt(i);
    // CJK and most other scripts: neither a digit, full-width, nor a space (chars.ts isSpace).
    if (c > 0x3000 && c < 0xfeff) continue;
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) digit = true;
    else if ((c >= 0xff01 && c <= 0xff5e) || isSpace(c)) wide = true;
  }
  if (!digit) return wide && fewVisible(t, MAX_MARKER) && BLANK_MARKERS.has(ascii(t)) ? 'blank' : 'text';
  const a = ascii(t);
  if (BLANK_MARKERS.has(a)) return 'blank';
  if (NUMBER.test(a)) return 'number';
  if (APPROX.test(a)) return 'unreadable';
  if (HAS_DIGIT.test(a) && !HAS_WORD.test(a)) return 'unreadable';
  return 'text';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Read a cell. `unit` is the unit the column header states ('wan' → a bare number is 万元);
 * a unit in the cell wins over the header's.
 */
export function parseValue(raw: string, kind: ColumnKind, unit: 'yuan' | 'wan' = 'yuan'): ParsedValue {
  const printed = raw.trim();
  if (isDigits(printed) && kind !== 'money') return { value: Number(printed), state: 'number' };
  const t = simplified(printed);
  if (BLANK_MARKERS.has(t)) return { value: null, state: 'blank' };
  const a = ascii(t);
  if (BLANK_MARKERS.has(a)) return { value: null, state: 'blank' };
  const m = NUMBER.exec(a);
  if (!m) return { value: null, state: 'unreadable' };
  const [, word, sign, digits, suffix] = m;
  let n = Number((digits as string).replace(/,/g, ''));
  if (!Number.isFinite(n)) return { value: null, state: 'unreadable' };
  const negative = sign === '-' || word === '减' || word === '减少';
  if (word && kind !== 'change') return { value: null, state: 'unreadable' };
  if (word && sign) return { value: null, state: 'unreadable' };
  if (negative && n !== 0) n = -n;
  if (kind === 'money') {
    if (suffix === '万元' || suffix === '万') n = round(n * 10_000);
    else if (suffix === '元') n = round(n);
    else if (suffix === undefined) n = unit === 'wan' ? round(n * 10_000) : round(n);
    else return { value: null, state: 'unreadable' };
  } else if (suffix === '万元' || suffix === '元' || suffix === '万') {
    return { value: null, state: 'unreadable' };
  }
  return { value: n, state: 'number' };
}
