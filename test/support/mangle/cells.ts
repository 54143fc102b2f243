/**
 * Cells family: how a blank cell is printed. Report stage: some cells become blank and are
 * printed as whitespace only (spaces, U+3000, NBSP) — the truth is a blank (null) cell.
 */
import type { TableKey } from '../../../extractors/record.ts';
import type { ReportDamage } from './types.ts';
import { cloneReport } from './util.ts';

const TABLES: TableKey[] = ['active', 'requests', 'appeals'];

const whitespaceCells: ReportDamage = {
  name: 'whitespace-cells',
  family: 'cells',
  stage: 'report',
  doc: 'blank cells printed as spaces, U+3000 or NBSP instead of nothing',
  formats: ['text', 'html'],
  // A PDF text layer drops blank cells altogether (pdf-text prints them as —): not this damage.
  bases: [
    'pipe',
    'pipe-fullwidth',
    'cell-per-line-tab',
    'cell-per-line-bar',
    'brackets',
    'brackets-cjk',
    'markdown',
    'html',
    'comma',
    'stream-separators',
    'stream-bar-empty',
    'html-pre-wrap',
    'html-pre-wrap-newlines',
  ],
  apply: (input, rng) => {
    const r = cloneReport(input);
    for (const table of TABLES) {
      for (const [row, cells] of Object.entries(r.values[table])) {
        for (const col of Object.keys(cells)) {
          if (!rng.chance(0.06)) continue;
          cells[col] = null;
          r.raws ??= {};
          r.raws[table] ??= {};
          r.raws[table]![row] = { ...r.raws[table]![row], [col]: rng.pick([' ', '  ', '\u3000', '\u00a0']) };
        }
      }
    }
    return r;
  },
};

export const CELL_DAMAGES: ReportDamage[] = [whitespaceCells];
