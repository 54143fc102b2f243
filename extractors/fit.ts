/**
 * A row's cells → exactly the template's column count, or a reason why not. Blank cells beyond
 * the count are layout (span residue, a label's colspan printed as empty cells, trailing pipes);
 * which blanks are layout is decided only when one reading is certain:
 * 1. every way of dropping excess blanks at the two ends gives the same cells, or
 * 2. the other rows of the same table that have the same column count and read unambiguously
 *    all put their first value at the same grid column (or the same distance after their label),
 *    and exactly one reading does too.
 * Otherwise the row is ambiguous (`table.ambiguous_row`): its cells are null, nothing is guessed.
 *
 * Streams (one cell per line) add marks (tokenize/types.ts): a `|` line is nothing (span
 * residue), an empty cell, or a separator between cells; a whitespace-only line is nothing or
 * an empty cell. Each reading of the whole row — marks as nothing, bars as empty cells, spaces
 * as empty cells, both, or bars as separators (each cell what lies between two bars, an empty
 * stretch an empty cell) — is tried; the row is read when the readings that give exactly the
 * column count agree, and is ambiguous when they do not. An empty cell is never dropped to
 * make a count fit: the mark readings keep every one.
 */
import { fitValues, type Piece } from './match.ts';
import type { TokCell } from './tokenize/types.ts';

export type RowFit =
  | { kind: 'ok'; values: TokCell[]; readings: null }
  | { kind: 'count'; values: TokCell[]; readings: null }
  | { kind: 'ambiguous'; values: null; readings: TokCell[][] };

// Every fit has the same fields in the same order, so V8 gives all three kinds one hidden class:
// with two, readTable was compiled for the fits it had seen and compiled again ("wrong map") at
// the first ambiguous row of a run, each time ~50 ms of TurboFan.
const okFit = (values: TokCell[]): RowFit => ({ kind: 'ok', values, readings: null });
const countFit = (values: TokCell[]): RowFit => ({ kind: 'count', values, readings: null });
const ambiguousFit = (readings: TokCell[][]): RowFit => ({ kind: 'ambiguous', values: null, readings });

const sameTexts = (a: readonly TokCell[], b: readonly TokCell[]) =>
  a.length === b.length && a.every((c, i) => c.text === (b[i] as TokCell).text);

/** The distinct readings of exactly n cells obtained by dropping blanks at the two ends. */
export function endTrims(values: readonly TokCell[], n: number): TokCell[][] {
  const excess = values.length - n;
  if (excess <= 0) return [];
  let lead = 0;
  while (lead < values.length && (values[lead] as TokCell).text === '') lead++;
  let trail = 0;
  while (trail < values.length && (values[values.length - 1 - trail] as TokCell).text === '') trail++;
  const out: TokCell[][] = [];
  for (let a = Math.max(0, excess - trail); a <= Math.min(lead, excess); a++) {
    const r = values.slice(a, values.length - (excess - a));
    if (!out.some((o) => sameTexts(o, r))) out.push(r);
  }
  return out;
}

/** What marks a table's cells carry (tokenize/types.ts `mark`), which decides the readings tried. */
export interface Marks {
  bars: boolean;
  spaces: boolean;
  /** Bars may be separators between cells. */
  separators: boolean;
}

export const NO_MARKS: Marks = { bars: false, spaces: false, separators: false };

export function tableMarks(rows: readonly (readonly TokCell[])[], separators: boolean): Marks {
  let bars = false;
  let spaces = false;
  for (const row of rows)
    for (const c of row) {
      if (c.mark === 'bar') bars = true;
      else if (c.mark === 'space') spaces = true;
    }
  return { bars, spaces, separators: separators && bars };
}

const blankOf = (c: TokCell): TokCell => ({ text: '', row: c.row, col: c.col });

/**
 * Bars as separators: the cells are the stretches between bars; a stretch with no value is an
 * empty cell, one with two values makes the reading impossible. An empty stretch before the
 * first bar is the label's own separator; the one after the last bar may be nothing (a bar
 * closing the row) or an empty last cell: both are readings.
 */
function separatorReadings(values: readonly TokCell[], anchor: TokCell): TokCell[][] {
  const stretches: TokCell[][] = [[]];
  const at: TokCell[] = [];
  for (const v of values) {
    if (v.mark === 'bar') {
      stretches.push([]);
      at.push(v);
    } else if (!v.mark) (stretches[stretches.length - 1] as TokCell[]).push(v);
  }
  if (stretches.some((s) => s.length > 1)) return [];
  const cells = stretches.map((s, i) => s[0] ?? blankOf(at[Math.max(0, i - 1)] ?? anchor));
  const out: TokCell[][] = [];
  const firstEmpty = (stretches[0] as TokCell[]).length === 0;
  const lastEmpty = (stretches[stretches.length - 1] as TokCell[]).length === 0;
  // The label is a cell too: the bar right after it is its separator, so an empty first stretch
  // is never a cell (reading it as one would pad a row cut short by a stray line).
  const from = firstEmpty && stretches.length > 1 ? 1 : 0;
  out.push(cells.slice(from));
  if (lastEmpty && stretches.length - from > 1) out.push(cells.slice(from, cells.length - 1));
  return out;
}

/** `r` added to the readings found if it has `n` cells and is not one of them yet. */
function addReading(found: TokCell[][], r: TokCell[], n: number): void {
  if (r.length === n && !found.some((o) => sameTexts(o, r))) found.push(r);
}

