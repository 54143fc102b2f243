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

/**
 * A record's cells as COPY line tails (everything after the report id). Built once per load:
 * they are both what the hash covers and what COPY sends.
 */
export function cellTails(r: ReportRecord): string[] {
  const out: string[] = new Array(r.cells.length);
  for (let i = 0; i < r.cells.length; i++) {
    const c = r.cells[i]!;
    out[i] =
      `\t${copyField(c.table)}\t${copyField(c.row)}\t${copyField(c.col)}\t${copyField(c.value)}\t${copyField(c.raw)}\n`;
  }
  return out;
}

/**
 * What a record says, as one hash: two extractions with the same hash store the same rows.
 * Fields are written in a fixed order (no generic key sorting: this runs on every load, and
 * canonicalJson over 200 cells costs a millisecond). Cell provenance is not stored, so not hashed.
 */
export function recordHash(r: ReportRecord, tails: string[] = cellTails(r)): string {
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
  return createHash('sha256').update(head).update(tails.join('')).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
