/**
 * Writing a batch's rows (pure SQL/COPY, no decisions): new report rows, replaced report content,
 * cells, findings. load.ts decides what goes where.
 */

import type { ReportRecord } from '../extractors/record.ts';
import { CELL_COLUMNS, cellLinesFor } from './content-hash.ts';
import { copyLine } from './copy-text.ts';
import type { Queryable } from './engine.ts';
import { KEY_FIGURE_COLUMNS } from './key-figures.ts';
import type { LoadItem } from './load.ts';
import { figuresOf } from './load-inputs.ts';

/** A load item after resolution: what the writers need. */
export interface Prepared extends LoadItem {
  hash: string;
  /** The cells as COPY line tails, one string (see content-hash.ts). */
  cellsBlock: string;
  /** False when the record is known to have no cell read from a scan (db/load-inputs.ts): its cells are not read. */
  mayHaveScans: boolean;
  agencyId: number | null;
  /** The name the agency was identified by (meta.agency, or the title's when that was a placeholder). */
  agencyName: string | null;
  /** Findings the loader adds to the extractor's (agency.placeholder). */
  loadFindings: ReportRecord['findings'];
  region: string | null;
  extractedAt: Date;
  documentId: number | null;
  documentSha256: string | null;
}

export interface Row {
  id: number;
  p: Prepared;
}

/** The columns a re-extraction rewrites: everything a report row takes from its record. */
const CONTENT_COLUMNS = [
  'agency_name',
  'region',
  'title',
  'published_on',
  'index_no',
  'template_active',
  'template_requests',
  'template_appeals',
  'status',
  'sections',
  'extractor_version',
  'extracted_at',
  'content_hash',
  ...KEY_FIGURE_COLUMNS,
];

function contentValues(p: Prepared): Array<string | number | null> {
  const { meta, templates } = p.record;
  return [
    p.agencyName ?? meta.agency,
    p.region,
    meta.title,
    meta.published_on,
    meta.index_no,
    templates.active,
    templates.requests,
    templates.appeals,
    p.record.status,
    JSON.stringify(p.record.sections),
    p.ctx.extractorVersion,
    p.extractedAt.toISOString(),
    p.hash,
    ...figuresOf(p.record),
  ];
}

export const REPORT_COLUMNS = [
  'id',
  'agency_id',
  'year',
  'source_url',
  'document_id',
  'revision',
  'is_current',
  ...CONTENT_COLUMNS,
];

export function reportLine(id: number, p: Prepared, revision: number): string {
  return copyLine([
    id,
    p.agencyId,
    p.record.meta.year,
    p.ctx.sourceUrl,
    p.documentId,
    revision,
    't',
    ...contentValues(p),
  ]);
}

/** Same document, new output: archive the old output into its run row, then swap the content. */
export async function replaceReports(tx: Queryable, rows: Row[]): Promise<void> {
  const ids = rows.map((r) => r.id);
  await tx.query(
    `UPDATE extraction_runs er SET record = jsonb_build_object(
       'status', r.status,
       'meta', jsonb_build_object('title', r.title, 'agency', r.agency_name, 'year', r.year,
                                  'published_on', r.published_on, 'index_no', r.index_no),
       'templates', jsonb_build_object('active', r.template_active, 'requests', r.template_requests,
                                       'appeals', r.template_appeals),
       'cells', coalesce((SELECT jsonb_agg(jsonb_build_object('table', c.table_key, 'row', c.row_key,
                  'col', c.col_key, 'value', c.value, 'raw', c.raw,
                  'source', CASE WHEN c.source_table IS NULL THEN NULL ELSE jsonb_build_object(
                    'table_index', c.source_table, 'row', c.source_row, 'col', c.source_col) END))
                  FROM cells c WHERE c.report_id = r.id), '[]'),
       'findings', coalesce((SELECT jsonb_agg(jsonb_build_object('code', f.code, 'severity', f.severity,
                  'table', f.table_key, 'row', f.row_key, 'col', f.col_key, 'message', f.message))
                  FROM findings f WHERE f.report_id = r.id), '[]'),
       'sections', r.sections)
     FROM reports r
     WHERE r.id = er.report_id AND er.record IS NULL AND er.content_hash = r.content_hash
       AND r.id = ANY($1::int[])`,
    [ids],
  );
  await tx.query('DELETE FROM cells WHERE report_id = ANY($1::int[])', [ids]);
  await tx.query('DELETE FROM cell_scans WHERE report_id = ANY($1::int[])', [ids]);
  await tx.query('DELETE FROM findings WHERE report_id = ANY($1::int[])', [ids]);
  const assignments = CONTENT_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ');
  for (const { id, p } of rows) {
    await tx.query(`UPDATE reports SET ${assignments} WHERE id = $1`, [id, ...contentValues(p)]);
  }
}

export async function copyCellsAndFindings(tx: Queryable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  // A block holds one line per cell: empty exactly when the record has none.
  if (rows.some(({ p }) => p.cellsBlock !== '')) {
    await tx.copyIn('cells', CELL_COLUMNS, cellLines(rows));
  }
  const findingLines: string[] = [];
  for (const { id, p } of rows) {
    for (const f of p.loadFindings.length ? [...p.record.findings, ...p.loadFindings] : p.record.findings) {
      findingLines.push(copyLine([id, f.code, f.severity, f.table, f.row, f.col, f.message]));
    }
  }
  if (findingLines.length) {
    await tx.copyIn(
      'findings',
      ['report_id', 'code', 'severity', 'table_key', 'row_key', 'col_key', 'message'],
      findingLines,
    );
  }
  // Cells read from page images: where on which page (only OCR'd records have any).
  const scanLines: string[] = [];
  for (const { id, p } of rows) {
    if (!p.mayHaveScans) continue;
    for (const c of p.record.cells) {
      const s = c.source;
      if (!s || s.page === undefined || !s.box) continue;
      scanLines.push(
        copyLine([
          id,
          c.table,
          c.row,
          c.col,
          s.page,
          `{${s.box.map((n) => Math.round(n)).join(',')}}`,
          s.confidence ?? null,
        ]),
      );
    }
  }
  if (scanLines.length) {
    await tx.copyIn(
      'cell_scans',
      ['report_id', 'table_key', 'row_key', 'col_key', 'page', 'box', 'confidence'],
      scanLines,
    );
  }
}

/** The cells' COPY lines, a report at a time: the block built (and hashed) in prepare, with ids. */
function* cellLines(rows: Row[]): Generator<string> {
  for (const { id, p } of rows) yield cellLinesFor(id, p.cellsBlock);
}
