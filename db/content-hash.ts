import { createHash } from 'node:crypto';
import type { ReportRecord } from '../extractors/record.ts';

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
 * What a record says, as one hash: two extractions with the same hash store the same rows.
 * Fields are written in a fixed order (no generic key sorting: this runs on every cell of every
 * load, and canonicalJson over 200 cells costs a millisecond). Cell provenance is not stored, so not hashed.
 */
export function recordHash(r: ReportRecord): string {
  const parts: string[] = [
    JSON.stringify([
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
    ]),
  ];
  for (const c of r.cells) parts.push(`${c.table}\u0001${c.row}\u0001${c.col}\u0001${c.value}\u0001${c.raw}`);
  parts.push('findings');
  for (const f of r.findings) {
    parts.push(`${f.code}\u0001${f.severity}\u0001${f.table}\u0001${f.row}\u0001${f.col}\u0001${f.message}`);
  }
  return createHash('sha256').update(parts.join('\u0002')).digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
