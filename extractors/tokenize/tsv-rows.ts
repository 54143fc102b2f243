/** Tab-separated rows, one table row per line (word-extractor's .doc text: `规章\t0\t0\t0\t`). */
import type { TokCell, TokTable } from './types.ts';

export function tsvRows(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.replace(/^\t/, '').split('\t');
    if (parts.length > 1 && (parts[parts.length - 1] as string).trim() === '') parts.pop();
    rows.push(parts.map((p, col) => ({ text: p.trim(), row: i, col })));
  });
  return { shape: 'tsv-rows', tableIndex: null, rows };
}
