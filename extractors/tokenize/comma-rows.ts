/**
 * Comma-separated rows from PDF text, one table row per line: `规章,0,0,0`,
 * `行政许可，16，0，15213`, blank cells as `,,`. Prose has commas too (、，,), so only a line that
 * looks like a row is split: up to three label fields, then value fields only (numbers, blank
 * markers, empty). A header line of short labels is split into its labels; anything else (prose,
 * notes) stays one cell. Commas inside brackets belong to the label
 * (`（二）部分公开（区分处理的，只计这一情形，不计其他情形）`).
 *
 * Thousands separators: in a line separated by full-width commas, an ASCII comma between digit
 * groups (`15,213`) is part of the number. In a line separated by ASCII commas it is ambiguous:
 * the split is literal unless its field count does not fit the template row the label names and
 * exactly one regrouping of `d{1,3},ddd` runs does; otherwise the literal split stands and the
 * table reader reports the row short or long, with null cells — values are never shifted.
 *
 * A stream like the other PDF-text shapes: a row wrapped over two lines is joined by its label.
 */
import { isSpace } from '../chars.ts';
import { detectActive, detectRequests, regionKey } from '../detect.ts';
import { matchPiece, newPiece } from '../match.ts';
import { readingTraditional } from '../script.ts';
import { appeals2019, type TableTemplate, TEMPLATES } from '../templates/index.ts';
import { classify } from '../values.ts';
import type { TokCell, TokTable } from './types.ts';

interface Field {
  text: string;
  /** The separator before this field was an ASCII comma with no space on either side. */
  tight: boolean;
}

const HEAD = /^[+\-＋－]?[1-9]\d{0,2}$/;
const GROUP = /^\d{3}$/;
const LAST = /^\d{3}(?:\.\d{1,6})?(?:万元|元|万)?$/;
const NUMBERING = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3})$/;
const SENTENCE = /[。；！？]/;
// A row is a label and at most 15 values: far shorter. Longer lines are prose and are not split.
const MAX_LINE = 600;

const COMMA = 0x2c;

/** Split at the separators outside brackets; `tight` remembers `15,213`-like ASCII commas. */
function splitAt(line: string, sep: ',' | '，'): Field[] {
  const out: Field[] = [];
  const s = sep.charCodeAt(0);
  let depth = 0;
  let start = 0;
  let tight = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // ( （ [ 【 〔 open, ) ） ] 】 〕 close.
    if (c === 0x28 || c === 0xff08 || c === 0x5b || c === 0x3010 || c === 0x3014) depth++;
    else if (c === 0x29 || c === 0xff09 || c === 0x5d || c === 0x3011 || c === 0x3015)
      depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === s) {
      out.push({ text: line.slice(start, i).trim(), tight });
      tight =
        c === COMMA &&
        i > 0 &&
        !isSpace(line.charCodeAt(i - 1)) &&
        i + 1 < line.length &&
        !isSpace(line.charCodeAt(i + 1));
      start = i + 1;
    }
  }
  out.push({ text: line.slice(start).trim(), tight });
  return out;
}

/** The fields of a line. Full-width separators make ASCII commas in `15,213` part of the number. */
export function splitFields(line: string): Field[] {
  const t = line.trim();
  const wide = splitAt(t, '，');
  let fields: Field[];
  if (wide.length > 1) {
    // A full-width separator never makes a field tight: the fields stand as split unless one splits again.
    fields = wide;
    for (let k = 0; k < wide.length; k++) {
      const f = wide[k] as Field;
      // `0,0` in a full-width line: the ASCII comma separates too; `15,213` and labels stay whole.
      if (f.text.includes(',') && classify(f.text) === 'unreadable') {
        if (fields === wide) fields = wide.slice(0, k);
        for (const g of splitAt(f.text, ',')) fields.push({ text: g.text, tight: false });
      } else if (fields !== wide) fields.push(f);
    }
  } else {
    fields = splitAt(t, ',');
  }
  // `1，属于国家秘密，0，…`: a label's numbering before its first comma.
  const [a, b] = fields;
  if (a && b && NUMBERING.test(a.text) && classify(b.text) === 'text' && b.text !== '') {
    fields.splice(0, 2, { text: `${a.text}、${b.text}`, tight: false });
  }
  return fields;
}

