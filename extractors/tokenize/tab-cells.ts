/**
 * One cell per line, each line tab-indented, blank lines between rows (seeds 000, 003, 004:
 * text from .docx conversion). A line without the tab right after a cell continues that cell
 * (`规章` / `（市政府令）`); a bare tab is a blank cell. A table heading printed inside a row
 * after a value (`（续表）`, a unit note, the table's title) is not a cell and is left out.
 */
import { classify } from '../values.ts';
import type { TokCell, TokTable } from './types.ts';

// A table's own title, a unit note or 续表 printed inside the table (`（续表）`, `（单位：件）`,
// `政府信息公开申请情况统计表`, `表三 …情况`): not a cell. No digits: a value is never dropped.
const NOTE_LINE = /^[^\d０-９]{0,40}$/;
const NOTE_WORDS = /续表|统计表|情况表|^[（(]\s*单位\s*[:：]|^表\s*[一二三四五六七八九十]{1,2}(?:\s|$)/;

/**
 * A line without the tab inside a row, after a value cell, that would turn the value into a label
 * if it continued it (`11` + `（续表）`): a heading printed inside the table. A unit (`万元`) does
 * continue its value (`1276.55` / `万元` is `1276.55万元`).
 */
function noteInsideRow(last: TokCell, line: string): boolean {
  // Bounded: the line is short, and so is a value (a long cell is a label being continued).
  return (
    NOTE_LINE.test(line) &&
    NOTE_WORDS.test(line) &&
    last.text.length <= 40 &&
    classify(last.text) !== 'text' &&
    classify(last.text + line) === 'text'
  );
}

export function tabCells(lines: readonly string[]): TokTable {
  const rows: TokCell[][] = [];
  let row: TokCell[] = [];
  let prevCell = false;
  // No closure for closing a row: under tsx every named closure costs a defineProperty per call.
  for (const line of lines) {
    if (line.startsWith('\t')) {
      row.push({ text: line.trim(), row: rows.length, col: row.length });
      prevCell = true;
      continue;
    }
    const t = line.trim();
    if (t === '') {
      if (row.length) rows.push(row);
      row = [];
      prevCell = false;
      continue;
    }
    const last = row[row.length - 1];
    if (prevCell && last && noteInsideRow(last, t)) continue;
    if (prevCell && last) {
      last.text += t;
    } else {
      if (row.length) rows.push(row);
      row = [];
      rows.push([{ text: t, row: rows.length, col: 0 }]);
    }
  }
  if (row.length) rows.push(row);
  return { shape: 'tab-cells', tableIndex: null, rows };
}
