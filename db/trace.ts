/**
 * `xxgk trace REPORT_ID [TABLE ROW COL]`: each cell of a report beside the source text it was read
 * from. The stored document's bytes are read again the way the extractor reads them
 * (extractors/index.ts `readDocument`), the cell's recorded position (`source_table/row/col`) is
 * looked up in its table's grid, and a cell is `traced` only when the text found there holds the
 * cell's raw text and the extractor, reading the document now, reads that cell at that position too.
 * A position holding other text is `mismatch`; one the extractor no longer reads the cell from is
 * `unconfirmed`: neither is ever shown as the cell's source.
 *
 * A scanned report (read by OCR: its cells have rows in `cell_scans`) is not read again (that would
 * be OCR again, seconds a page): each cell is `scanned`, with the page and the box on the page image
 * it was read from and the engine's confidence; an uncertain one (null, `ocr.low_confidence`) says
 * what was read there.
 */
import { filenameOf } from '../extractors/hints.ts';
import { locateCell } from '../extractors/locate.ts';
import type { ReportRecord } from '../extractors/record.ts';
import type { SourceTable } from '../extractors/report.ts';
import type { Queryable } from './engine.ts';
import { DbInputError } from './errors.ts';

export const TRACE_STATUSES = [
  'traced',
  'unplaced',
  'not_found',
  'mismatch',
  'ambiguous',
  'unconfirmed',
  'scanned',
] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

export interface DocumentHints {
  url: string;
  filename: string | null;
  contentType: string | null;
  charset: string | null;
}
/** A document read again: the extractor's record of it now, and its table sections (injectable). */
export type ReadDocument = (
  bytes: Uint8Array,
  hints: DocumentHints,
) => Promise<{ record: ReportRecord; tables: SourceTable[] }>;

export interface TraceLine {
  /** Line number in the document's text as the extractor reads it (1-based). */
  line: number;
  text: string;
}

export interface TracedCell {
  table: string;
  row: string;
  col: string;
  value: number | null;
  raw: string;
  source: { table: number; row: number; col: number } | null;
  status: TraceStatus;
  /** The text at the recorded position when it was found there (the grid cell's text). */
  found: string | null;
  /** The cells of the source row the position is in, as the extractor read them (label first). */
  row_text: string[];
  /** The line the cell starts on (1-based, document text), when traced. */
  line: number | null;
  /** That line with one line either side (same table section). */
  context: TraceLine[];
  /** Read by OCR: the page (1-based), the box [x, y, w, h] in pixels of the page image, the confidence (0–100). */
  scan?: { page: number; box: number[]; confidence: number | null };
  note: string;
}

export interface ReportTrace {
  report: {
    report_id: number;
    agency_id: number | null;
    agency: string | null;
    agency_as_printed: string | null;
    year: number | null;
    title: string | null;
    source_url: string;
    status: string;
    extractor_version: string;
  };
  document: { sha256: string; url: string; content_type: string | null; byte_size: number } | null;
  /** Why the document's text could not be read again, if it could not. */
  problem: string | null;
  cells: TracedCell[];
  counts: Record<TraceStatus, number>;
}

export interface TraceOptions {
  table?: string;
  row?: string;
  col?: string;
  readDocument?: ReadDocument;
}

interface CellRow {
  table_key: string;
  row_key: string;
  col_key: string;
  value: string | null;
  raw: string;
  source_table: number | null;
  source_row: number | null;
  source_col: number | null;
}

const defaultReadDocument: ReadDocument = async (bytes, hints) => {
  // Loaded when a trace runs, not by every importer of db/ (the extractor pulls in HTML parsing).
  const { readDocument } = await import('../extractors/index.ts');
  return readDocument(bytes, hints);
};

/** What the extractor reads now, per cell key: where and what. */
type Reread = Map<string, ReportRecord['cells'][number]>;
const cellKey = (table: string, row: string, col: string) => `${table}.${row}.${col}`;

