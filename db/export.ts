/**
 * Writes the public views as CSV (UTF-8 with BOM, for Excel) and Parquet (hyparquet-writer:
 * pure JS, no native build, already a dependency) into one directory.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParquetWriter } from 'hyparquet-writer';
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
  'agency_list',
  'agency_names',
  'agency_history',
  'agency_year',
  'agency_year_change',
  'agency_coverage',
  'report_runs',
] as const;

interface ColumnInfo {
  column_name: string;
  data_type: string;
}

type ParquetType = 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'JSON' | 'TIMESTAMP' | 'DATE';

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
  date: 'DATE',
};

export interface ExportedFile {
  view: string;
  rows: number;
  csv: string;
  parquet: string;
}

/** Rows fetched per round trip (and per Parquet row group): memory stays flat however big a view is. */
const PAGE = 20_000;

export async function exportViews(
  db: Database,
  outDir: string,
  opts: { pageSize?: number } = {},
): Promise<ExportedFile[]> {
  mkdirSync(outDir, { recursive: true });
  // Loaded here, not at the top: db/index.ts re-exports this module, and every `xxgk sql` would load it.
  const parquet = await import('hyparquet-writer');
  const out: ExportedFile[] = [];
  for (const view of PUBLIC_VIEWS)
    out.push(await exportView(db, parquet, view, outDir, opts.pageSize ?? PAGE));
  return out;
}

async function exportView(
  db: Database,
  { fileWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData }: typeof import('hyparquet-writer'),
  view: string,
  outDir: string,
  pageSize: number,
): Promise<ExportedFile> {
  const cols = await db.query<ColumnInfo>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [view],
  );
  const names = cols.map((c) => c.column_name);
  const types = cols.map((c) => PARQUET_TYPE[c.data_type] ?? 'STRING');
  // Dates and JSON leave the database as text: no timezone shifts, the same text in CSV; Parquet gets
  // a real DATE (days since 1970-01-01, computed from the text, so no timezone enters either).
  const select = cols
    .map((c) =>
      c.data_type === 'date' || c.data_type === 'json' || c.data_type === 'jsonb'
        ? `"${c.column_name}"::text AS "${c.column_name}"`
        : `"${c.column_name}"`,
    )
    .join(', ');
  const csv = join(outDir, `${view}.csv`);
  const parquet = join(outDir, `${view}.parquet`);
  writeFileSync(csv, `\uFEFF${toCsv(names, [])}`);
  const columnData = (rows: Record<string, unknown>[]) =>
    names.map((name, i) => ({
      name,
      ...(types[i] === 'DATE' ? {} : { type: types[i]! as Exclude<ParquetType, 'DATE'> }),
      data: rows.map((r) => parquetValue(r[name], types[i]!)),
    }));
  const schemaOverrides = Object.fromEntries(
    names
      .filter((_, i) => types[i] === 'DATE')
      .map((name) => [
        name,
        {
          name,
          type: 'INT32' as const,
          converted_type: 'DATE' as const,
          repetition_type: 'OPTIONAL' as const,
        },
      ]),
  );
  let writer: ParquetWriter | null = null;
  let total = 0;
  await db.transaction(async (tx) => {
    await tx.query(`DECLARE xxgk_export NO SCROLL CURSOR FOR SELECT ${select} FROM ${view} ORDER BY 1`);
    for (;;) {
      const rows = await tx.query<Record<string, unknown>>(`FETCH ${pageSize} FROM xxgk_export`);
      if (rows.length === 0) break;
      total += rows.length;
      appendFileSync(csv, toCsv(names, rows).replace(/^[^\n]*\n/, ''));
      const data = columnData(rows);
      writer ??= new ParquetWriter({
        writer: fileWriter(parquet),
        schema: schemaFromColumnData({ columnData: data, schemaOverrides }),
      });
      await writer.write({ columnData: data, rowGroupSize: rows.length });
      if (rows.length < pageSize) break;
    }
    await tx.query('CLOSE xxgk_export');
  });
  if (writer) await (writer as ParquetWriter).finish();
  else
    writeFileSync(
      parquet,
      new Uint8Array(
        parquetWriteBuffer({
          columnData: columnData([]).map(({ name, data }) => ({ name, data })),
          schema: schemaFromColumnData({ columnData: columnData([]), schemaOverrides }),
        }),
      ),
    );
  return { view, rows: total, csv, parquet };
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
    case 'BOOLEAN':
      return v === true || v === 't' || v === 'true';
    case 'DATE':
      // YYYY-MM-DD → days since the epoch, by calendar arithmetic (UTC), never local time.
      return Math.round(Date.parse(`${String(v)}T00:00:00Z`) / 86_400_000);
    case 'TIMESTAMP':
      return v instanceof Date ? v : new Date(String(v));
    case 'JSON':
      return typeof v === 'string' ? JSON.parse(v) : v;
    default:
      return String(v);
  }
}
