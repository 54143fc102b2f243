/**
 * Row labels OCR misread, placed by the row's position instead of its words.
 *
 * The national templates print their rows in a fixed order. In a ruled table, the rows whose
 * labels were read as a template row's (`anchors`) pin the table to the template; a data row
 * between two anchors whose label was misread (`规草`, an empty cell, `1.属干国家秘密`) can then
 * only be the template row between those anchors — when the count leaves no choice: as many
 * data rows in the gap as template rows there (optional subtotal rows make a gap ambiguous
 * unless exactly one choice of them fits). A row is relabelled only when every template the
 * table fits (anchors in the template's order, every gap's count possible) names the same row
 * for it, and only if its reading is not some other label the templates print (that row is
 * then a row of its own, whatever its position). Anything else stays as read: a misread label
 * never hands its numbers to another row, and the extractor leaves such a row out.
 */
import { labelKey } from '../labels.ts';
import { type TableTemplate, TEMPLATES, type TemplateRow } from '../templates/index.ts';
import { distance, knownLabel, rowLabelOk } from './labels.ts';
import type { OcrCell } from './read.ts';

/** A cell at its place in a table's resolved grid (a table run on over pages counts on its rows). */
export interface Placed {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  cell: OcrCell;
}

/** A data row: its own label cell (if any), and whether it holds a value (read or not). */
export interface DataRow {
  row: number;
  label: Placed | null;
  values: boolean;
}

const CANDIDATES: TableTemplate[] = [
  TEMPLATES.active['2019'],
  TEMPLATES.active['2021'],
  TEMPLATES.requests['2019'],
  TEMPLATES.requests['2021'],
];

const isValue = (c: OcrCell) => c.status === 'value' || c.status === 'low';

/**
 * Label cells to read as a template row's label: cell → the label. Empty when the table is no
 * template's, or no misread row is placed without doubt.
 */
export function relabelRows(cells: readonly Placed[]): Map<OcrCell, string> {
  const rows = dataRows(cells);
  const out = new Map<OcrCell, string>();
  if (rows.length === 0) return out;
  const versions = markedTemplates(cells);
  // Row index in `rows` → the label every fitting template gives it (null: templates disagree).
  let agreed: Map<number, string | null> | null = null;
  for (const t of versions) {
    const placed = fitTemplate(rows, t);
    if (!placed) continue;
    if (!agreed) {
      agreed = new Map(placed);
      continue;
    }
    const cur: Map<number, string | null> = agreed;
    for (const [i, label] of cur) if (placed.get(i) !== label) cur.set(i, null);
    // A row only this template places, where an earlier fitting one left it as read: no agreement.
    for (const i of placed.keys()) if (!cur.has(i)) cur.set(i, null);
  }
  if (!agreed) return out;
  for (const [i, label] of agreed) {
    const p = rows[i]!.label;
    if (label !== null && p) out.set(p.cell, label);
  }
  return out;
}

/**
 * The candidate templates the table's words allow: where they hold a label only one version of
 * a table prints (`本年新制作数量` is 2019's, `本年制发件数` 2021's, `逾期不补正` 2021's:
 * `markers`), the other version is out. A damaged 2019 table that lost a row can look like the
 * 2021 one by its rows alone.
 */
function markedTemplates(cells: readonly Placed[]): TableTemplate[] {
  const words = cells
    .filter((p) => p.cell.status === 'text')
    .map((p) => labelKey(p.cell.text))
    .join('|');
  const marked = (t: TableTemplate) => t.markers.some((m) => words.includes(labelKey(m)));
  return CANDIDATES.filter((t) => {
    const other = CANDIDATES.find((o) => o.table === t.table && o !== t)!;
    return marked(t) || !marked(other);
  });
}

/**
 * Value cells OCR took for words: in a data row (below), a cell right of the labels read as
 * text is a value read wrong (`雇`, `”om`, `AAATT` for a digit on a noisy scan), not a label;
 * likewise in an unlabelled table (appeals) in a row of values. Handed over as text it would
 * end the row's values (a short row: the whole row lost, or in the appeals table all fifteen
 * cells); as an unreadable value only that cell is null.
 */
export function misreadValues(cells: readonly Placed[]): Set<OcrCell> {
  const out = new Set<OcrCell>();
  const start = valueStart(cells);
  if (start === undefined) return out;
  const rows =
    start > 0
      ? dataRows(cells).map((r) => r.row)
      : [...rightCells(cells, start)]
          .filter(([, right]) => majorityValues(right) && right.filter((p) => isValue(p.cell)).length >= 2)
          .map(([r]) => r);
  const right = rightCells(cells, start);
  for (const r of rows) for (const p of right.get(r) ?? []) if (p.cell.status === 'text') out.add(p.cell);
  return out;
}