const isValue = (f: Field) => f.text === '' || classify(f.text) !== 'text';
/** `0 0` in one field is a space-separated row, not a comma field. */
const spaced = (s: string) => {
  if (!/\s/.test(s)) return false;
  const toks = s.split(/\s+/);
  return toks.length > 1 && toks.filter((x) => classify(x) !== 'text').length > 1;
};

/** The last whitespace-separated token of a trimmed `s` (`split(/\s+/).pop()`, without the split). */
function lastToken(s: string): string {
  for (let k = s.length - 1; k >= 0; k--) if (isSpace(s.charCodeAt(k))) return s.slice(k + 1);
  return s;
}

/** How many leading fields are labels, when the line is a row; else -1. */
function rowLabels(fields: readonly Field[]): number {
  if (fields.length < 2) return -1;
  let i = 0;
  while (i < fields.length && !isValue(fields[i] as Field)) i++;
  // Labels are fields[0, i), values fields[i, …): read in place, not sliced.
  const nValues = fields.length - i;
  if (i > 3 || nValues === 0) return -1;
  // `行政强制,,,` is a row of blanks; `…加强学习，` (prose wrapped at a comma) is not.
  let blank = true;
  for (let k = i; k < fields.length && blank; k++) if ((fields[k] as Field).text !== '') blank = false;
  const short = i === 1 && (fields[0] as Field).text.length <= 30 && !/[：:]/.test((fields[0] as Field).text);
  if (blank && (i === 0 || (nValues < 2 && !short))) return -1;
  for (let k = 0; k < i; k++) {
    const f = fields[k] as Field;
    if (f.text.length > 80 || SENTENCE.test(f.text)) return -1;
  }
  const last = i > 0 ? lastToken((fields[i - 1] as Field).text) : '';
  if (last !== '' && classify(last) !== 'text') return -1;
  for (let k = i; k < fields.length; k++) {
    const f = fields[k] as Field;
    if (!isValue(f) || spaced(f.text)) return -1;
  }
  return i;
}

interface RowParse {
  fields: readonly Field[];
  nLabels: number;
  traditional: boolean;
}
// The detector parses every comma line of a section and the tokenizer then reads the same lines:
// each line's parse is kept from one to the other, in a Map of that section's own (bounded all the
// same). Not one Map cleared again and again: a long-lived Map sits in V8's old space, and every
// young parse stored in it was kept and promoted by the scavenger until the next full collection
// (cleared tables included) — a comma-rows report spent a third of its time in GC.
let parses = new Map<string, RowParse>();

/** A new section's lines are about to be detected: the previous section's parses are dropped. */
export function newCommaSection(): void {
  parses = new Map();
}

/** A trimmed line's fields and how many of them are labels (-1: not a row). Do not mutate. */
function parseRow(t: string): RowParse {
  const traditional = readingTraditional();
  const hit = parses.get(t);
  if (hit && hit.traditional === traditional) return hit;
  const fields = splitFields(t);
  const p = { fields, nLabels: rowLabels(fields), traditional };
  if (parses.size >= 5000) parses = new Map();
  parses.set(t, p);
  return p;
}

/**
 * Whether `t` holds a comma (`,` or `，`) outside brackets, counted as splitAt counts them: without
 * one a line is a single field, never a row. Most comma lines of a table section are labels with
 * their commas inside brackets (`（二）部分公开（区分处理的，只计这一情形，不计其他情形）`) or prose:
 * this scan spares them the split, the fields and the parse cache.
 */
function topLevelComma(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x28 || c === 0xff08 || c === 0x5b || c === 0x3010 || c === 0x3014) depth++;
    else if (c === 0x29 || c === 0xff09 || c === 0x5d || c === 0x3011 || c === 0x3015) {
      if (depth > 0) depth--;
    } else if (depth === 0 && (c === COMMA || c === 0xff0c)) return true;
  }
  return false;
}

