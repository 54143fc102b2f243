/**
 * One table: tokens → the template's cells, with table-level findings (missing table/rows,
 * short rows, unreadable or negative values). Every cell of every non-optional template row is
 * emitted, blanks included; a row that cannot be read gets null cells with raw '' so nothing is
 * ever shifted into a wrong column.
 */
import { finding } from './findings.ts';
import { type FitRow, fitRows, type Marks, NO_MARKS, type RowFit } from './fit.ts';
import { labelKey } from './labels.ts';
import { appealsPiece, joinCutRows, matchRows, type Piece } from './match.ts';
import type { Cell, Finding, TableKey } from './record.ts';
import { simplified } from './script.ts';
import type { TableTemplate, TemplateColumn, TemplateRow } from './templates/types.ts';
import type { TokCell } from './tokenize/types.ts';
import { type CellState, parseValue } from './values.ts';

export type CellInfo = CellState | 'unknown';

export interface TableRead {
  cells: Cell[];
  /** Parallel to cells: how each value was obtained (unknown = row missing, short or too long). */
  states: CellInfo[];
  findings: Finding[];
  /** Template rows actually read from the source. */
  rowsFound: number;
}

// A unit annotation standing alone in a cell or line: `（万元）`, `(单位：元)`, `单位:万元`.
const UNIT_CELL = /^[（(]?\s*(?:单位\s*[:：]?\s*)?(万元|元)\s*[）)]?$/;
// Cells of the region's text: lines, pipes, brackets, tabs, html-grid cells, wide space gaps; row marks dropped.
const CELL_BREAK = /[\n|｜\t\u001f[\]【】]| {2,}|\u001e\d*\u001e/;

/**
 * Unit the header states for a money column: `采购总金额（万元）` → wan. The unit is read from
 * the header cell itself, or from a unit-only cell that follows it before any value (a header
 * wrapped over two lines, `采购总金额` / `（万元）`, or a second header row holding `（单位：万元）`).
 */