/** Where the values start: the column most rows' first value cell is in. */
function valueStart(cells: readonly Placed[]): number | undefined {
  const firstByRow = new Map<number, number>();
  for (const p of cells) {
    if (!isValue(p.cell)) continue;
    const f = firstByRow.get(p.row);
    if (f === undefined || p.col < f) firstByRow.set(p.row, p.col);
  }
  const firsts = new Map<number, number>();
  for (const c of firstByRow.values()) firsts.set(c, (firsts.get(c) ?? 0) + 1);
  return [...firsts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** Each row's own cells from column `start` on. */
function rightCells(cells: readonly Placed[], start: number): Map<number, Placed[]> {
  const byRow = new Map<number, Placed[]>();
  for (const p of cells) if (p.col >= start) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  return byRow;
}

/** Most of the cells values (read or not, or blank): not a header row of words. */
const majorityValues = (right: readonly Placed[]) =>
  right.length > 0 && 2 * right.filter((p) => p.cell.status === 'text').length < right.length;

/** Whether a label names a row of some candidate template. */
const namesRow = (text: string) => CANDIDATES.some((t) => named(text, t) >= 0);

/**
 * The table's data rows, top to bottom: rows with cells of their own right of the label columns
 * (a caption row spans the table), most of them not words (a header row is words), or whose
 * label names a template row (its values may all be misread as words). The label columns end
 * where most rows' first value cell is.
 */
export function dataRows(cells: readonly Placed[]): DataRow[] {
  const start = valueStart(cells);
  if (start === undefined || start === 0) return [];
  const right = rightCells(cells, start);
  const out: DataRow[] = [];
  for (const r of [...right.keys()].sort((a, b) => a - b)) {
    const own = right.get(r)!;
    // The label: the rightmost cell left of the values covering this row, if it starts here.
    const left = cells
      .filter((p) => p.col + p.colSpan <= start && p.row <= r && r < p.row + p.rowSpan)
      .sort((a, b) => b.col - a.col)[0];
    const label = left && left.row === r && left.rowSpan === 1 ? left : null;
    const named = label !== null && label.cell.status === 'text' && namesRow(label.cell.text);
    if (!majorityValues(own) && !named) continue;
    out.push({ row: r, label, values: named || own.some((p) => isValue(p.cell)) });
  }
  return out;
}

/** The template row `label` names in `t` (exactly one), or -1. */
function named(label: string, t: TableTemplate): number {
  let found = -1;
  for (let i = 0; i < t.rows.length; i++) {
    if (!rowLabelOk(label, t.rows[i]!)) continue;
    if (found >= 0) return -1;
    found = i;
  }
  return found;
}

/**
 * How template `t` places the table's misread rows: data row index → label, or null when the
 * table does not fit `t` (fewer than two anchors, anchors out of order, a gap whose count no
 * choice of the template's rows gives). Gaps with a choice are left out.
 */
export function fitTemplate(rows: readonly DataRow[], t: TableTemplate): Map<number, string> | null {
  const anchor = rows.map((r) =>
    r.label && r.label.cell.status === 'text' ? named(r.label.cell.text, t) : -1,
  );
  const anchors = anchor.map((a, i) => [i, a] as const).filter(([, a]) => a >= 0);
  if (anchors.length < 2) return null;
  for (let k = 1; k < anchors.length; k++) if (anchors[k]![1] <= anchors[k - 1]![1]) return null;
  const out = new Map<number, string>();
  // Gaps: before the first anchor, between anchors, after the last.
  const bounds: Array<[number, number, number, number]> = [];
  let prevRow = -1;
  let prevTpl = -1;
  for (const [i, a] of anchors) {
    bounds.push([prevRow + 1, i, prevTpl + 1, a]);
    prevRow = i;
    prevTpl = a;
  }
  bounds.push([prevRow + 1, rows.length, prevTpl + 1, t.rows.length]);
  for (const [r0, r1, t0, t1] of bounds) {
    // A row with neither a label nor a value of its own read (a row of blank cells: a seal's
    // ring cutting a row in two, or a printed row left empty) is not counted: it names nothing.
    const gap = rows
      .slice(r0, r1)
      .map((r, j) => ({ r, i: r0 + j }))
      .filter(({ r }) => r.values);
    const tpl = t.rows.slice(t0, t1);
    const choice = chooseRows(gap.length, tpl);
    if (choice === undefined) return null;
    if (choice === null) continue;
    // Every row of the gap must be its slot's misreading: a word that is not (a row the
    // template does not print, or a row without a label cell) means the count fits by chance.
    if (!gap.every(({ r }, j) => r.label && plausible(r.label.cell, choice[j]!))) continue;
    gap.forEach(({ i }, j) => {
      out.set(i, choice[j]!.label);
    });
  }
  return out;
}

/**
 * The template rows `n` data rows are, in order: all of them, or the required ones and exactly
 * the optional ones the count leaves room for when that choice is unique. `undefined`: no
 * choice gives `n` (the table does not fit); null: more than one does.
 */
function chooseRows(n: number, tpl: readonly TemplateRow[]): TemplateRow[] | null | undefined {
  const required = tpl.filter((r) => !r.optional);
  if (n < required.length || n > tpl.length) return undefined;
  if (n === tpl.length) return [...tpl];
  if (n === required.length) return required;
  return null;
}

/**
 * Below this, the engine was unsure of a label it read: on the bench's 150 dpi scans the
 * garbled label readings (`着生生全` for 1.本机关不掌握相关政府信息, `2.至民7请-|` for 2.重复申请)
 * came with 0–31, labels read right mostly with 44–90.
 */
export const UNSURE_LABEL = 60;

/**
 * A label cell may be read as `row`'s when nothing legible was read in it (no word: blank, or
 * glyphs read as digits), or its words are a near miss of the label (at most half its characters
 * wrong), or a reading the engine was unsure of — and never when it is another label the
 * templates print (that is a row of its own). A word read with confidence and far from the label
 * is a row the template does not have, not a misreading.
 */
function plausible(cell: OcrCell, row: TemplateRow): boolean {
  if (cell.status !== 'text') return true;
  const key = labelKey(cell.text);
  if (key === '' || rowLabelOk(cell.text, row)) return true;
  if (knownLabel(key) !== null) return false;
  if (cell.confidence < UNSURE_LABEL) return true;
  return [row.label, ...(row.aliases ?? [])].some((l) => {
    const k = labelKey(l);
    return distance(key, k) <= Math.max(1, Math.floor(k.length / 2));
  });
}
