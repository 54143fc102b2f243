/**
 * What a load item must be before anything is written (pure). The record's shape is the zod
 * ReportRecord — except its cells, which `cellIssue` checks with a plain loop that accepts exactly
 * what the zod `Cell` schema accepts (test/unit/db/validate.test.ts holds the two to the same verdict
 * on random input). Why: zod's parse builds a copy of every cell, two hundred per report, and that
 * copy and its garbage were a sixth of the loader's JavaScript time on a bulk load.
 */
import { ReportRecord, TABLE_KEYS } from '../extractors/record.ts';
import { DbInputError } from './errors.ts';
import type { LoadItem } from './load.ts';

const RecordWithoutCells = ReportRecord.omit({ cells: true });
const TABLES: ReadonlySet<unknown> = new Set(TABLE_KEYS);
const SOURCE_FIELDS = ['table_index', 'row', 'col'] as const;

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Why `c` is not a valid cell ("field: what was expected"), or null when it is one. */
export function cellIssue(c: unknown): string | null {
  if (!isObject(c)) return 'expected an object';
  if (!TABLES.has(c.table)) return `table: expected one of ${TABLE_KEYS.join(', ')}`;
  if (typeof c.row !== 'string') return 'row: expected a string';
  if (typeof c.col !== 'string') return 'col: expected a string';
  const v = c.value;
  if (v !== null && !(typeof v === 'number' && Number.isFinite(v)))
    return 'value: expected a finite number or null';
  if (typeof c.raw !== 'string') return 'raw: expected a string';
  const s = c.source;
  if (s !== undefined && s !== null) {
    if (!isObject(s)) return 'source: expected an object or null';
    for (const k of SOURCE_FIELDS) if (!Number.isSafeInteger(s[k])) return `source.${k}: expected an integer`;
    // OCR provenance (optional): page, box [x, y, w, h], confidence.
    if (s.page !== undefined && !Number.isSafeInteger(s.page)) return 'source.page: expected an integer';
    if (s.confidence !== undefined && !(typeof s.confidence === 'number' && Number.isFinite(s.confidence)))
      return 'source.confidence: expected a number';
    if (
      s.box !== undefined &&
      !(
        Array.isArray(s.box) &&
        s.box.length === 4 &&
        s.box.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
    )
      return 'source.box: expected four numbers';
  }
  return null;
}

/**
 * Throws a DbInputError naming the item (its URL) and the first thing wrong with it. `cellsChecked`:
 * its cells were already held to `cellIssue` where it was extracted (db/load-inputs.ts).
 */
export function validateLoadItem(item: LoadItem, i: number, cellsChecked = false): void {
  const where = item.ctx?.sourceUrl ?? `item ${i}`;
  const invalid = (path: string, message: string) =>
    new DbInputError('db.record', `load ${where}: invalid record at ${path}: ${message}`);
  const parsed = RecordWithoutCells.safeParse(item.record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.'), issue.message);
  }
  // Checked where it was extracted: not read here (reading them would build them, db/load-inputs.ts).
  if (!cellsChecked) {
    const cells: unknown = (item.record as { cells?: unknown }).cells;
    if (!Array.isArray(cells)) throw invalid('cells', 'expected an array');
    for (let j = 0; j < cells.length; j++) {
      const issue = cellIssue(cells[j]);
      if (issue) throw invalid(`cells.${j}`, issue);
    }
  }
  if (!item.ctx.sourceUrl) throw new DbInputError('db.record', `load item ${i}: sourceUrl is required`);
  if (!item.ctx.extractorVersion)
    throw new DbInputError('db.record', `load ${where}: extractorVersion is required`);
  const published = item.record.meta.published_on;
  if (published !== null && !isIsoDate(published)) {
    throw new DbInputError(
      'db.record',
      `load ${where}: meta.published_on "${published}" is not a YYYY-MM-DD date`,
    );
  }
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}
