/**
 * Picks the tokenizer for a table's lines by what the lines look like, never by the agency or
 * year. Each shape is its own module; adding a shape means one module and one line here.
 */

import { isSpace } from '../chars.ts';
import { classify } from '../values.ts';
import { brackets } from './brackets.ts';
import { commaRows, isCommaRow, newCommaSection } from './comma-rows.ts';
import { htmlGrid, ROW_MARK } from './html-grid.ts';
import { lineCells } from './lines.ts';
import { MD_RULE, markdown } from './markdown.ts';
import { pipeCells } from './pipe-cells.ts';
import { pipeRows } from './pipe-rows.ts';
import { spaceRows } from './space-rows.ts';
import { tabCells } from './tab-cells.ts';
import { tsvRows } from './tsv-rows.ts';
import { SHAPES, type ShapeName, type Tokenizer, type TokTable } from './types.ts';

export type { ShapeName, TokCell, TokTable } from './types.ts';
export { SHAPES } from './types.ts';

export const TOKENIZERS: Record<ShapeName, Tokenizer> = {
  html: htmlGrid,
  markdown,
  'pipe-rows': pipeRows,
  'pipe-cells': pipeCells,
  brackets,
  'tsv-rows': tsvRows,
  'tab-cells': tabCells,
  'comma-rows': commaRows,
  'space-rows': spaceRows,
  lines: lineCells,
};

const BRACKET_ROW = /^\s*[[【][^\]】]*[\]】]\s*[[【]/;
const SPACE_ROW = /\S\s+[+\-＋－]?[\d０-９]+(?:\.\d+)?(?:万元|元)?\s+[+\-＋－]?[\d０-９]/;

/**
 * A label followed by values, any of them blank markers (`规章（市政府令） 0 / 9`, `行政规范性文件 4 — 6`),
 * or a short label with one number (2021 one-value rows: `行政许可 16`). Prose rarely ends so.
 */
function labelledValues(t: string, toks: readonly string[]): boolean {
  let k = 0;
  while (k < toks.length && classify(toks[toks.length - 1 - k] as string) !== 'text') k++;
  if (k === 0 || k === toks.length) return false;
  if (k >= 2) return true;
  return t.length <= 40 && !/[，,。：:；;]/.test(t) && /[\d０-９]/.test(toks[toks.length - 1] as string);
}

/** Three or more space-separated tokens that are all values (`— — —`, `0 0 0`). */
function valueRun(toks: readonly string[]): boolean {
  if (toks.length < 3) return false;
  for (const x of toks) if (classify(x) === 'text') return false;
  return true;
}

/** What one line counts for: a shape, a Markdown rule (pipe-rows/pipe-cells too), or nothing. */
type LineKind = ShapeName | 'md-rule-rows' | 'md-rule-cells' | null;

/** Whether `s` holds whitespace (as `\s` means it). */
function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isSpace(s.charCodeAt(i))) return true;
  return false;
}

/** How many `|` `s` holds (0 when it is only bars: then -1). */
function pipeCount(s: string): number {
  // Most lines hold none: indexOf finds that without a loop over every code unit.
  let i = s.indexOf('|');
  if (i < 0) return 0;
  let n = 0;
  for (; i < s.length; i++) if (s.charCodeAt(i) === 0x7c) n++;
  return n === s.length ? -1 : n;
}

// Cheap tests by code unit come first: this runs on every line of every table section.
function lineKind(line: string): LineKind {
  if (line.startsWith(ROW_MARK)) return 'html';
  const t = line.trim();
  if (t === '') return null;
  // A lone bar line: a separator or an empty cell of a one-cell-per-line stream (a `|||` run is
  // span residue, which several shapes print).
  if (t === '|') return 'lines';
  const pipes = pipeCount(t);
  if (pipes < 0) return null;
  // One value alone on its line: a one-cell-per-line stream.
  if (t.length <= 24 && !hasSpace(line) && classify(t) !== 'text') return 'lines';
  if (pipes > 0) {
    const rule = MD_RULE.test(t);
    if (pipes === 1 && t.endsWith('|')) return rule ? 'md-rule-cells' : 'pipe-cells';
    return rule ? 'md-rule-rows' : 'pipe-rows';
  }
  const c = t.charCodeAt(0);
  if ((c === 0x5b || c === 0x3010) && BRACKET_ROW.test(t)) return 'brackets';
  if (line.includes('\t')) {
    if (/\S\t+\S/.test(line)) return 'tsv-rows';
    if (line.startsWith('\t')) return 'tab-cells';
  }
  if ((t.includes(',') || t.includes('，')) && isCommaRow(t)) return 'comma-rows';
  // Space rows need a space between a label and a value.
  if (!hasSpace(t)) return null;
  if (t.length >= 4000) return null;
  if (SPACE_ROW.test(t)) return 'space-rows';
  // Both tests read the line's tokens (and neither a line over 400 characters): split once.
  if (t.length > 400) return null;
  const toks = t.split(/\s+/);
  return valueRun(toks) || labelledValues(t, toks) ? 'space-rows' : null;
}

// detectShape's tally: one slot per shape, in SHAPES's order (the order ties are broken in).
const SHAPE_ORDER: readonly ShapeName[] = SHAPES;
// A plain object, not a Map: a property read per line instead of a hash lookup.
const SLOT: Record<Exclude<LineKind, null>, number> = Object.fromEntries([
  ...SHAPE_ORDER.map((k, i) => [k, i] as const),
  ['md-rule-rows', SHAPE_ORDER.indexOf('pipe-rows')],
  ['md-rule-cells', SHAPE_ORDER.indexOf('pipe-cells')],
]) as Record<Exclude<LineKind, null>, number>;

/** The shape of a block of lines: the kind of line that occurs most often wins. */
export function detectShape(lines: readonly string[]): ShapeName {
  newCommaSection();
  const n = new Array<number>(SHAPE_ORDER.length).fill(0);
  let rule = false;
  for (const line of lines) {
    const k = lineKind(line);
    if (k === null) continue;
    if (k === 'html') return 'html';
    if (k === 'md-rule-rows' || k === 'md-rule-cells') rule = true;
    (n[SLOT[k]] as number)++;
  }
  if (rule && (n[SLOT['pipe-rows']] as number) > 0) return 'markdown';
  let best: ShapeName = 'lines';
  let max = 0;
  for (let i = 0; i < SHAPE_ORDER.length; i++) {
    if ((n[i] as number) > max) {
      max = n[i] as number;
      best = SHAPE_ORDER[i] as ShapeName;
    }
  }
  return best;
}

export function tokenize(lines: readonly string[], shape: ShapeName = detectShape(lines)): TokTable {
  return TOKENIZERS[shape](lines);
}
