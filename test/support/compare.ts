/**
 * Record comparison for the extractor tests: cells as a set keyed by table/row/col, findings as
 * a set of keys. Returns human-readable differences, so a failing test prints what is wrong
 * (`expect(diff).toEqual([])`).
 */
import type { Cell, Finding } from '../../extractors/record.ts';

export const cellKey = (c: Pick<Cell, 'table' | 'row' | 'col'>) => `${c.table}/${c.row}/${c.col}`;

/** Money such as `1007.25万元` is computed in floating point; a cent is the tolerance. */
export function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < 0.005;
}

export interface ShortRow {
  table: string;
  row: string;
  /** The values the source row does print (one fewer than the template's columns). */
  values: number[];
}

export interface CompareOptions {
  /** Compare `raw` too (golden seeds) or only value and null-ness (re-rendered shapes). */
  raw?: boolean;
  /**
   * Rows the source prints with a value missing: which column lost it is unknown (spec,
   * `table.short_row`), so the extractor may leave every cell null or place the values it is
   * sure of. Required: every cell present, at least one null, non-null values drawn from `values`.
   */
  shortRows?: ShortRow[];
}

export function diffCells(actual: Cell[], expected: Cell[], opts: CompareOptions = {}): string[] {
  const out: string[] = [];
  const byKey = new Map<string, Cell>();
  for (const c of actual) {
    const k = cellKey(c);
    if (byKey.has(k)) out.push(`duplicate cell ${k}`);
    byKey.set(k, c);
  }
  const expectedKeys = new Set(expected.map(cellKey));
  for (const k of byKey.keys()) if (!expectedKeys.has(k)) out.push(`unexpected cell ${k}`);
  const short = new Map((opts.shortRows ?? []).map((s) => [`${s.table}/${s.row}`, s]));
  const shortSeen = new Map<string, (number | null)[]>();
  for (const e of expected) {
    const k = cellKey(e);
    const a = byKey.get(k);
    if (!a) {
      out.push(`missing cell ${k} (expected ${e.value})`);
      continue;
    }
    const rowKey = `${e.table}/${e.row}`;
    if (short.has(rowKey)) {
      shortSeen.set(rowKey, [...(shortSeen.get(rowKey) ?? []), a.value]);
      continue;
    }
    if (!sameValue(a.value, e.value))
      out.push(`${k}: value ${a.value} (raw ${JSON.stringify(a.raw)}), expected ${e.value}`);
    if (opts.raw && a.raw !== e.raw)
      out.push(`${k}: raw ${JSON.stringify(a.raw)}, expected ${JSON.stringify(e.raw)}`);
  }
  for (const [rowKey, values] of shortSeen) {
    const pool = [...short.get(rowKey)!.values];
    if (!values.includes(null)) out.push(`${rowKey}: short row has no null cell (${values.join(',')})`);
    for (const v of values) {
      if (v === null) continue;
      const i = pool.findIndex((p) => sameValue(p, v));
      if (i < 0) out.push(`${rowKey}: value ${v} is not one the source row prints`);
      else pool.splice(i, 1);
    }
  }
  return out;
}

const BY_ROW = new Set(['requests.row_sum', 'table.short_row']);
const BY_COL = new Set(['requests.balance', 'requests.handled_sum']);
const BY_CELL = new Set(['value.unreadable', 'value.negative']);

/**
 * What identifies a finding. The spec fixes where a rule applies (per row, per column, per
 * group, per cell); report-level codes (template.outdated, meta.late, text.mismatch) compare by
 * code alone, since the spec does not say which table they name.
 */
export function findingKey(f: Pick<Finding, 'code' | 'table' | 'row' | 'col'>): string {
  if (BY_ROW.has(f.code)) return `${f.code}|${f.table}|${f.row}`;
  if (BY_COL.has(f.code)) return `${f.code}|${f.table}|${f.col}`;
  if (BY_CELL.has(f.code)) return `${f.code}|${f.table}|${f.row}|${f.col}`;
  if (f.code === 'appeals.total')
    return `${f.code}|${(f.col ?? '').replace(/_(upheld|corrected|other|pending|total)$/, '')}`;
  if (f.code === 'table.missing') return `${f.code}|${f.table}|${f.row ?? ''}`;
  return f.code;
}

export const findingKeys = (fs: Pick<Finding, 'code' | 'table' | 'row' | 'col'>[]) =>
  [...new Set(fs.map(findingKey))].sort();
