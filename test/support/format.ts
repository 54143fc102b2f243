import type { TableKey } from '../../extractors/record.ts';
import { TEMPLATES } from '../../extractors/templates/index.ts';
import type { GeneratedReport } from './types.ts';

/** `12` → `１２`: some reports print digits full-width (report-schema.md: they are normal digits). */
export function toFullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** A decimal as a report prints it: integers bare, fractions with at most two places. */
export function formatDecimal(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(2)));
}

/** The text of one cell as the source prints it (the `raw` the extractor should report, trimmed). */
export function cellText(report: GeneratedReport, table: TableKey, row: string, col: string): string {
  const raw = report.raws?.[table]?.[row]?.[col];
  if (raw !== undefined) return raw;
  const value = report.values[table][row]?.[col];
  if (value === null || value === undefined) return '';
  const column = TEMPLATES[table][report.templates[table]].columns[col];
  if (column?.kind === 'money' && column.unit === 'wan') return formatDecimal(value / 10000);
  return formatDecimal(value);
}
