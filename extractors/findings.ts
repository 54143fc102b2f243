/** Finding constructors: findings are data, never thrown. Codes: finding-codes.ts (declare a new one there). */
import type { FindingCode } from './finding-codes.ts';
import type { Finding, Severity, TableKey } from './record.ts';

export function finding(
  code: FindingCode,
  severity: Severity,
  table: TableKey | null,
  row: string | null,
  col: string | null,
  message: string,
): Finding {
  return { code, severity, table, row, col, message };
}

/** Codes whose presence makes a report `partial`. */
export const ERROR_CODES = new Set([
  'table.short_row',
  'table.long_row',
  'table.ambiguous_row',
  'table.missing',
  'input.challenge',
  'input.not_report',
]);
