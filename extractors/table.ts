/**
 * One table: tokens → the template's cells, with table-level findings (missing table/rows,
 * short rows, unreadable or negative values). Every cell of every non-optional template row is
 * emitted, blanks included; a row that cannot be read gets null cells with raw '' so nothing is
 * ever shifted into a wrong column.
 */
import { finding } from './findings.ts';
import { appealsPiece, fitValues, matchRows, type Piece } from './match.ts';
import type { Cell, Finding, TableKey } from './record.ts';
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

/** Unit the header states for a money column: `采购总金额（万元）` → wan. */
export function headerUnit(regionText: string, col: TemplateColumn): 'yuan' | 'wan' {
  const head = col.label.replace(/[（(].*$/, '').slice(0, 4);
  const i = head ? regionText.indexOf(head) : -1;
  if (i >= 0) {
    // Only the header cell itself: the window stops at the cell's end, before any value.
    const after = regionText.slice(i, i + col.label.length + 12).split(/[\n|\t\u001f\u001e]/)[0] as string;
    if (after.includes('万元')) return 'wan';
    if (after.includes('元')) return 'yuan';
  }
  return col.unit ?? 'yuan';
}

export function readTable(
  table: TableKey,
  t: TableTemplate,
  pieces: readonly Piece[],
  tableIndex: number,
  regionText: string,
): TableRead {
  const out: TableRead = { cells: [], states: [], findings: [], rowsFound: 0 };
  const appeals = table === 'appeals' ? appealsPiece(pieces, (t.rows[0] as TemplateRow).cols.length) : null;
  const byRow: Map<string, Piece> =
    table === 'appeals' ? new Map(appeals ? [['cases', appeals]] : []) : matchRows(pieces, t);
  const units = new Map<string, 'yuan' | 'wan'>();
  for (const c of Object.values(t.columns))
    if (c.kind === 'money') units.set(c.key, headerUnit(regionText, c));

  const unknownRow = (row: TemplateRow) => {
    for (const col of row.cols) {
      out.cells.push({ table, row: row.key, col, value: null, raw: '', source: null });
      out.states.push('unknown');
    }
  };

  for (const row of t.rows) {
    const piece = byRow.get(row.key);
    if (!piece) {
      if (row.optional) continue;
      out.findings.push(
        finding(
          'table.missing',
          'error',
          table,
          row.key,
          null,
          `${table} row ${row.key} (${row.label || 'values'}) not found`,
        ),
      );
      unknownRow(row);
      continue;
    }
    out.rowsFound++;
    const n = row.cols.length;
    const values = fitValues(piece.values, n);
    if (values.length !== n) {
      const code = values.length < n ? 'table.short_row' : 'table.long_row';
      const raws = values.map((v) => v.text || '∅').join(' ');
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
      unknownRow(row);
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
