/**
 * The per-report arithmetic findings of report-schema.md. The extractor never corrects a
 * number: it says what does not add up. A check is skipped where a cell it needs is unknown or
 * unreadable; a blank cell or blank marker (`无`) counts as zero.
 */
import { finding } from './findings.ts';
import type { Cell, Finding } from './record.ts';
import type { CellInfo } from './table.ts';
import { APPEAL_GROUPS, APPEAL_OUTCOMES } from './templates/appeals.ts';
import { REQUEST_COLS } from './templates/requests-columns.ts';

export type CellLookup = (table: string, row: string, col: string) => number | null | undefined;

/** A lookup that answers undefined for missing/unknown/unreadable cells and 0 for blanks. */
export function lookup(cells: readonly Cell[], states: readonly CellInfo[]): CellLookup {
  // Each row's cell indexes, by table and row (the templates' own strings). A row's cells are
  // consecutive, so the maps are touched once per row, not per cell; the checks then scan a row's
  // few cells for the column (the last one wins, as a map's last set would).
  const m = new Map<string, Map<string, number[]>>();
  let curT: string | null = null;
  let curR: string | null = null;
  let cur: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell;
    if (c.table !== curT || c.row !== curR) {
      curT = c.table;
      curR = c.row;
      let t = m.get(c.table);
      if (!t) {
        t = new Map();
        m.set(c.table, t);
      }
      let r = t.get(c.row);
      if (!r) {
        r = [];
        t.set(c.row, r);
      }
      cur = r;
    }
    cur.push(i);
  }
  // The checks ask for one row's columns in turn: its indexes are kept between calls.
  let lastT: string | null = null;
  let lastR: string | null = null;
  let lastRow: number[] | undefined;
  return (t, r, c) => {
    if (t !== lastT || r !== lastR) {
      lastT = t;
      lastR = r;
      lastRow = m.get(t)?.get(r);
    }
    if (!lastRow) return undefined;
    for (let k = lastRow.length - 1; k >= 0; k--) {
      const i = lastRow[k] as number;
      const cell = cells[i] as Cell;
      if (cell.col !== c) continue;
      const s = states[i];
      return s === 'number' ? (cell.value as number) : s === 'blank' ? 0 : undefined;
    }
    return undefined;
  };
}

/**
 * Per column of `cols`, the sum of `rows`' values in that column (rounded to cents), or undefined
 * when a cell it needs is unknown. Row by row, so the lookup keeps each row between calls; each
 * column's values are added in the rows' order, as a column-by-column sum would.
 */
function sums(
  get: CellLookup,
  table: string,
  rows: readonly string[],
  cols: readonly string[],
): (number | undefined)[] {
  const acc = new Array<number>(cols.length).fill(0);
  const known = new Array<boolean>(cols.length).fill(true);
  for (const r of rows) {
    for (let k = 0; k < cols.length; k++) {
      if (!known[k]) continue;
      const v = get(table, r, cols[k] as string);
      if (v === undefined || v === null) known[k] = false;
      else acc[k] = (acc[k] as number) + v;
    }
  }
  return acc.map((s, k) => (known[k] ? Math.round(s * 100) / 100 : undefined));
}

const APPLICANTS = REQUEST_COLS.filter((c) => c !== 'total');
const NON_RESULT = new Set(['new_received', 'carried_over', 'handled_total', 'carried_forward']);

export function checkRequests(get: CellLookup, rowKeys: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const row of rowKeys) {
    let s = 0;
    let ok = true;
    for (const c of APPLICANTS) {
      const v = get('requests', row, c);
      if (v === undefined || v === null) ok = false;
      else s += v;
    }
    const total = get('requests', row, 'total');
    if (ok && total !== undefined && total !== null && s !== total) {
      out.push(
        finding(
          'requests.row_sum',
          'warning',
          'requests',
          row,
          null,
          `requests ${row}: applicant columns sum to ${s}, total says ${total}`,
        ),
      );
    }
  }
  const results = rowKeys.filter((r) => !NON_RESULT.has(r) && !r.endsWith('_subtotal'));
  const balance =
    rowKeys.includes('new_received') &&
    rowKeys.includes('carried_over') &&
    rowKeys.includes('handled_total') &&
    rowKeys.includes('carried_forward');
  const lefts = balance ? sums(get, 'requests', ['new_received', 'carried_over'], REQUEST_COLS) : [];
  const rights = balance ? sums(get, 'requests', ['handled_total', 'carried_forward'], REQUEST_COLS) : [];
  // No named closure for `has`: under tsx (esbuild's keepNames) each costs a defineProperty per call.
  const handled = rowKeys.includes('handled_total') && results.length > 0;
  const resultSums = handled ? sums(get, 'requests', results, REQUEST_COLS) : [];
  for (let k = 0; k < REQUEST_COLS.length; k++) {
    const col = REQUEST_COLS[k] as string;
    if (balance) {
      const left = lefts[k];
      const right = rights[k];
      if (left !== undefined && right !== undefined && left !== right) {
        out.push(
          finding(
            'requests.balance',
            'warning',
            'requests',
            null,
            col,
            `requests ${col}: new_received + carried_over = ${left}, handled_total + carried_forward = ${right}`,
          ),
        );
      }
    }
    if (handled) {
      const s = resultSums[k];
      const total = get('requests', 'handled_total', col);
      if (s !== undefined && total !== undefined && total !== null && s !== total) {
        out.push(
          finding(
            'requests.handled_sum',
            'warning',
            'requests',
            'handled_total',
            col,
            `requests ${col}: result rows sum to ${s}, handled_total says ${total}`,
          ),
        );
      }
    }
  }
  return out;
}

// Each group's outcome columns, listed once. Built per call they were V8's optimised .map's holey
// arrays or the unoptimised one's packed arrays, and checkAppeals was compiled again for the other.
const APPEAL_PARTS = APPEAL_GROUPS.map((g) => ({
  g,
  parts: APPEAL_OUTCOMES.filter((o) => o !== 'total').map((o) => `${g}_${o}`),
}));

export function checkAppeals(get: CellLookup): Finding[] {
  const out: Finding[] = [];
  for (const { g, parts } of APPEAL_PARTS) {
    let s = 0;
    let ok = true;
    for (const c of parts) {
      const v = get('appeals', 'cases', c);
      if (v === undefined || v === null) ok = false;
      else s += v;
    }
    const total = get('appeals', 'cases', `${g}_total`);
    if (ok && total !== undefined && total !== null && s !== total) {
      out.push(
        finding(
          'appeals.total',
          'warning',
          'appeals',
          'cases',
          `${g}_total`,
          `appeals ${g}: outcomes sum to ${s}, total says ${total}`,
        ),
      );
    }
  }
  return out;
}
