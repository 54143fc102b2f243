/**
 * Put back the blank cells of PDF table rows. Pure.
 *
 * An empty table cell leaves no glyph in a PDF, so a row with blanks has fewer cells than its
 * neighbours and the extractor cannot tell which value is missing. Cells of one column line up
 * (by centre when the report centres them, by left edge when it does not), so a nearby row with
 * more cells in the value area, with which every value of this row lines up, shows where the
 * blanks are. When no such row exists the row is left as it is (the extractor then reports a
 * short row rather than guess).
 */
export interface LaidCell {
  text: string;
  x0: number;
  x1: number;
  /** Font size: the unit of every tolerance here. */
  h: number;
}

/** A number (full-width too, signed, with a unit) or one of the blank markers of report-schema.md. */
const VALUE = /^(?:[-+−＋－增减]?\s*[\d０-９][\d０-９.,，]*\s*(?:%|％|万?元|件|项|个)?|无|空|[—–-]+|[/／])$/;
/** How far (in rows, each way) to look for a reference row. */
const REACH = 4;

const centre = (c: LaidCell) => (c.x0 + c.x1) / 2;

/** Index of the first value cell: labels (and spanning group labels) come before it. */
function firstValue(row: LaidCell[]): number {
  return row.findIndex((c) => VALUE.test(c.text.trim()));
}

/**
 * Match `vals` to cells of `ref` in order, each value lining up with one reference cell.
 * Returns, for each reference cell, the value index placed there (or -1), or null if some value
 * lines up with nothing.
 */
function align(vals: LaidCell[], ref: LaidCell[], edge: (c: LaidCell) => number): number[] | null {
  const slots = ref.map(() => -1);
  let j = 0;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i]!;
    const tol = 0.6 * v.h;
    while (j < ref.length && edge(ref[j]!) < edge(v) - tol) j++;
    if (j >= ref.length || Math.abs(edge(ref[j]!) - edge(v)) > tol) return null;
    slots[j++] = i;
  }
  return slots;
}

/** The row rebuilt with '' in the reference columns it has no value for, or null if `ref` does not explain it. */
function fillFrom(row: LaidCell[], start: number, ref: LaidCell[]): LaidCell[] | null {
  const vals = row.slice(start);
  const refStart = firstValue(ref);
  // A header row (no values) has the label column's header first (信息内容) unless the row has
  // no labels (the appeals row under its outcome headers): skip that one, it is no value column.
  const from = refStart >= 0 ? refStart : Math.min(start, 1);
  // The value area begins where this row's labels end.
  const labelEnd = start > 0 ? row[start - 1]!.x1 : Number.NEGATIVE_INFINITY;
  const zone = ref.slice(from).filter((c) => c.x0 >= labelEnd - 0.2 * c.h);
  if (zone.length <= vals.length) return null;
  for (const mode of [centre, (c: LaidCell) => c.x0]) {
    const slots = align(vals, zone, mode);
    if (!slots) continue;
    const filled = slots.map((i, k) =>
      i >= 0 ? vals[i]! : { text: '', x0: zone[k]!.x0, x1: zone[k]!.x1, h: zone[k]!.h },
    );
    return [...row.slice(0, start), ...filled];
  }
  return null;
}

/** Rows (top to bottom, cells left to right) with blank cells inserted where neighbouring rows show columns. */
export function fillBlankCells(rows: LaidCell[][]): LaidCell[][] {
  return rows.map((row, i) => {
    // A lone number (a page number, a figure on its own line) is no table row.
    const start = row.length < 2 ? -1 : firstValue(row);
    if (start < 0) return row;
    // Search outwards, but not past a row without values (a header, a caption, a heading): the
    // columns may change there (2021 行政许可 has one value spanning the three columns of 规章).
    for (const step of [-1, 1]) {
      for (let d = 1; d <= REACH; d++) {
        const ref = rows[i + step * d];
        if (!ref) break;
        const header = firstValue(ref) < 0;
        const filled = ref.length >= 2 ? fillFrom(row, start, ref) : null;
        if (filled) return filled;
        if (header) break;
      }
    }
    return row;
  });
}