/** A table row of comma-separated fields (the detector's test). */
export function isCommaRow(line: string): boolean {
  if (line.length > MAX_LINE || !topLevelComma(line)) return false;
  const { fields, nLabels } = parseRow(line);
  // A line of commas only is a row of blank cells (an all-blank appeals row).
  return nLabels >= 0 || (fields.length > 2 && fields.every((f) => f.text === ''));
}

/** A header line: short labels, blanks where spanning cells left their place (`第二十条第（一）项,,,`). */
function headerCells(fields: readonly Field[]): string[] | null {
  const filled = fields.filter((f) => f.text !== '');
  if (filled.length === 0 || (filled.length < 2 && fields.length < 3)) return null;
  if (filled.some((f) => f.text.length > 40 || SENTENCE.test(f.text) || classify(f.text) !== 'text'))
    return null;
  // A loop, not .map: the optimised .map's holey array and the unoptimised one's packed array
  // recompiled commaRows, which reads it ("wrong map" deopts).
  const texts: string[] = [];
  for (const f of filled) texts.push(f.text);
  return texts;
}

/** The templates a region shows (one-entry cache: a table's rows share their region). */
let cached: { region: string; templates: TableTemplate[] } | null = null;
function regionTemplates(region: string): TableTemplate[] {
  if (cached?.region !== region) {
    const active = detectActive(region);
    // The 2019 requests template shows no marker of its own in the text: unless 2021's show, both.
    const requests = detectRequests(region, false);
    const templates = [
      ...(active ? [TEMPLATES.active[active]] : [TEMPLATES.active['2019'], TEMPLATES.active['2021']]),
      ...(requests
        ? [TEMPLATES.requests[requests]]
        : [TEMPLATES.requests['2019'], TEMPLATES.requests['2021']]),
    ];
    cached = { region, templates };
  }
  return cached.templates;
}

/** Value counts the template rows named by `labels` expect, in the template the region shows. */
function expectedCounts(labels: readonly TokCell[], region: string): number[] {
  if (labels.length === 0) return [(appeals2019.rows[0] as { cols: string[] }).cols.length];
  const out = new Set<number>();
  for (const t of regionTemplates(region)) {
    const row = matchPiece(newPiece([...labels], []), t);
    if (row) out.add(row.cols.length);
  }
  return [...out];
}

/** Fields i..j (inclusive) read as one number with thousands separators. */
function joinable(f: readonly Field[], i: number, j: number): boolean {
  if (!HEAD.test((f[i] as Field).text)) return false;
  for (let k = i + 1; k <= j; k++) {
    const x = f[k] as Field;
    if (!x.tight || !(k === j ? LAST : GROUP).test(x.text)) return false;
  }
  return true;
}

/**
 * The value fields regrouped into `n` cells when exactly one regrouping does it, else null.
 * ways(p, c): segmentations of fields p.. into c cells, capped at 2 (only "one" matters).
 */
function regroup(f: readonly Field[], n: number): Field[][] | null {
  const m = f.length;
  if (m > 60 || n >= m) return null;
  const memo = new Map<number, number>();
  const ways = (p: number, c: number): number => {
    if (p === m) return c === 0 ? 1 : 0;
    if (c === 0 || m - p < c) return 0;
    const key = p * 64 + c;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let w = ways(p + 1, c - 1);
    for (let j = p + 1; j < m && w < 2 && joinable(f, p, j); j++) w += ways(j + 1, c - 1);
    w = Math.min(w, 2);
    memo.set(key, w);
    return w;
  };
  if (ways(0, n) !== 1) return null;
  const out: Field[][] = [];
  let p = 0;
  for (let c = n; c > 0; c--) {
    let j = p;
    while (ways(j + 1, c - 1) === 0) j++;
    out.push(f.slice(p, j + 1));
    p = j + 1;
  }
  return out;
}

/**
 * Value cells of a row: literal, or regrouped when only a regrouping fits the template. Blank
 * fields at either end may be span residue (`行政事业性收费,0,0,`), so they count only as far
 * as the template needs them.
 */
