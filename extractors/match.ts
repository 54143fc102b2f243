/**
 * Tokens → template rows, by label. A tokenizer's rows (or stream) are cut into label+values
 * pieces: text cells are labels, value-like cells (numbers, blank markers) are values; a label
 * after values starts a new piece, and a grid row's end closes a piece that has values. A piece
 * is then matched to a template row by its last label, or its last two or three joined (labels
 * broken over lines, `三、本年度办理结果` / `（一）予以公开`). Noise in labels is handled by labelKey.
 */
import { labelKey, stripGroups } from './labels.ts';
import type { TableTemplate, TemplateRow } from './templates/types.ts';
import type { TokCell, TokTable } from './tokenize/types.ts';
import { classify } from './values.ts';

export interface Piece {
  labels: TokCell[];
  values: TokCell[];
  /**
   * matchPiece's answer for the last template asked (a piece is matched twice when joinCutRows runs
   * first). A field, not a WeakMap entry: a WeakMap insert per piece was a measurable share of the time.
   */
  matched?: { t: TableTemplate; row: TemplateRow | null };
  /** Its labels' keys, once asked for (table.ts headerCols: every row looks at the header pieces). */
  labelKeys?: string[];
}

/**
 * A new piece with every field set, the later ones undefined until known: pieces that gained
 * `matched` or `labelKeys` later had other V8 maps than new ones, and the code reading pieces was
 * compiled again for each ("wrong map" deopts).
 */
export function newPiece(labels: TokCell[], values: TokCell[]): Piece {
  return { labels, values, matched: undefined, labelKeys: undefined };
}

export function assemble(tt: TokTable): Piece[] {
  const out: Piece[] = [];
  // No closure for closing a piece: under tsx every named closure costs a defineProperty per call.
  let cur = newPiece([], []);
  for (const row of tt.rows) {
    for (const cell of row) {
      if (cell.span) continue;
      if (classify(cell.text) === 'text') {
        if (cur.values.length) {
          out.push(cur);
          cur = newPiece([], []);
        }
        cur.labels.push(cell);
      } else {
        cur.values.push(cell);
      }
    }
    if (cur.values.length && !tt.stream) {
      out.push(cur);
      cur = newPiece([], []);
    }
  }
  if (cur.labels.length || cur.values.length) out.push(cur);
  return out;
}

interface CompiledRow {
  row: TemplateRow;
  index: number;
  keys: string[];
}
interface Compiled {
  rows: CompiledRow[];
  groups: string[];
  /** Label key → the row it names (null: none). The same few hundred keys recur in every report. */
  named: Map<string, TemplateRow | null>;
}
const compiled = new WeakMap<TableTemplate, Compiled>();

function compile(t: TableTemplate): Compiled {
  let c = compiled.get(t);
  if (!c) {
    const groups = new Set<string>();
    const rows = t.rows.map((row, index) => {
      for (const g of row.groups ?? []) groups.add(labelKey(g));
      return { row, index, keys: [row.label, ...(row.aliases ?? [])].map(labelKey).filter((k) => k !== '') };
    });
    c = { rows, groups: [...groups], named: new Map() };
    compiled.set(t, c);
  }
  return c;
}

function score(label: string, key: string): number {
  if (label === key) return 3;
  if (label.startsWith(key)) return 2;
  if (label.length >= 4 && key.startsWith(label)) return 2;
  if (key.length >= 4 && label.includes(key)) return 1;
  return 0;
}

const SUBTOTAL_TAIL = /^(?:小计|合计|计)$/;

function bestRow(label: string, c: Compiled): { row: CompiledRow; score: number } | null {
  // A label led by a group's words (`其他处理3其他`, `不予公开1属于国家秘密`) is named by what
  // follows them: matched whole, its group's words would make a prefix of another row's key
  // (`其他处理取信息…` starts with 3.其他's `其他`).
  const stripped = stripGroups(label, c.groups);
  const variants = stripped && !SUBTOTAL_TAIL.test(stripped) ? [stripped] : [label];
  let best: { row: CompiledRow; score: number } | null = null;
  for (const v of variants) {
    for (const r of c.rows) {
      for (const k of r.keys) {
        // A subtotal row is its group's label alone (or with 小计): `（六）其他处理` followed by
        // anything else is the group label glued to a numbered item it holds (`（六）其他处理 |
        // 取信息1.申请人无正当理…` when a wrapped label spills), never the subtotal.
        if (r.row.optional && v !== k && !(v.startsWith(k) && SUBTOTAL_TAIL.test(v.slice(k.length))))
          continue;
        const s = score(v, k);
        if (s > 0 && (!best || s > best.score)) best = { row: r, score: s };
      }
    }
  }
  return best;
}

const hasValue = (p: Piece) => p.values.some((v) => !v.mark);

