import { createHash } from 'node:crypto';
import type { ReportRecord } from '../extractors/record.ts';
import { copyField } from './copy-text.ts';

/** Stable JSON: object keys sorted, so equal records hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The cells table's columns, in the order of a cell block's lines. */
export const CELL_COLUMNS = [
  'report_id',
  'table_key',
  'row_key',
  'col_key',
  'value',
  'raw',
  'source_table',
  'source_row',
  'source_col',
];

/**
 * A record's cells as one string of COPY line tails (each line minus its leading report id, so
 * every line starts with a tab). Built once per load: it is both what the hash covers and what COPY
 * sends (see cellLinesFor). One string per report, not one per cell: two million short-lived
 * strings per bench run cost more in garbage collection than building them.
 */
export function cellBlock(r: ReportRecord): string {
  // join(), not +=: += leaves a rope of 1,000 pieces that hashing and sending each flatten again.
  const lines: string[] = new Array(r.cells.length);
  for (let i = 0; i < r.cells.length; i++) {
    const c = r.cells[i]!;
    const value = typeof c.value === 'number' && Number.isFinite(c.value) ? c.value : '\\N';
    const src = c.source;
    lines[i] = src
      ? `${keyPrefix(c.table, c.row, c.col)}${value}\t${copyField(c.raw)}\t${src.table_index}\t${src.row}\t${src.col}\n`
      : `${keyPrefix(c.table, c.row, c.col)}${value}\t${copyField(c.raw)}\t\\N\t\\N\t\\N\n`;
  }
  return lines.join('');
}

/**
 * A cell's table, row and column come from a few hundred template positions, repeated in every
 * report: the escaped "\ttable\trow\tcol\t" of each is built once and remembered (bounded, in case
 * a caller invents keys), instead of being escaped and joined again for two hundred cells a report.
 */
const PREFIXES = new Map<string, Map<string, Map<string, string>>>();
let prefixCount = 0;
function keyPrefix(table: string, row: string, col: string): string {
  const cached = PREFIXES.get(table)?.get(row)?.get(col);
  if (cached !== undefined) return cached;
  const prefix = `\t${copyField(table)}\t${copyField(row)}\t${copyField(col)}\t`;
  if (prefixCount < 20_000) {
    prefixCount++;
    let rows = PREFIXES.get(table);
    if (!rows) {
      rows = new Map();
      PREFIXES.set(table, rows);
    }
    let cols = rows.get(row);
    if (!cols) {
      cols = new Map();
      rows.set(row, cols);
    }
    cols.set(col, prefix);
  }
  return prefix;
}

/**
 * The block's COPY lines for report `id`. Escaping guarantees a raw newline only ends a line, and
 * every line starts with a tab, so "\n\t" marks exactly the line starts after the first.
 */
export function cellLinesFor(id: number, block: string): string {
  return block === '' ? '' : `${id}${block.replaceAll('\n\t', `\n${id}\t`)}`;
}

/**
 * What a record says, as one hash: two extractions with the same hash store the same rows.
 * Fields are written in a fixed order (no generic key sorting: this runs on every load, and
 * canonicalJson over 200 cells costs a millisecond). The block carries each cell's source position,
 * which is stored, so a re-extraction that only moves positions is a change too.
 */
export function recordHash(r: ReportRecord, block: string = cellBlock(r)): string {
  const head = JSON.stringify([
    r.status,
    r.meta.title,
    r.meta.agency,
    r.meta.year,
    r.meta.published_on,
    r.meta.index_no,
    r.templates.active,
    r.templates.requests,
    r.templates.appeals,
    r.sections.overview,
    r.sections.problems,
    r.sections.other,
    r.findings.map((f) => [f.code, f.severity, f.table, f.row, f.col, f.message]),
  ]);
  return createHash('sha256').update(head).update(block).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
