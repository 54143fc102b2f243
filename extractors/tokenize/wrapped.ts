/**
 * Space-aligned text of a table whose labels wrap inside narrow cells (`pdftotext -layout`, a
 * flipbook's text layer, a copy from a PDF viewer): a row's values sit on one line and its label
 * is split above and below it (`1.属于国` / `3 9 0 9 9 6 36` / `家秘密`), group labels
 * (三、本年度办理结果, （三）不予公开) wrap across the rows they span and share lines with item
 * fragments at another indentation. This module only reads the geometry: which lines carry
 * values, and the text fragments (segments) around them in reading order. Which fragment belongs
 * to which row is decided against the template (unwrap.ts).
 */
import { classify } from '../values.ts';
import { splitSpaceRow } from './space-rows.ts';
import type { TokCell } from './types.ts';

/** A run of label text on one line: words a single space apart, cut at a wider gap or a marker. */
export interface Segment {
  text: string;
  line: number;
  x: number;
  /** Starts with an item marker (`1.` `（一）` `一、`): the first fragment of a label. */
  marker: boolean;
}

export interface ValuesLine {
  line: number;
  /** Label text printed on the values line itself, left of the values. */
  inline: Segment[];
  values: TokCell[];
  /** Where each value is printed on the line: first and last character position, parallel to values. */
  spans: Array<[number, number]>;
}

export interface WrappedLayout {
  rows: ValuesLine[];
  /** gaps[i]: the fragments between rows[i-1] and rows[i] (gaps[0] before the first, gaps[n] after the last). */
  gaps: Segment[][];
}

export const MARKER =
  /^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,2}[、．.](?![\d．.]))/;
const UNIT = /^(?:万元|元|万|件|个|项|条)$/;
// Page furniture a PDF's text layer prints between rows: `Page 9 - 2020年报_审计局`, `- 3 -`, `第 3 页`
// (not `3/10`: a values line `11 / 23` with a blank marker reads the same).
const FURNITURE = /^(?:page\s*\d+\b.*|-\s*\d+\s*-|第\s*\d+\s*页.*)$/i;

function segmentsOf(tokens: ReadonlyArray<{ text: string; x: number }>, line: number): Segment[] {
  const out: Segment[] = [];
  let end = -2;
  for (const t of tokens) {
    const marker = MARKER.test(t.text);
    const last = out[out.length - 1];
    if (last && t.x - end < 2 && !marker) last.text += t.text;
    else out.push({ text: t.text, line, x: t.x, marker });
    end = t.x + t.text.length;
  }
  return out;
}

/** Each value cell's printed span: a cell is one or more tokens joined (`1007.25` `万元`). */
function spansOf(
  values: readonly TokCell[],
  tokens: ReadonlyArray<{ text: string; x: number }>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  for (const v of values) {
    const first = tokens[t];
    if (!first) break;
    let acc = first.text;
    let last = first;
    t++;
    while (acc.length < v.text.length && t < tokens.length) {
      last = tokens[t] as { text: string; x: number };
      acc += last.text;
      t++;
    }
    out.push([first.x, last.x + last.text.length - 1]);
  }
  return out;
}

/**
 * The values lines and the fragments between them, or null when the lines hold no values line
 * with label fragments printed on a line of their own right above or below it.
 */
export function wrappedLayout(lines: readonly string[]): WrappedLayout | null {
  const rows: ValuesLine[] = [];
  const gaps: Segment[][] = [[]];
  const kinds: Array<'values' | 'text' | 'blank'> = [];
  lines.forEach((raw, i) => {
    const line = raw.length > 2000 ? raw.slice(0, 2000) : raw;
    const t = line.trim();
    if (t === '' || FURNITURE.test(t)) {
      kinds.push('blank');
      return;
    }
    const tokens: Array<{ text: string; x: number }> = [];
    for (const m of line.matchAll(/\S+/g)) tokens.push({ text: m[0], x: m.index as number });
    let j = tokens.length - 1;
    while (j >= 0) {
      const tok = (tokens[j] as { text: string }).text;
      if (classify(tok) !== 'text') j--;
      else if (UNIT.test(tok) && j > 0 && classify((tokens[j - 1] as { text: string }).text) !== 'text')
        j -= 2;
      else break;
    }
    if (j === tokens.length - 1) {
      kinds.push('text');
      (gaps[gaps.length - 1] as Segment[]).push(...segmentsOf(tokens, i));
      return;
    }
    kinds.push('values');
    const first = tokens[j + 1] as { x: number };
    const values = splitSpaceRow(line.slice(first.x), i).map((c, k) => ({ ...c, col: k }));
    rows.push({
      line: i,
      inline: segmentsOf(tokens.slice(0, j + 1), i),
      values,
      spans: spansOf(values, tokens.slice(j + 1)),
    });
    gaps.push([]);
  });
  // The class: some values line has a fragment line right above or below it.
  const wrapped = rows.some((r) => kinds[r.line - 1] === 'text' || kinds[r.line + 1] === 'text');
  return wrapped && rows.length ? { rows, gaps } : null;
}