export function headerUnit(regionText: string, col: TemplateColumn): 'yuan' | 'wan' {
  const head = col.label.replace(/[（(].*$/, '').slice(0, 4);
  const i = head ? regionText.indexOf(head) : -1;
  if (i >= 0) {
    const cells = regionText.slice(i, i + 600).split(CELL_BREAK);
    // Only the header cell itself: it stops at the cell's end, before any value.
    const own = cells[0] as string;
    if (own.includes('万元')) return 'wan';
    if (own.includes('元')) return 'yuan';
    for (let k = 1; k < cells.length && k < 40; k++) {
      const t = (cells[k] as string).trim();
      if (t === '') continue;
      if (/\d/.test(t)) break;
      const m = UNIT_CELL.exec(t);
      if (m) return m[1] === '万元' ? 'wan' : 'yuan';
    }
  }
  return col.unit ?? 'yuan';
}

const colKeys = new WeakMap<TableTemplate, WeakMap<TemplateRow, string[]>>();
/** The label keys of a row's columns (`采购总金额（单位：万元）` → `采购总金额`), computed once per row. */
function columnKeys(row: TemplateRow, t: TableTemplate): string[] {
  let byRow = colKeys.get(t);
  if (!byRow) {
    byRow = new WeakMap();
    colKeys.set(t, byRow);
  }
  let keys = byRow.get(row);
  if (!keys) {
    keys = row.cols.map((c) => labelKey((t.columns[c] as TemplateColumn).label).replace(/单位万元$/, ''));
    byRow.set(row, keys);
  }
  return keys;
}

/**
 * Grid columns of a row's column labels in the nearest header above it (the labels of one piece
 * naming every column of the row, `信息内容 | 上一年项目数量 | 本年增/减`), or null.
 */
function headerCols(
  pieces: readonly Piece[],
  piece: Piece,
  row: TemplateRow,
  t: TableTemplate,
): number[] | null {
  const at = pieces.indexOf(piece);
  const keys = columnKeys(row, t);
  for (let i = at - 1; i >= 0 && i >= at - 12; i--) {
    const p = pieces[i] as Piece;
    const labels = p.labels;
    if (labels.length < keys.length) continue;
    // Every row of the table looks at the same header pieces: their label keys are kept on them.
    if (!p.labelKeys) {
      p.labelKeys = [];
      for (const l of labels) p.labelKeys.push(labelKey(l.text));
    }
    const lk = p.labelKeys;
    const cols: number[] = [];
    for (const k of keys) {
      let j = 0;
      while (j < lk.length && !(lk[j] as string).startsWith(k)) j++;
      if (j === lk.length) break;
      cols.push((labels[j] as TokCell).col);
    }
    if (cols.length === keys.length) return cols;
  }
  return null;
}

export interface ReadOptions {
  /** Cells' `col` are grid positions (not a stream): rows can be aligned with each other. */
  grid?: boolean;
  /** The marks the table's cells carry (fit.ts). */
  marks?: Marks;
  /** One cell per line: a stray line can cut a row in two (`joinCutRows`). */
  oneCellPerLine?: boolean;
  /** Rows that more than one reading of a wrapped layout puts on different lines (unwrap.ts). */
  ambiguous?: readonly string[] | undefined;
}

const money = new WeakMap<TableTemplate, TemplateColumn[]>();
/** A template's money columns (their unit is read from the header), listed once per template. */
function moneyColumns(t: TableTemplate): TemplateColumn[] {
  let cols = money.get(t);
  if (!cols) {
    cols = Object.values(t.columns).filter((c) => c.kind === 'money');
    money.set(t, cols);
  }
  return cols;
}

/** A row's cells, every one null: the row is missing, short, long or ambiguous. */
function unknownRow(out: TableRead, table: TableKey, row: TemplateRow): void {
  for (const col of row.cols) {
    out.cells.push({ table, row: row.key, col, value: null, raw: '', source: null });
    out.states.push('unknown');
  }
}

/** Cells as a finding quotes them: their texts, an empty one as ∅. */
function shown(cells: readonly TokCell[]): string {
  return cells.map((v) => v.text || '∅').join(' ');
}

/**
 * Values no row was read from, lying where an optional row would be: between the pieces of the
 * nearest rows before and after it that were found. A noise line between a label and its values
 * (`（五）不予处理` / `（单位：件）` / values) leaves its piece unmatched; the row must then be
 * unknown, not absent. Returns the unmatched piece's text for the finding, or null.
 */
function strayValues(
  t: TableTemplate,
  row: TemplateRow,
  byRow: ReadonlyMap<string, Piece>,
  pieces: readonly Piece[],
): string | null {
  const at = t.rows.indexOf(row);
  let from = -1;
  let to = pieces.length;
  for (let r = at - 1; r >= 0 && from < 0; r--) {
    const p = byRow.get((t.rows[r] as TemplateRow).key);
    if (p) from = pieces.indexOf(p);
  }
  for (let r = at + 1; r < t.rows.length && to === pieces.length; r++) {
    const p = byRow.get((t.rows[r] as TemplateRow).key);
    if (p) to = pieces.indexOf(p);
  }
  // Most optional rows not printed sit between two found rows with nothing between them.
  if (from < 0 || to - from < 2) return null;
  const read = new Set(byRow.values());
  for (let k = from + 1; k < to; k++) {
    const p = pieces[k] as Piece;
    if (read.has(p) || !p.values.some((v) => !v.mark && v.text.trim() !== '')) continue;
    const labels = p.labels.map((l) => l.text).join(' / ');
    return `${labels || 'no label'}: ${shown(p.values)}`;
  }
  return null;
}

export function readTable(
  table: TableKey,
  t: TableTemplate,
  pieces: readonly Piece[],
  tableIndex: number,
  /** The section's text (or what gives it: only a table with a money column reads it). */
  regionText: string | (() => string),
  opts: ReadOptions = {},
): TableRead {
  const { grid = true, marks = NO_MARKS } = opts;
  if (opts.oneCellPerLine) pieces = joinCutRows(pieces, t);
  const out: TableRead = { cells: [], states: [], findings: [], rowsFound: 0 };
  const appeals = table === 'appeals' ? appealsPiece(pieces, (t.rows[0] as TemplateRow).cols.length) : null;
  const byRow: Map<string, Piece> =
    table === 'appeals' ? new Map(appeals ? [['cases', appeals]] : []) : matchRows(pieces, t);
  const units = new Map<string, 'yuan' | 'wan'>();
  let region: string | null = null;
  for (const c of moneyColumns(t)) {
    region ??= simplified(typeof regionText === 'string' ? regionText : regionText());
    units.set(c.key, headerUnit(region, c));
  }

  const present = t.rows.filter((row) => byRow.has(row.key));
  // Loops, not .map: V8's optimised .map returns holey arrays, the unoptimised one packed arrays,
  // and fitRows was compiled again for the other kind ("wrong map" deopts).
  const wanted: FitRow[] = [];
  for (const row of present) {
    const piece = byRow.get(row.key) as Piece;
    wanted.push({ piece, n: row.cols.length, header: grid ? headerCols(pieces, piece, row, t) : null });
  }
  const fitted = fitRows(wanted, grid, marks);
  const fits = new Map<string, RowFit>();
  for (let i = 0; i < present.length; i++) fits.set((present[i] as TemplateRow).key, fitted[i] as RowFit);
  // A piece holding only marks (a group label followed by a separator line, `（三）不予公开` / `|`)
  // is a row only if its marks read as exactly the row's empty cells; otherwise it is a label.
  for (const row of present) {
    const piece = byRow.get(row.key) as Piece;
    if (piece.values.length && piece.values.every((v) => v.mark) && fits.get(row.key)?.kind !== 'ok')
      fits.delete(row.key);
  }

  /** The last row read when it held more values than columns (a long row), else null. */
  let overflow: { key: string; values: number; cols: number } | null = null;
  for (const row of t.rows) {
    const fit = fits.get(row.key);
    if (!fit && opts.ambiguous?.includes(row.key)) {
      out.findings.push(
        finding(
          'table.ambiguous_row',
          'error',
          table,
          row.key,
          null,
          `${table} row ${row.key}: its label is wrapped around its values and more than one line can be read as it; which line is which row is unknown`,
        ),
      );
      unknownRow(out, table, row);
      continue;
    }
    if (!fit) {
      // An optional row (a group's subtotal, printed by some reports only) is absent without a
      // word, unless its values may be in the table unread: the row read before it holds more
      // values than columns, or values no label names lie where it would be (strayValues). Then
      // it is unknown, not absent: absent reads as "not printed".
      const stray = row.optional && !overflow ? strayValues(t, row, byRow, pieces) : null;
      if (row.optional && !overflow && !stray) continue;
      out.findings.push(
        finding(
          'table.missing',
          'error',
          table,
          row.key,
          null,
          !row.optional
            ? `${table} row ${row.key} (${row.label || 'values'}) not found`
            : overflow
              ? `${table} row ${row.key} (${row.label}) not found, and the row before it, ${overflow.key}, has ${overflow.values} values for ${overflow.cols} columns, so this row's values may be among them`
              : `${table} row ${row.key} (${row.label}) not found, and where it would be the table holds values no row's label names (${stray}): they may be this row's`,
        ),
      );
      unknownRow(out, table, row);
      continue;
    }
    out.rowsFound++;
    const n = row.cols.length;
    overflow =
      fit.kind === 'count' && fit.values.length > n
        ? { key: row.key, values: fit.values.length, cols: n }
        : null;
    if (fit.kind === 'ambiguous') {
      const readings = fit.readings.map(shown).join(' / ');
      out.findings.push(
        finding(
          'table.ambiguous_row',
          'error',
          table,
          row.key,
          null,
          `${table} row ${row.key}: its cells can be read in more than one way for ${n} columns (${readings}); which cell is which is unknown`,
        ),
      );
      unknownRow(out, table, row);
      continue;
    }
    const values = fit.values;
    if (fit.kind === 'count') {
      const code = values.length < n ? 'table.short_row' : 'table.long_row';
      const raws = shown(values);
      out.findings.push(
        finding(
          code,
          'error',
          table,
          row.key,
          null,
          `${table} row ${row.key}: ${values.length} values for ${n} columns (${raws}); which cell is which is unknown`,
        ),
      );
      unknownRow(out, table, row);
      continue;
    }
    row.cols.forEach((colKey, i) => {
      const src = values[i] as TokCell;
      const col = t.columns[colKey] as TemplateColumn;
      const p = parseValue(src.text, col.kind, units.get(colKey));
      out.cells.push({
        table,
        row: row.key,
        col: colKey,
        value: p.value,
        raw: src.text,
        source: { table_index: tableIndex, row: src.row, col: src.col },
      });
      out.states.push(p.state);
      if (p.state === 'unreadable') {
        out.findings.push(
          finding(
            'value.unreadable',
            'warning',
            table,
            row.key,
            colKey,
            `${table} ${row.key}/${colKey}: cannot read "${src.text}" as a number`,
          ),
        );
      } else if (p.value !== null && p.value < 0 && col.kind !== 'change') {
        out.findings.push(
          finding(
            'value.negative',
            'warning',
            table,
            row.key,
            colKey,
            `${table} ${row.key}/${colKey}: negative count ${p.value}`,
          ),
        );
      }
    });
  }
  return out;
}
