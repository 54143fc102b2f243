import type { TableKey } from '../record.ts';

/** How a column's numbers are read (see report-schema.md "Values"). */
export type ColumnKind = 'count' | 'change' | 'money';

export interface TemplateColumn {
  key: string;
  /** The label as the national template prints it (used to render fixtures and to match headers). */
  label: string;
  kind: ColumnKind;
  /** Unit the header states for money columns: a bare number is multiplied accordingly. */
  unit?: 'yuan' | 'wan';
}

export interface TemplateRow {
  key: string;
  /** The label as the national template prints it, parent labels excluded. */
  label: string;
  /** Parent group label(s) printed in a spanning cell to the left (e.g. 三、本年度办理结果 / （三）不予公开). */
  groups?: string[];
  /** Column keys in source order. */
  cols: string[];
  /** Subtotal rows some agencies add; absent ones are not reported missing. */
  optional?: boolean;
  /** Other wordings of the label seen in reports (matched like the label). */
  aliases?: string[];
}

export interface TableTemplate {
  table: TableKey;
  version: '2019' | '2021';
  columns: Record<string, TemplateColumn>;
  rows: TemplateRow[];
  /** Header labels that only this version prints: their presence selects this template. */
  markers: string[];
}
