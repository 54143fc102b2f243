/**
 * The extractor's record of an OCR'd document, made honest about what OCR could not be sure of.
 *
 * Each cell gets its page, box and confidence. An uncertain value (LOW_MARK: the readings did not
 * agree or were not confident) becomes null with an `ocr.low_confidence` finding holding the raw
 * reading, instead of the extractor's `value.unreadable`. Then the arithmetic identities are used
 * as evidence, never as a correction: where one fails, the cells in it read with less than
 * `strictConfidence` are nulled the same way (a misread digit is the likelier cause than a report
 * that does not add up), and the identity findings are computed again on what is left.
 */
import { checkAppeals, checkRequests, lookup } from '../checks.ts';
import { finding } from '../findings.ts';
import { type Cell, type Finding, type ReportRecord, TABLE_KEYS } from '../record.ts';
import type { CellInfo } from '../table.ts';
import { APPEAL_OUTCOMES } from '../templates/appeals.ts';
import { getTemplate } from '../templates/index.ts';
import { REQUEST_COLS } from '../templates/requests-columns.ts';
import { cellAt, labelAt, type OcrHtml } from './html.ts';
import { rowLabelOk } from './labels.ts';
import type { OcrCell } from './read.ts';

export const DEFAULT_STRICT_CONFIDENCE = 93;
const IDENTITY_CODES = new Set([
  'requests.row_sum',
  'requests.balance',
  'requests.handled_sum',
  'appeals.total',
]);
const NON_RESULT = new Set(['new_received', 'carried_over', 'handled_total', 'carried_forward']);

const key = (c: { table: string | null; row: string | null; col: string | null }) =>
  `${c.table}/${c.row}/${c.col}`;

/**
 * Why a template cell of a scan was left without a value (for the bench's breakdown of misses):
 * `reading` the cell's readings were uncertain; `label` its row's label was not the template row's;
 * `identity` a failed identity nulled it; `not_number` read from its own cell but no number;
 * `row` its row was not rebuilt (short, long, ambiguous or not found); `table` its table was not found;
 * `unplaced` no cell of the scan was placed there and no finding says why.
 */
export type MissCause = 'reading' | 'label' | 'identity' | 'not_number' | 'row' | 'table' | 'unplaced';

export function applyOcr(
  record: ReportRecord,
  h: OcrHtml,
  opts: { strictConfidence?: number } = {},
): ReportRecord {
  return explainOcr(record, h, opts).record;
}

/** `applyOcr`, with the cause of each cell it left without a value (key `table/row/col`). */
export function explainOcr(
  record: ReportRecord,
  h: OcrHtml,
  opts: { strictConfidence?: number } = {},
): { record: ReportRecord; causes: Map<string, MissCause> } {
  const causes = new Map<string, MissCause>();
  const strict = opts.strictConfidence ?? DEFAULT_STRICT_CONFIDENCE;
  const findings = [...record.findings];
  const low = new Set<string>();
  const origin = new Map<string, OcrCell>();
  const cells: Cell[] = record.cells.map((c) => {
    const s = c.source;
    const oc = s ? cellAt(h, s.table_index, s.row, s.col) : undefined;
    if (!s || !oc) return c;
    origin.set(key(c), oc);
    const out: Cell = {
      ...c,
      source: {
        ...s,
        page: oc.page,
        box: [oc.box.x, oc.box.y, oc.box.w, oc.box.h],
        confidence: oc.confidence,
      },
    };
    if (oc.status !== 'low') return out;
    low.add(key(c));
    causes.set(key(c), 'reading');
    const i = findings.findIndex((f) => f.code === 'value.unreadable' && key(f) === key(c));
    if (i >= 0) findings.splice(i, 1);
    findings.push(lowFinding(c, oc, oc.why ?? 'not certain'));
    return { ...out, value: null, raw: oc.reading };
  });

  // A row's numbers stay only under a label that is that row's: a misread label must not lend them to another.
  const suspects = new Map<string, string>();
  for (const [k, why] of misplacedRows(record, cells, h)) {
    suspects.set(k, why);
    causes.set(k, 'label');
  }
  const nullSuspects = (from: Cell[]) =>
    from.map((c) => {
      const why = suspects.get(key(c));
      if (!why || low.has(key(c))) return c;
      low.add(key(c));
      const i = findings.findIndex((f) => f.code === 'value.unreadable' && key(f) === key(c));
      if (i >= 0) findings.splice(i, 1);
      findings.push(lowFinding(c, origin.get(key(c))!, why));
      return { ...c, value: null };
    });
  const placed = nullSuspects(cells);
  // Identities as evidence: null the doubtful cells of a sum that does not add up — checked on
  // the cells as they are once rows under a misread label are out (their numbers made sums fail
  // that hold without them, and a cell of such a sum was nulled for nothing).
  const identities = suspects.size ? recheck(findings, placed, low) : findings;
  for (const f of identities) {
    if (!IDENTITY_CODES.has(f.code)) continue;
    for (const k of involved(f, placed)) {
      const oc = origin.get(k);
      if (oc && oc.status === 'value' && !low.has(k) && oc.confidence < strict && !suspects.has(k)) {
        suspects.set(k, `${f.code} fails and it was read with confidence ${oc.confidence} < ${strict}`);
        causes.set(k, 'identity');
      }
    }
  }
  const out = nullSuspects(placed);
  const kept = suspects.size ? recheck(findings, out, low) : findings;
  const more = unread(record, out, kept, causes);
  const replaced = new Set(more.map(key));
  return {
    record: {
      ...record,
      cells: out,
      findings: [...kept.filter((f) => !(f.code === 'value.unreadable' && replaced.has(key(f)))), ...more],
    },
    causes,
  };
}

