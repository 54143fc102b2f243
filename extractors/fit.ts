/**
 * A row's cells → exactly the template's column count, or a reason why not. Blank cells beyond
 * the count are layout (span residue, a label's colspan printed as empty cells, trailing pipes);
 * which blanks are layout is decided only when one reading is certain:
 * 1. every way of dropping excess blanks at the two ends gives the same cells, or
 * 2. the other rows of the same table that have the same column count and read unambiguously
 *    all put their first value at the same grid column (or the same distance after their label),
 *    and exactly one reading does too.
 * Otherwise the row is ambiguous (`table.ambiguous_row`): its cells are null, nothing is guessed.
 */
import { fitValues, type Piece } from './match.ts';
import type { TokCell } from './tokenize/types.ts';

export type RowFit =
  | { kind: 'ok'; values: TokCell[] }
  | { kind: 'count'; values: TokCell[] }
  | { kind: 'ambiguous'; readings: TokCell[][] };

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

/** Readings of one row before the table-wide alignment is known. */
export function rowReadings(values: readonly TokCell[], n: number): RowFit {
  if (values.length > n) {
    const trims = endTrims(values, n);
    if (trims.length === 1) return { kind: 'ok', values: trims[0] as TokCell[] };
    if (trims.length > 1) return { kind: 'ambiguous', readings: trims };
    return { kind: 'count', values: [...values] };
  }
  const v = fitValues(values, n);
  return v.length === n ? { kind: 'ok', values: v } : { kind: 'count', values: v };
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
export function fitRows(rows: ReadonlyArray<{ piece: Piece; n: number }>, grid: boolean): RowFit[] {
  const fits = rows.map(({ piece, n }) => rowReadings(piece.values, n));
  if (!grid || !fits.some((f) => f.kind === 'ambiguous')) return fits;
  const sure: Aligned[] = [];
  fits.forEach((f, i) => {
    const { piece, n } = rows[i] as { piece: Piece; n: number };
    if (f.kind === 'ok' && f.values.length) sure.push(alignment(piece, f.values, n));
  });
  return fits.map((f, i) => {
    if (f.kind !== 'ambiguous') return f;
    const { piece, n } = rows[i] as { piece: Piece; n: number };
    const peers = sure.filter((s) => s.n === n);
    if (!peers.length) return f;
    const abs = consensus(peers.map((s) => s.abs));
    const rel = consensus(peers.map((s) => s.rel));
    const picks = new Set<number>();
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
    return { kind: 'ok', values: f.readings[[...picks][0] as number] as TokCell[] };
  });
}
