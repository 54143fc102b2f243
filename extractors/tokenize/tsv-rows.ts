/** Tab-separated rows, one table row per line (word-extractor's .doc text: `规章\t0\t0\t0\t`). */
import type { TokCell, TokTable } from './types.ts';

export function tsvRows(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.replace(/^\t/, '').split('\t');
    if (parts.length > 1 && (parts[parts.length - 1] as string).trim() === '') parts.pop();
    // A loop, not .map: V8's optimised .map returns a holey array, the unoptimised one a packed
    // array, and the readers of the rows were compiled again for the other kind.
    const row: TokCell[] = [];
    for (let col = 0; col < parts.length; col++)
      row.push({ text: (parts[col] as string).trim(), row: i, col });
    rows.push(row);
  });
  return { shape: 'tsv-rows', tableIndex: null, rows };
}
