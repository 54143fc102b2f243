import type { ReportRecord } from '../extractors/record.ts';

/** The figures the cross-year checks compare, in the column order of `reports` (pure). */
export const KEY_FIGURE_COLUMNS = [
  'carried_over',
  'carried_forward',
  'regulations_issued',
  'regulations_repealed',
  'regulations_in_force',
  'normative_issued',
  'normative_repealed',
  'normative_in_force',
] as const;

const WANTED: Record<string, (typeof KEY_FIGURE_COLUMNS)[number]> = {
  'requests.carried_over.total': 'carried_over',
  'requests.carried_forward.total': 'carried_forward',
  'active.regulations.issued': 'regulations_issued',
  'active.regulations.repealed': 'regulations_repealed',
  'active.regulations.in_force': 'regulations_in_force',
  'active.normative_docs.issued': 'normative_issued',
  'active.normative_docs.repealed': 'normative_repealed',
  'active.normative_docs.in_force': 'normative_in_force',
};

/** Null where the record has no such cell (or, for the stock figures, uses the 2019 active template). */
export function keyFigures(r: ReportRecord): Array<number | null> {
  const out: Record<string, number | null> = {};
  for (const c of r.cells) {
    // Cheap test first: this runs over every cell of every load.
    if (c.col !== 'total' && c.col !== 'issued' && c.col !== 'repealed' && c.col !== 'in_force') continue;
    const col = WANTED[`${c.table}.${c.row}.${c.col}`];
    if (!col) continue;
    if (c.table === 'active' && r.templates.active !== '2021') continue;
    if (!(col in out)) out[col] = c.value;
  }
  return KEY_FIGURE_COLUMNS.map((k) => out[k] ?? null);
}
