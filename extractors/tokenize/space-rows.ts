/**
 * Text from PDFs: a row per line, values separated by spaces (`四、结转下年度继续办理 0 0 0 0 0 0 0`)
 * or commas. Words of a label split by spaces (`规 章`) are joined back; a unit written apart
 * (`1007.25 万元`) stays with its number. Vertical header letters (`结 结 其 尚`) become one
 * harmless text cell.
 */
import { classify } from '../values.ts';
import type { TokCell, TokTable } from './types.ts';

const UNIT = /^(?:万元|元|万|件|个|项|条)$/;

export function splitSpaceRow(line: string, row: number): TokCell[] {
  let tokens = line.trim().split(/\s+/);
  if (tokens.length <= 2 && /[,，]/.test(line)) tokens = line.trim().split(/\s*[,，]\s*/);
  const cells: TokCell[] = [];
  let prevText = false;
  for (const tok of tokens) {
    if (tok === '') continue;
    const kind = classify(tok);
    const last = cells[cells.length - 1];
    if (kind === 'text') {
      if (last && !prevText && UNIT.test(tok) && classify(last.text) !== 'text') {
        last.text += tok;
        continue;
      }
      if (last && prevText) last.text += tok;
      else cells.push({ text: tok, row, col: cells.length });
      prevText = true;
    } else {
      cells.push({ text: tok, row, col: cells.length });
      prevText = false;
    }
  }
  return cells;
}

export function spaceRows(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    rows.push(splitSpaceRow(line, i));
  });
  return { shape: 'space-rows', tableIndex: null, rows, stream: true };
}
