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
  // Nested maps keyed by the templates' own strings: the checks look cells up a few hundred times.
  const m = new Map<string, Map<string, Map<string, number | undefined>>>();
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell;
    const s = states[i];
    let t = m.get(c.table);
    if (!t) {
      t = new Map();
      m.set(c.table, t);
    }
    let r = t.get(c.row);
    if (!r) {
      r = new Map();
      t.set(c.row, r);
    }
    r.set(c.col, s === 'number' ? (c.value as number) : s === 'blank' ? 0 : undefined);
  }
  // The checks ask for one row's columns in turn: its map is kept between calls.
  let lastT: string | null = null;
  let lastR: string | null = null;
  let lastRow: Map<string, number | undefined> | undefined;
  return (t, r, c) => {
    if (t !== lastT || r !== lastR) {
      lastT = t;
      lastR = r;
      lastRow = m.get(t)?.get(r);
    }
    return lastRow?.get(c);
  };
}

function sum(get: CellLookup, table: string, rows: readonly string[], col: string): number | undefined {
  let s = 0;
  for (const r of rows) {
    const v = get(table, r, col);
    if (v === undefined || v === null) return undefined;
    s += v;
  }
  return Math.round(s * 100) / 100;
}

const APPLICANTS = REQUEST_COLS.filter((c) => c !== 'total');
const NON_RESULT = new Set(['new_received', 'carried_over', 'handled_total', 'carried_forward']);

export function checkRequests(get: CellLookup, rowKeys: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const has = (r: string) => rowKeys.includes(r);
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
  for (const col of REQUEST_COLS) {
    if (has('new_received') && has('carried_over') && has('handled_total') && has('carried_forward')) {
      const left = sum(get, 'requests', ['new_received', 'carried_over'], col);
      const right = sum(get, 'requests', ['handled_total', 'carried_forward'], col);
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
    if (has('handled_total') && results.length) {
      const s = sum(get, 'requests', results, col);
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

export function checkAppeals(get: CellLookup): Finding[] {
  const out: Finding[] = [];
  for (const g of APPEAL_GROUPS) {
    const parts = APPEAL_OUTCOMES.filter((o) => o !== 'total').map((o) => `${g}_${o}`);
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
