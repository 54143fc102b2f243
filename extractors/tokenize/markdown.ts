/** Markdown tables: pipe rows with a `|---|---|` rule under the header, which is not a row. */
import { splitPipes } from './pipe-rows.ts';
import type { TokCell, TokTable } from './types.ts';

export const MD_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;

export function markdown(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '' || MD_RULE.test(line)) return;
    rows.push(line.includes('|') ? splitPipes(line, i) : [{ text: line.trim(), row: i, col: 0 }]);
  });
  return { shape: 'markdown', tableIndex: null, rows };
}