/**
 * An `ocr.low_confidence` for every template cell of a scan that has no value and no reading of
 * its own: a row the table rebuilt from the scan gave too few or too many cells for (which is
 * which is unknown), a row not found, a cell whose reading is no number. A table not found at
 * all has its one `table.missing` instead. Each says
 * what was read there, if anything (the row's readings are in the row's finding). A cell read as
 * blank (its own OCR cell, empty or a blank marker) is a value, and gets none.
 */
function unread(
  record: ReportRecord,
  cells: Cell[],
  findings: Finding[],
  causes: Map<string, MissCause>,
): Finding[] {
  const flagged = new Set(findings.filter((f) => f.code === 'ocr.low_confidence').map(key));
  const byKey = new Map(cells.map((c) => [key(c), c]));
  const versions = TABLE_KEYS.map((t) => record.templates[t]).filter((v) => v === '2019' || v === '2021');
  const out: Finding[] = [];
  // A scan none of whose tables was found is not a report's tables: nothing to flag cell by cell.
  if (versions.length === 0) return out;
  for (const table of TABLE_KEYS) {
    const found = record.templates[table];
    if (found === 'pre2019') continue;
    const version = found ?? versions[0]!;
    // A table of which the scan gave nothing (`table.missing` for the whole table): its one
    // finding says so. A low-confidence finding per cell would claim readings of cells that may
    // not be on the scan at all (a report without that table) — some 200 untrue findings.
    const missing = findings.some((f) => f.code === 'table.missing' && f.table === table && f.row === null);
    if (missing && !cells.some((c) => c.table === table && c.source)) {
      for (const row of getTemplate(table, version).rows)
        if (!row.optional) for (const col of row.cols) causes.set(`${table}/${row.key}/${col}`, 'table');
      continue;
    }
    for (const row of getTemplate(table, version).rows) {
      const rowCells = cells.filter((c) => c.table === table && c.row === row.key);
      if (row.optional && rowCells.length === 0) continue;
      for (const col of row.cols) {
        const c = byKey.get(`${table}/${row.key}/${col}`);
        const k = `${table}/${row.key}/${col}`;
        if (flagged.has(k) || (c && (c.value !== null || c.source))) {
          if (!c || c.value !== null || flagged.has(k)) continue;
          // Read from its own cell but no number: only a reading the extractor could not take.
          const unreadable = findings.find((f) => f.code === 'value.unreadable' && key(f) === k);
          if (!unreadable) continue;
          causes.set(k, 'not_number');
          out.push(
            finding(
              'ocr.low_confidence',
              'warning',
              table,
              row.key,
              col,
              `${table} ${row.key}/${col}: OCR read "${c.raw}"${at(c)}, not a number as reports print them: left empty`,
            ),
          );
          continue;
        }
        const why = findings.filter(
          (f) => f.table === table && (f.row === row.key || f.row === null) && f.code.startsWith('table.'),
        );
        causes.set(
          k,
          why.some((f) => f.row === null && f.code === 'table.missing')
            ? 'table'
            : why.length
              ? 'row'
              : 'unplaced',
        );
        const reason = why.length
          ? why.map((f) => f.message).join('; ')
          : 'no cell of the scan was placed here';
        out.push(
          finding(
            'ocr.low_confidence',
            'warning',
            table,
            row.key,
            col,
            `${table} ${row.key}/${col}: ${c?.raw ? `OCR read "${c.raw}", but ` : ''}not placed from the scan (${reason}): left empty`,
          ),
        );
      }
    }
  }
  return out;
}