export async function traceReport(
  db: Queryable,
  reportId: number,
  opts: TraceOptions = {},
): Promise<ReportTrace> {
  const report = (
    await db.query<ReportTrace['report'] & { document_id: number | null }>(
      `SELECT r.id AS report_id, r.agency_id, a.name AS agency, r.agency_name AS agency_as_printed, r.year, r.title,
              r.source_url, r.status, r.extractor_version, r.document_id
       FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1`,
      [reportId],
    )
  )[0];
  if (!report) throw new DbInputError('report.unknown', `no report ${reportId}`);
  const { document_id: documentId, ...head } = report;
  const rows = await db.query<CellRow>(
    `SELECT table_key, row_key, col_key, value, raw, source_table, source_row, source_col FROM cells
     WHERE report_id = $1 AND ($2::text IS NULL OR table_key = $2) AND ($3::text IS NULL OR row_key = $3)
       AND ($4::text IS NULL OR col_key = $4)`,
    [reportId, opts.table ?? null, opts.row ?? null, opts.col ?? null],
  );
  if (rows.length === 0 && (opts.table || opts.row || opts.col))
    throw new DbInputError(
      'report.cell',
      `report ${reportId} has no cell ${[opts.table, opts.row, opts.col].filter(Boolean).join(' ')}`,
    );
  const rowFindings = await findingsByRow(db, reportId);
  const scans = await scansOf(db, reportId);
  let document: ReportTrace['document'] = null;
  let tables: SourceTable[] | null = null;
  let reread: Reread = new Map();
  let problem: string | null = null;
  if (documentId === null) {
    problem = 'no stored document: the record was loaded without one';
  } else {
    const doc = (
      await db.query<{
        sha256: string;
        url: string;
        content_type: string | null;
        encoding: string | null;
        bytes: Uint8Array;
      }>('SELECT sha256, url, content_type, encoding, bytes FROM documents WHERE id = $1', [documentId])
    )[0]!;
    document = {
      sha256: doc.sha256,
      url: doc.url,
      content_type: doc.content_type,
      byte_size: doc.bytes.byteLength,
    };
    // A scan is not read again (OCR); its cells are placed from cell_scans.
    if (scans.size === 0)
      try {
        const read = await (opts.readDocument ?? defaultReadDocument)(new Uint8Array(doc.bytes), {
          url: doc.url,
          filename: filenameOf(doc.url),
          contentType: doc.content_type,
          charset: doc.encoding,
        });
        tables = read.tables;
        reread = new Map(read.record.cells.map((c) => [cellKey(c.table, c.row, c.col), c]));
      } catch (err) {
        problem =
          (err as { code?: string }).code === 'input.image_only'
            ? `a scanned document, read by OCR: trace reads a document's text again, not its page images (${(err as Error).message})`
            : `the stored document cannot be read again: ${(err as Error).message}`;
      }
  }
  const at = (c: CellRow) => [TABLE_ORDER[c.table_key] ?? 9, c.source_row ?? 1e9, c.source_col ?? 1e9];
  rows.sort((a, b) => {
    const x = at(a);
    const y = at(b);
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  const cells = rows.map((c) => {
    const scan = scans.get(cellKey(c.table_key, c.row_key, c.col_key));
    return scan ? scannedCell(c, scan) : traceCell(c, tables, reread, problem, rowFindings);
  });
  const counts = Object.fromEntries(TRACE_STATUSES.map((s) => [s, 0])) as Record<TraceStatus, number>;
  for (const c of cells) counts[c.status]++;
  return { report: head, document, problem, cells, counts };
}

const TABLE_ORDER: Record<string, number> = { active: 0, requests: 1, appeals: 2 };

interface ScanRow {
  table_key: string;
  row_key: string;
  col_key: string;
  page: number;
  box: number[];
  confidence: number | null;
}
interface ScanPlace {
  page: number;
  box: number[];
  confidence: number | null;
  /** The ocr.low_confidence message of an uncertain cell (what was read, why it was left empty). */
  low: string | null;
}

async function scansOf(db: Queryable, reportId: number): Promise<Map<string, ScanPlace>> {
  const rows = await db.query<ScanRow>(
    'SELECT table_key, row_key, col_key, page, box, confidence FROM cell_scans WHERE report_id = $1',
    [reportId],
  );
  const out = new Map<string, ScanPlace>();
  if (rows.length === 0) return out;
  const low = new Map(
    (
      await db.query<{ table_key: string; row_key: string; col_key: string; message: string }>(
        "SELECT table_key, row_key, col_key, message FROM findings WHERE report_id = $1 AND code = 'ocr.low_confidence'",
        [reportId],
      )
    ).map((f) => [cellKey(f.table_key, f.row_key, f.col_key), f.message]),
  );
  for (const r of rows) {
    const k = cellKey(r.table_key, r.row_key, r.col_key);
    out.set(k, { page: r.page, box: r.box.map(Number), confidence: r.confidence, low: low.get(k) ?? null });
  }
  return out;
}

/** A cell read from a page image: where it is on the page, as the OCR recorded it. */
function scannedCell(c: CellRow, s: ScanPlace): TracedCell {
  const [x, y, w, h] = s.box;
  const conf = s.confidence === null ? '' : `, OCR confidence ${Math.round(s.confidence)}`;
  return {
    table: c.table_key,
    row: c.row_key,
    col: c.col_key,
    value: c.value === null ? null : Number(c.value),
    raw: c.raw,
    source:
      c.source_table === null || c.source_row === null || c.source_col === null
        ? null
        : { table: c.source_table, row: c.source_row, col: c.source_col },
    status: 'scanned',
    found: null,
    row_text: [],
    line: null,
    context: [],
    scan: { page: s.page, box: s.box, confidence: s.confidence },
    note: `page ${s.page}, box at (${x},${y}) ${w}×${h} px of the page image${conf}${s.low ? ` — uncertain: ${s.low}` : ''}`,
  };
}

/** table/row → the findings that explain a row read without positions (short, long, missing). */
async function findingsByRow(db: Queryable, reportId: number): Promise<Map<string, string[]>> {
  const rows = await db.query<{ table_key: string | null; row_key: string | null; code: string }>(
    `SELECT table_key, row_key, code FROM findings WHERE report_id = $1 AND severity = 'error'`,
    [reportId],
  );
  const out = new Map<string, string[]>();
  for (const f of rows) {
    const k = `${f.table_key}/${f.row_key}`;
    out.set(k, [...(out.get(k) ?? []), f.code]);
  }
  return out;
}

/** The raw text read from a grid cell: all of it, or one word of it (a merged cell the extractor split). */
function holds(text: string, raw: string): boolean {
  return text === raw || (raw !== '' && text.split(/\s+/).includes(raw));
}

function traceCell(
  c: CellRow,
  tables: SourceTable[] | null,
  reread: Reread,
  problem: string | null,
  rowFindings: Map<string, string[]>,
): TracedCell {
  const source =
    c.source_table === null || c.source_row === null || c.source_col === null
      ? null
      : { table: c.source_table, row: c.source_row, col: c.source_col };
  const out: TracedCell = {
    table: c.table_key,
    row: c.row_key,
    col: c.col_key,
    value: c.value === null ? null : Number(c.value),
    raw: c.raw,
    source,
    status: 'not_found',
    found: null,
    row_text: [],
    line: null,
    context: [],
    note: '',
  };
  if (!source) {
    const why =
      rowFindings.get(`${c.table_key}/${c.row_key}`) ?? rowFindings.get(`${c.table_key}/null`) ?? [];
    out.status = 'unplaced';
    out.note = why.length
      ? `no position: the row was not read (${[...new Set(why)].join(', ')}), so the cell is null`
      : 'no position recorded for this cell';
    return out;
  }
  if (!tables) {
    out.note = problem ?? 'the document could not be read';
    return out;
  }
  const section = tables.find((t) => t.table === c.table_key);
  if (!section) {
    out.note = `the ${c.table_key} table's section is not found in the document as read now`;
    return out;
  }
  const places = locateCell(section, source.row, source.col);
  if (places.length === 0) {
    out.note = `no cell at row ${source.row}, column ${source.col} of the ${c.table_key} table as read now`;
    return out;
  }
  const matching = places.filter((p) => holds(p.text, c.raw));
  const shown = matching.length === 1 ? matching[0]! : places[0]!;
  out.found = shown.text;
  out.row_text = shown.row;
  out.context = contextOf(section, shown.line);
  if (matching.length === 1) {
    // The text holds the raw, but so might a neighbour's: the extractor must read this cell here today.
    const now = reread.get(cellKey(c.table_key, c.row_key, c.col_key));
    const same =
      now?.source &&
      now.source.table_index === source.table &&
      now.source.row === source.row &&
      now.source.col === source.col &&
      now.raw === c.raw;
    if (same) {
      out.status = 'traced';
      out.line = section.start + shown.line + 1;
      out.note =
        places.length > 1 ? `${places.length} cells at this position; only this one holds the raw text` : '';
    } else {
      out.status = 'unconfirmed';
      out.note = now?.source
        ? `the text there holds "${c.raw}", but the extractor now reads this cell at table ${now.source.table_index} row ${now.source.row} col ${now.source.col} ("${now.raw}"): the position is not confirmed`
        : `the text there holds "${c.raw}", but the extractor now reads no position for this cell: the position is not confirmed`;
    }
  } else if (matching.length === 0) {
    out.status = 'mismatch';
    out.note = `the text at row ${source.row}, column ${source.col} is "${shown.text}", not "${c.raw}": this is not the cell's source`;
  } else {
    out.status = 'ambiguous';
    out.note = `${matching.length} cells at row ${source.row}, column ${source.col} hold "${c.raw}" (lines ${matching
      .map((p) => section.start + p.line + 1)
      .join(', ')}); the position does not say which`;
  }
  return out;
}

/** A section line as a reader sees it: HTML grid rows' markers become column bars. */
export function displayLine(line: string): string {
  return line
    .replace(/^\u001e\d*\u001e/, '| ')
    .replace(/\u001f/g, ' | ')
    .replace(/\u001d/g, '〃')
    .trimEnd();
}

function contextOf(section: SourceTable, line: number): TraceLine[] {
  const out: TraceLine[] = [];
  for (let i = Math.max(0, line - 1); i <= Math.min(section.lines.length - 1, line + 1); i++)
    out.push({ line: section.start + i + 1, text: displayLine(section.lines[i]!) });
  return out;
}

const MARK: Record<TraceStatus, string> = {
  traced: '✓',
  unplaced: '·',
  not_found: '?',
  mismatch: '✗',
  ambiguous: '≈',
  unconfirmed: '✗',
  scanned: '▣',
};

/** The trace as text: the report, its document, then each cell with the lines it was read from. */
export function formatTrace(t: ReportTrace, currentExtractor: string | null = null): string {
  const r = t.report;
  const out: string[] = [
    `report ${r.report_id} · ${r.agency ?? `(no agency; printed "${r.agency_as_printed ?? ''}")`} · ${r.year ?? 'year unknown'} · ${r.title ?? ''}`,
    `source: ${r.source_url}`,
    t.document
      ? `document: sha256 ${t.document.sha256} (${t.document.content_type ?? 'type unknown'}, ${t.document.byte_size} bytes) ${t.document.url}`
      : 'document: none stored',
    `extracted by ${r.extractor_version}${currentExtractor && currentExtractor !== r.extractor_version ? `; the text is read again by ${currentExtractor}` : ''}`,
  ];
  if (t.problem) out.push(`! ${t.problem}`);
  for (const c of t.cells) {
    const pos = c.source ? `table ${c.source.table} row ${c.source.row} col ${c.source.col}` : 'no position';
    const where = c.line ? ` · line ${c.line}` : '';
    out.push(
      '',
      `${MARK[c.status]} ${c.table}.${c.row}.${c.col} = ${c.value ?? 'null'}  raw "${c.raw}"  (${pos}${where})`,
    );
    const width = String(Math.max(0, ...c.context.map((l) => l.line))).length;
    for (const l of c.context)
      out.push(`  ${l.line === c.line ? '▶' : ' '} ${String(l.line).padStart(width)} │ ${l.text}`);
    if (c.row_text.length) out.push(`    row: ${c.row_text.join(' | ')}`);
    if (c.note) out.push(`    ${c.note}`);
  }
  const n = t.counts;
  out.push(
    '',
    `${t.cells.length} cells: ${n.traced} traced to their source line, ${n.scanned ? `${n.scanned} placed on their scanned page (OCR), ` : ''}${n.unplaced} without a position (rows not read), ` +
      `${n.mismatch + n.ambiguous + n.not_found + n.unconfirmed} not confirmed (${n.mismatch} mismatch, ${n.unconfirmed} unconfirmed, ${n.ambiguous} ambiguous, ${n.not_found} not found)`,
  );
  return `${out.join('\n')}\n`;
}