/** Readings of one row before the table-wide alignment is known. */
export function rowReadings(
  values: readonly TokCell[],
  n: number,
  marks: Marks = NO_MARKS,
  anchor: TokCell = { text: '', row: 0, col: 0 },
): RowFit {
  if (marks === NO_MARKS || (!marks.bars && !marks.spaces)) return plainReadings(values, n);
  const plain = values.filter((v) => !v.mark);
  const base = plainReadings(plain, n);
  const found: TokCell[][] = [];
  if (base.kind === 'ok') addReading(found, base.values, n);
  else if (base.kind === 'ambiguous') for (const r of base.readings) addReading(found, r, n);
  for (const bar of marks.bars ? [false, true] : [false])
    for (const space of marks.spaces ? [false, true] : [false]) {
      if (!bar && !space) continue;
      // A loop, not .filter().map(): the optimised .map's holey array and the unoptimised one's
      // packed array recompiled sameTexts and its callers ("wrong map" deopts).
      const r: TokCell[] = [];
      for (const v of values)
        if (!v.mark) r.push(v);
        else if ((v.mark === 'bar' && bar) || (v.mark === 'space' && space)) r.push(blankOf(v));
      addReading(found, r, n);
    }
  if (marks.separators) for (const r of separatorReadings(values, anchor)) addReading(found, r, n);
  if (found.length === 1) return okFit(found[0] as TokCell[]);
  if (found.length > 1) return ambiguousFit(found);
  return base.kind === 'ambiguous' ? base : countFit(base.values);
}

function plainReadings(values: readonly TokCell[], n: number): RowFit {
  if (values.length > n) {
    const trims = endTrims(values, n);
    if (trims.length === 1) return okFit(trims[0] as TokCell[]);
    if (trims.length > 1) return ambiguousFit(trims);
    return countFit([...values]);
  }
  const v = fitValues(values, n);
  return v.length === n ? okFit(v) : countFit(v);
}

interface Aligned {
  n: number;
  abs: number;
  rel: number | null;
}

const lastLabelCol = (p: Piece): number | null => {
  const l = p.labels[p.labels.length - 1];
  return l ? l.col : null;
};

function alignment(p: Piece, reading: readonly TokCell[], n: number): Aligned {
  const first = reading[0] as TokCell;
  const lc = lastLabelCol(p);
  return {
    n,
    abs: first.col,
    rel: lc === null || (p.labels.at(-1) as TokCell).row !== first.row ? null : first.col - lc,
  };
}

/** The single value all entries agree on, or null (none, or disagreement). */
function consensus(xs: readonly (number | null)[]): number | null {
  let v: number | null = null;
  for (const x of xs) {
    if (x === null) return null;
    if (v === null) v = x;
    else if (v !== x) return null;
  }
  return v;
}

/**
 * Resolve every row of a table. `grid` says whether cells' `col` are real grid positions (not a
 * stream), without which alignment cannot help.
 */
export interface FitRow {
  piece: Piece;
  n: number;
  header?: number[] | null;
}

export function fitRows(rows: readonly FitRow[], grid: boolean, marks: Marks = NO_MARKS): RowFit[] {
  // A loop, not .map: the optimised .map's holey array and the unoptimised one's packed array
  // recompiled the code that reads the fits ("wrong map" deopts).
  const fits: RowFit[] = [];
  for (const { piece, n } of rows) fits.push(rowReadings(piece.values, n, marks, piece.labels.at(-1)));
  if (!grid || !fits.some((f) => f.kind === 'ambiguous')) return fits;
  const sure: Aligned[] = [];
  fits.forEach((f, i) => {
    const { piece, n } = rows[i] as { piece: Piece; n: number };
    if (f.kind === 'ok' && f.values.length) sure.push(alignment(piece, f.values, n));
  });
  const out: RowFit[] = [];
  for (let i = 0; i < fits.length; i++) out.push(alignedFit(fits[i] as RowFit, rows[i] as FitRow, sure));
  return out;
}

/** An ambiguous row's reading picked by where the table's sure rows put their cells, if one is. */
function alignedFit(f: RowFit, row: FitRow, sure: readonly Aligned[]): RowFit {
  if (f.kind !== 'ambiguous' || !f.readings.every((r) => r.every((c) => c.row === (r[0] as TokCell).row)))
    return f;
  const { piece, n, header } = row;
  const picks = new Set<number>();
  // The header row above names the row's columns at these grid positions (`信息内容 | 上一年项目数量
  // | 本年增/减 |`): a reading whose cells sit exactly there is the one.
  if (header && header.length === n) {
    const hit = f.readings
      .map((r, k) => ({ k, ok: r.every((c, j) => c.col === header[j]) }))
      .filter((x) => x.ok);
    if (hit.length === 1) picks.add((hit[0] as { k: number }).k);
  }
  const peers = sure.filter((s) => s.n === n);
  const abs = consensus(peers.map((s) => s.abs));
  const rel = consensus(peers.map((s) => s.rel));
  for (const [measure, want] of [
    ['abs', abs],
    ['rel', rel],
  ] as const) {
    if (want === null) continue;
    const hit = f.readings
      .map((r, k) => ({ k, a: alignment(piece, r, n)[measure] }))
      .filter((x) => x.a === want);
    if (hit.length === 1) picks.add((hit[0] as { k: number }).k);
    // A measure that matches no reading, or several, says nothing; one that matches another
    // reading than the other measure makes the row ambiguous (below).
  }
  if (picks.size !== 1) return f;
  return okFit(f.readings[[...picks][0] as number] as TokCell[]);
}