/** Cells of labelled rows whose OCR'd label is not the template row's: key → why. */
function misplacedRows(record: ReportRecord, cells: Cell[], h: OcrHtml): Map<string, string> {
  const out = new Map<string, string>();
  const rows = new Map<string, Cell[]>();
  for (const c of cells) {
    if (c.table === 'appeals' || !c.source || c.source.page === undefined) continue;
    const k = `${c.table}/${c.row}`;
    rows.set(k, [...(rows.get(k) ?? []), c]);
  }
  for (const [k, rc] of rows) {
    const c0 = rc[0]!;
    const version = record.templates[c0.table];
    if (version !== '2019' && version !== '2021') continue;
    const tpl = getTemplate(c0.table, version).rows.find((r) => r.key === c0.row);
    if (!tpl) continue;
    const src = c0.source!;
    const firstCol = Math.min(...rc.map((c) => c.source!.col));
    const label = labelAt(h, src.table_index, src.row, firstCol);
    if (label && rowLabelOk(label.text, tpl)) continue;
    const why = label
      ? `its row label was read as "${label.text}", not "${tpl.label}"`
      : `no row label was read for "${tpl.label}"`;
    for (const c of rc) out.set(key(c), why);
    void k;
  }
  return out;
}

function lowFinding(c: Cell, oc: OcrCell, why: string): Finding {
  const where = `page ${oc.page} at (${oc.box.x},${oc.box.y})`;
  return finding(
    'ocr.low_confidence',
    'warning',
    c.table,
    c.row,
    c.col,
    `${c.table} ${c.row}/${c.col}: OCR read "${oc.reading}" (${where}), ${why}: left empty`,
  );
}

/** Where on the scan a cell was read, as the other OCR findings say it. */
function at(c: Cell): string {
  const box = c.source?.box;
  return box ? ` (page ${c.source?.page} at (${box[0]},${box[1]}))` : '';
}

/** Cells (as keys) a failed identity finding is about. */
function involved(f: Finding, cells: Cell[]): string[] {
  if (f.code === 'requests.row_sum' && f.row) return REQUEST_COLS.map((c) => `requests/${f.row}/${c}`);
  if (f.code === 'requests.balance' && f.col)
    return ['new_received', 'carried_over', 'handled_total', 'carried_forward'].map(
      (r) => `requests/${r}/${f.col}`,
    );
  if (f.code === 'requests.handled_sum' && f.col) {
    const rows = [...new Set(cells.filter((c) => c.table === 'requests').map((c) => c.row))];
    return rows
      .filter((r) => r === 'handled_total' || (!NON_RESULT.has(r) && !r.endsWith('_subtotal')))
      .map((r) => `requests/${r}/${f.col}`);
  }
  if (f.code === 'appeals.total' && f.col) {
    const g = f.col.replace(/_total$/, '');
    return APPEAL_OUTCOMES.map((o) => `appeals/cases/${g}_${o}`);
  }
  return [];
}

/** The identity findings again, on the cells as they now are (nulled ones unknown: checks skip them). */
function recheck(findings: Finding[], cells: Cell[], low: Set<string>): Finding[] {
  const unreadable = new Set(findings.filter((f) => f.code === 'value.unreadable').map(key));
  const states: CellInfo[] = cells.map((c) =>
    low.has(key(c)) || unreadable.has(key(c)) ? 'unknown' : c.value !== null ? 'number' : 'blank',
  );
  const get = lookup(cells, states);
  const rest = findings.filter((f) => !IDENTITY_CODES.has(f.code));
  const rows = [...new Set(cells.filter((c) => c.table === 'requests').map((c) => c.row))];
  const again: Finding[] = [];
  if (rows.length) again.push(...checkRequests(get, rows));
  if (cells.some((c) => c.table === 'appeals')) again.push(...checkAppeals(get));
  return [...rest, ...again];
}