/**
 * One cell per line: a stray line inside a row (injected spam, a note, a page header the
 * normaliser did not know) is a label that names no template row, and it cuts the row in two.
 * When such a piece holds values and follows a piece that names a row (or, in the unlabelled
 * appeals table, holds values), its values are the rest of that row: they are joined to it and
 * the stray label is dropped (a stray piece holding only separator marks is joined the same way:
 * two stray lines in a row). A row cut so and not joined would be read short, or — with
 * separator lines — padded with empty cells.
 */
// Top-level, not a closure in joinCutRows: under tsx every named closure costs a defineProperty per call.
function isNamed(p: Piece, t: TableTemplate): boolean {
  return p.labels.length > 0 && matchPiece(p, t) !== null;
}

export function joinCutRows(pieces: readonly Piece[], t: TableTemplate): Piece[] {
  const out: Piece[] = [];
  const unlabelled = t.rows.length === 1 && t.rows[0]?.label === '';
  let prevNamed = false;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as Piece;
    const named = isNamed(p, t);
    const prev = out[out.length - 1];
    // Two stray lines in a row (`政府信息公开申请情况统计表` / `|` / `（续表）` / `0` …): the first
    // piece holds only a separator mark, which belongs to the row the second one's values finish.
    const next = pieces[i + 1];
    const strayMarks =
      !hasValue(p) && p.values.length > 0 && next !== undefined && hasValue(next) && !isNamed(next, t);
    if (prev && !named && (hasValue(p) || strayMarks) && (prevNamed || (unlabelled && hasValue(prev)))) {
      out[out.length - 1] = newPiece(prev.labels, [...prev.values, ...p.values]);
      continue;
    }
    out.push(p);
    prevNamed = named;
  }
  return out;
}

/** The template row a piece's labels name, or null. */
export function matchPiece(p: Piece, t: TableTemplate): TemplateRow | null {
  const hit = p.matched;
  if (hit && hit.t === t) return hit.row;
  const row = matchLabels(p, t);
  p.matched = { t, row };
  return row;
}

function matchLabels(p: Piece, t: TableTemplate): TemplateRow | null {
  const c = compile(t);
  const n = p.labels.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    let joined = '';
    for (let i = n - k; i < n; i++) joined += (p.labels[i] as TokCell).text;
    const key = labelKey(joined);
    if (key === '') continue;
    let row = c.named.get(key);
    if (row === undefined) {
      row = bestRow(key, c)?.row.row ?? null;
      if (c.named.size > 20_000) c.named.clear();
      c.named.set(key, row);
    }
    if (row) return row;
  }
  return null;
}

export function nonBlank(p: Piece): number {
  let n = 0;
  for (const v of p.values) if (v.text.trim() !== '') n++;
  return n;
}

/**
 * Template row key → the piece read for it. When several pieces name one row (a header cell
 * `总计` as well as the `（七）总计` row), the one with the most filled values wins.
 */
export function matchRows(pieces: readonly Piece[], t: TableTemplate): Map<string, Piece> {
  const out = new Map<string, Piece>();
  for (const p of pieces) {
    if (!p.labels.length) continue;
    const row = matchPiece(p, t);
    if (!row) continue;
    const prev = out.get(row.key);
    if (!prev || nonBlank(p) > nonBlank(prev)) out.set(row.key, p);
  }
  return out;
}

/**
 * The appeals table has one unlabelled row of values: the piece with the most filled values;
 * among equals (an all-blank row), one with exactly the template's count; then the last.
 */
export function appealsPiece(pieces: readonly Piece[], n: number): Piece | null {
  let best: Piece | null = null;
  let bestScore = -1;
  for (const p of pieces) {
    if (!p.values.length) continue;
    const s = nonBlank(p) * 2 + (fitValues(p.values, n).length === n ? 1 : 0);
    if (s >= bestScore) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}

/** Blank cells beyond the column count at either end are layout (spans, trailing pipes), not values. */
export function fitValues(values: readonly TokCell[], n: number): TokCell[] {
  const v = [...values];
  while (v.length > n && (v[v.length - 1] as TokCell).text === '') v.pop();
  while (v.length > n && (v[0] as TokCell).text === '') v.shift();
  return v.length < n ? (splitMerged(v, n) ?? v) : v;
}

const PLAIN_NUMBERS = /^[+\-＋－]?\d+(?:\.\d+)?(?:\s+[+\-＋－]?\d+(?:\.\d+)?)+$/;

/**
 * PDF layout can merge narrow adjacent columns into one cell (`… | 0 | 0 0 4`). A short row whose
 * cells made only of space-separated plain numbers, split, give exactly the column count is read
 * split: the order is the printed order, nothing moves. Any other count stays short (nulls).
 */
function splitMerged(v: readonly TokCell[], n: number): TokCell[] | null {
  if (!v.some((c) => c.text.length < 200 && PLAIN_NUMBERS.test(c.text.trim()))) return null;
  const out: TokCell[] = [];
  for (const c of v) {
    const t = c.text.trim();
    if (t.length < 200 && PLAIN_NUMBERS.test(t))
      for (const part of t.split(/\s+/)) out.push({ ...c, text: part });
    else out.push(c);
  }
  return out.length === n ? out : null;
}