function valueCells(values: Field[], labels: readonly TokCell[], region: string, row: number, col0: number) {
  let lead = 0;
  while (lead < values.length && (values[lead] as Field).text === '') lead++;
  let end = values.length;
  while (end > lead && (values[end - 1] as Field).text === '') end--;
  const core = values.slice(lead, end);
  // null: one cell per field (no per-field group arrays, which V8's .map made holey once optimised
  // and packed before, compiling this loop again for the other kind).
  let groups: Field[][] | null = null;
  // Only rows with `d,ddd`-like commas can be regrouped; the template lookup is for them alone.
  const counts = core.some((f, k) => k > 0 && f.tight && LAST.test(f.text))
    ? expectedCounts(labels, region)
    : [];
  if (counts.length && !counts.some((n) => core.length <= n && n <= values.length)) {
    const fits = counts.map((n) => regroup(core, n)).filter((g): g is Field[][] => g !== null);
    if (fits.length === 1) groups = fits[0] as Field[][];
  }
  const cells: TokCell[] = [];
  let col = col0;
  // Blank fields at either end: one empty cell each.
  for (let k = 0; k < lead; k++) cells.push({ text: '', row, col: col++ });
  if (groups)
    for (const g of groups) {
      cells.push({ text: g.length === 1 ? (g[0] as Field).text : g.map((f) => f.text).join(','), row, col });
      col += g.length;
    }
  else for (const f of core) cells.push({ text: f.text, row, col: col++ });
  for (let k = end; k < values.length; k++) cells.push({ text: '', row, col: col++ });
  return cells;
}

interface Parsed {
  i: number;
  t: string;
  fields: Field[] | null;
  nLabels: number;
}

/** A row wrapped at a comma (`…,0,0,` / `0,0,4`): the trailing comma is the wrap, not a blank cell. */
function dropWrapCommas(parsed: Parsed[]): void {
  for (let k = 0; k + 1 < parsed.length; k++) {
    const cur = parsed[k] as Parsed;
    const next = parsed[k + 1] as Parsed;
    const f = cur.fields;
    if (!f || cur.nLabels < 0 || f.length - cur.nLabels < 2 || (f[f.length - 1] as Field).text !== '')
      continue;
    if (next.nLabels === 0 && next.fields && (next.fields[0] as Field).text !== '') f.pop();
  }
}

export function commaRows(lines: readonly string[]): TokTable {
  const region = regionKey(lines);
  const parsed: Parsed[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    // A line without a comma outside brackets is one field: the same cell as no parse.
    const p = t.length <= MAX_LINE && topLevelComma(t) ? parseRow(t) : null;
    // A copy: dropWrapCommas drops a wrapped row's last field.
    parsed.push({ i, t, fields: p ? [...p.fields] : null, nLabels: p ? p.nLabels : -1 });
  });
  parses = new Map();
  dropWrapCommas(parsed);
  const rows: TokCell[][] = [];
  // Cells are pushed in loops, not made by .map: V8's optimised .map returns holey arrays, the
  // unoptimised one packed arrays, and every reader of the rows was compiled again for the other.
  for (const { i, t, fields, nLabels } of parsed) {
    if (fields && nLabels >= 0) {
      const labels: TokCell[] = [];
      for (let col = 0; col < nLabels; col++) labels.push({ text: (fields[col] as Field).text, row: i, col });
      rows.push([...labels, ...valueCells(fields.slice(nLabels), labels, region, i, nLabels)]);
      continue;
    }
    const row: TokCell[] = [];
    if (fields && fields.length > 2 && fields.every((f) => f.text === '')) {
      for (let col = 0; col < fields.length; col++) row.push({ text: '', row: i, col });
    } else {
      const header = fields ? headerCells(fields) : null;
      if (header)
        for (let col = 0; col < header.length; col++) row.push({ text: header[col] as string, row: i, col });
      else row.push({ text: t, row: i, col: 0 });
    }
    rows.push(row);
  }
  return { shape: 'comma-rows', tableIndex: null, rows, stream: true };
}
