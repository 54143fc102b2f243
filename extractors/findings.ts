/** Finding constructors: findings are data, never thrown. */
import type { Finding, Severity, TableKey } from './record.ts';

export function finding(
  code: string,
  severity: Severity,
  table: TableKey | null,
  row: string | null,
  col: string | null,
  message: string,
): Finding {
  return { code, severity, table, row, col, message };
}

/** Codes whose presence makes a report `partial`. */
export const ERROR_CODES = new Set(['table.short_row', 'table.long_row', 'table.missing', 'input.challenge']);
