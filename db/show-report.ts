/**
 * `xxgk show REPORT_ID`: one report as its three tables (template rows × columns, labels from
 * extractors/templates) with its findings, per report and across years.
 */
import { TABLE_KEYS, type TableKey } from '../extractors/record.ts';
import { TEMPLATES } from '../extractors/templates/index.ts';
import type { TableTemplate, TemplateColumn, TemplateRow } from '../extractors/templates/types.ts';
import type { Queryable } from './engine.ts';
import { DbInputError } from './errors.ts';
import { toTable } from './format.ts';

export interface ShownCell {
  value: number | null;
  raw: string;
}

export interface ShownTable {
  table: TableKey;
  template: string | null;
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ key: string; label: string; cells: Record<string, ShownCell> }>;
}

export interface ShownFinding {
  code: string;
  severity: string;
  table: string | null;
  row: string | null;
  col: string | null;
  message: string;
}

export interface ShownReport {
  report: Record<string, unknown> & { report_id: number };
  tables: ShownTable[];
  findings: ShownFinding[];
}

/** The section titles of the national template. */
export const TABLE_TITLES: Record<TableKey, string> = {
  active: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  appeals: '四、政府信息公开行政复议、行政诉讼情况',
};

/** A row's label as a reader needs it: numbered sub-rows (`1.属于国家秘密`) keep their group. */
export function rowLabel(row: TemplateRow): string {
  const group = row.groups?.[row.groups.length - 1];
  if (!row.label) return row.key;
  return group && /^\d/.test(row.label) ? `${group} ${row.label}` : row.label;
}

/** A column's label; the appeals table prints its outcomes once per group, so the group goes first. */
export function columnLabel(table: TableKey, c: TemplateColumn): string {
  if (table !== 'appeals') return c.label;
  const group = c.key.startsWith('review_')
    ? '行政复议'
    : c.key.startsWith('suit_direct_')
      ? '行政诉讼 未经复议直接起诉'
      : '行政诉讼 复议后起诉';
  return `${group} ${c.label}`;
}

function templateOf(table: TableKey, version: string | null): TableTemplate | null {
  return version === '2019' || version === '2021' ? TEMPLATES[table][version] : null;
}

export async function showReport(db: Queryable, reportId: number): Promise<ShownReport> {
  const report = (
    await db.query<Record<string, unknown> & { report_id: number }>(
      `SELECT r.id AS report_id, r.agency_id, a.name AS agency, r.agency_name AS agency_as_printed,
              coalesce(a.region_name, r.region, a.region) AS region, a.region_code, r.year, r.title,
              r.published_on::text AS published_on, r.source_url, r.status, r.template_active, r.template_requests,
              r.template_appeals, r.extractor_version, r.extracted_at, d.sha256 AS document_sha256, r.revision,
              r.is_current
       FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id LEFT JOIN documents d ON d.id = r.document_id
       WHERE r.id = $1`,
      [reportId],
    )
  )[0];
  if (!report) throw new DbInputError('report.unknown', `no report ${reportId}`);
  const cells = await db.query<{
    table_key: TableKey;
    row_key: string;
    col_key: string;
    value: string | null;
    raw: string;
  }>('SELECT table_key, row_key, col_key, value, raw FROM cells WHERE report_id = $1', [reportId]);
  const findings = await db.query<ShownFinding>(
    `SELECT code, severity, table_key AS "table", row_key AS "row", col_key AS "col", message FROM findings WHERE report_id = $1
     UNION ALL
     SELECT code, severity, table_key, row_key, col_key, message FROM year_findings WHERE report_id = $1
     ORDER BY 1, 3, 4, 5`,
    [reportId],
  );
  const tables = TABLE_KEYS.map((table) =>
    shownTable(
      table,
      report[`template_${table}`] as string | null,
      cells.filter((c) => c.table_key === table),
    ),
  );
  return { report, tables, findings };
}

function shownTable(
  table: TableKey,
  template: string | null,
  cells: Array<{ row_key: string; col_key: string; value: string | null; raw: string }>,
): ShownTable {
  const t = templateOf(table, template);
  const byRow = new Map<string, Record<string, ShownCell>>();
  for (const c of cells) {
    const row = byRow.get(c.row_key) ?? {};
    row[c.col_key] = { value: c.value === null ? null : Number(c.value), raw: c.raw };
    byRow.set(c.row_key, row);
  }
  const columns = t
    ? Object.values(t.columns).map((c) => ({ key: c.key, label: columnLabel(table, c) }))
    : [];
  for (const c of cells)
    if (!columns.some((k) => k.key === c.col_key)) columns.push({ key: c.col_key, label: c.col_key });
  const rows: ShownTable['rows'] = [];
  for (const r of t?.rows ?? []) {
    const got = byRow.get(r.key);
    if (got) rows.push({ key: r.key, label: rowLabel(r), cells: got });
    byRow.delete(r.key);
  }
  for (const [key, got] of byRow) rows.push({ key, label: key, cells: got });
  return { table, template, columns, rows };
}

const shownValue = (c: ShownCell | undefined) =>
  c === undefined ? '' : c.value !== null ? String(c.value) : c.raw;

export function formatReport(s: ShownReport): string {
  const r = s.report;
  const text = (v: unknown) =>
    v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  const out = [
    `report ${r.report_id} · ${text(r.agency) || '(no agency)'}${r.agency_id ? ` (agency ${r.agency_id})` : ''} · ${text(r.year) || 'year unknown'} · ${r.status}` +
      `${r.is_current ? '' : ' · superseded'} · revision ${r.revision}`,
    `title: ${text(r.title)}`,
    `printed publisher: ${text(r.agency_as_printed)}${r.region ? ` · region: ${r.region} ${text(r.region_code)}` : ''}`,
    `published: ${text(r.published_on) || 'unknown'} · source: ${r.source_url}`,
    `document sha256: ${text(r.document_sha256) || 'none stored'} · extracted by ${r.extractor_version} at ${text(r.extracted_at)}`,
  ];
  for (const t of s.tables) {
    out.push(
      '',
      `${TABLE_TITLES[t.table]} (${t.table}, ${t.template ? `${t.template} template` : 'not read'})`,
    );
    if (t.rows.length === 0) {
      out.push('  no cells');
      continue;
    }
    if (t.rows.length === 1) {
      // One row (appeals): a column per line, as the template's groups × outcomes read best.
      const row = t.rows[0]!;
      const lines = t.columns.map((c) => ({
        key: c.key,
        label: c.label,
        value: shownValue(row.cells[c.key]),
      }));
      out.push(toTable(['key', 'label', 'value'], lines).trimEnd());
      continue;
    }
    const rows = t.rows.map((row) => ({
      '': row.label,
      ...Object.fromEntries(t.columns.map((c) => [c.label, shownValue(row.cells[c.key])])),
    }));
    out.push(toTable(['', ...t.columns.map((c) => c.label)], rows).trimEnd());
  }
  out.push('', `findings (${s.findings.length})`);
  for (const f of s.findings) {
    const where = [f.table, f.row, f.col].filter(Boolean).join('.');
    out.push(`  ${f.severity.padEnd(7)} ${f.code}${where ? ` [${where}]` : ''}: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}
