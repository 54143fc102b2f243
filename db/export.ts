/**
 * Writes the public views as CSV (UTF-8 with BOM, for Excel) and Parquet (hyparquet-writer:
 * pure JS, no native build, already a dependency) into one directory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Database } from './engine.ts';
import { toCsv } from './format.ts';

/** The views researchers get, in the order they are exported. */
export const PUBLIC_VIEWS = [
  'report_list',
  'report_cells',
  'report_findings',
  'report_summary',
  'active_wide',
  'requests_wide',
  'appeals_wide',
] as const;

interface ColumnInfo {
  column_name: string;
  data_type: string;
}

type ParquetType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'JSON' | 'TIMESTAMP';

const PARQUET_TYPE: Record<string, ParquetType> = {
  integer: 'INT32',
  smallint: 'INT32',
  bigint: 'INT64',
  numeric: 'DOUBLE',
  'double precision': 'DOUBLE',
  boolean: 'BOOLEAN',
  json: 'JSON',
  jsonb: 'JSON',
  'timestamp with time zone': 'TIMESTAMP',
};

export interface ExportedFile {
  view: string;
  rows: number;
  csv: string;
  parquet: string;
}

export async function exportViews(db: Database, outDir: string): Promise<ExportedFile[]> {
  mkdirSync(outDir, { recursive: true });
  const out: ExportedFile[] = [];
  for (const view of PUBLIC_VIEWS) {
    const cols = await db.query<ColumnInfo>(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [view],
    );
    // Dates and JSON leave the database as text: no timezone shifts, the same bytes in CSV and Parquet.
    const select = cols
      .map((c) =>
        c.data_type === 'date' || c.data_type === 'json' || c.data_type === 'jsonb'
          ? `"${c.column_name}"::text AS "${c.column_name}"`
          : `"${c.column_name}"`,
      )
      .join(', ');
    const rows = await db.query<Record<string, unknown>>(`SELECT ${select} FROM ${view} ORDER BY 1`);
    const names = cols.map((c) => c.column_name);
    const csv = join(outDir, `${view}.csv`);
    writeFileSync(csv, toCsv(names, rows, { bom: true }));
    const parquet = join(outDir, `${view}.parquet`);
    const columnData = cols.map((c) => {
      const type = PARQUET_TYPE[c.data_type] ?? 'STRING';
      return { name: c.column_name, type, data: rows.map((r) => parquetValue(r[c.column_name], type)) };
    });
    writeFileSync(parquet, new Uint8Array(parquetWriteBuffer({ columnData })));
    out.push({ view, rows: rows.length, csv, parquet });
  }
  return out;
}

function parquetValue(v: unknown, type: ParquetType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'DOUBLE':
      return Number(v);
    case 'INT32':
      return Number(v);
    case 'INT64':
      return BigInt(v as string | number);
    case 'TIMESTAMP':
      return v instanceof Date ? v : new Date(String(v));
    case 'JSON':
      return typeof v === 'string' ? JSON.parse(v) : v;
    default:
      return String(v);
  }
}
