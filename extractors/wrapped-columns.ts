/**
 * Blank cells of PDF layout text: a PDF's text layer prints an empty cell as nothing, so a row
 * of a wrapped layout (tokenize/wrapped.ts) can hold fewer values than columns. Where each value
 * is printed says which column it is in — but only when that is certain: the other rows of the
 * same columns that hold every value must put each column at one position (their left edges,
 * right edges or centres agree within a character), and every value of the short row must sit on
 * exactly one of those positions, in order, under every alignment that fits. Otherwise the row
 * stays short (`table.short_row`): nothing is guessed. The caller (unwrap.ts) asks only when the
 * layout kept its indentation (text copied from a viewer loses it, and positions with it).
 */
import type { TokCell } from './tokenize/types.ts';

export interface PlacedRow {
  /** The template row's columns, as a key: only rows of the same columns are compared. */
  cols: string;
  n: number;
  values: TokCell[];
  spans: ReadonlyArray<readonly [number, number]>;
}

const TOLERANCE = 1;
const MODES = [
  (s: readonly [number, number]) => s[0],
  (s: readonly [number, number]) => s[1],
  (s: readonly [number, number]) => (s[0] + s[1]) / 2,
];

/** Column positions under one alignment, or null when the full rows disagree or columns crowd. */
function columnsOf(
  full: readonly PlacedRow[],
  n: number,
  pos: (s: readonly [number, number]) => number,
): number[] | null {
  const cols: number[] = [];
  for (let j = 0; j < n; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of full) {
      const p = pos(r.spans[j] as readonly [number, number]);
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    }
    if (hi - lo > TOLERANCE) return null;
    cols.push((lo + hi) / 2);
  }
  // Columns far enough apart that a value can be near only one of them.
  for (let j = 1; j < n; j++) if ((cols[j] as number) - (cols[j - 1] as number) <= 4 * TOLERANCE) return null;
  return cols;
}

function assign(
  row: PlacedRow,
  cols: readonly number[],
  pos: (s: readonly [number, number]) => number,
): number[] | null {
  const out: number[] = [];
  for (const s of row.spans) {
    const p = pos(s);
    const hits = cols.map((c, j) => (Math.abs(c - p) <= TOLERANCE ? j : -1)).filter((j) => j >= 0);
    if (hits.length !== 1) return null;
    const j = hits[0] as number;
    if (out.length && j <= (out[out.length - 1] as number)) return null;
    out.push(j);
  }
  return out;
}

/** The short row's values placed in their columns with blank cells between, or null (not certain). */
export function placeBlanks(row: PlacedRow, all: readonly PlacedRow[]): TokCell[] | null {
  const k = row.values.length;
  if (k === 0 || k >= row.n || row.spans.length !== k) return null;
  const full = all.filter(
    (r) => r !== row && r.cols === row.cols && r.values.length === r.n && r.spans.length === r.n,
  );
  if (!full.length) return null;
  let found: number[] | null = null;
  for (const pos of MODES) {
    const cols = columnsOf(full, row.n, pos);
    if (!cols) continue;
    const a = assign(row, cols, pos);
    if (!a) continue;
    if (found && found.join() !== a.join()) return null;
    found = a;
  }
  if (!found) return null;
  const at = found;
  const first = row.values[0] as TokCell;
  return Array.from({ length: row.n }, (_, j) => {
    const i = at.indexOf(j);
    return i >= 0 ? (row.values[i] as TokCell) : { text: '', row: first.row, col: j };
  });
}
