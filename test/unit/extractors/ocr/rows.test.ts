/**
 * Misread row labels placed by position (extractors/ocr/rows.ts), on the tables of generated
 * reports of both templates as OCR would hand them over (the printed grid, header and label
 * cells text, value cells values), with labels damaged at random: a label is only ever given
 * its own row's label, never another row's, whatever else is wrong with the table.
 */
import { describe, expect, it } from 'vitest';
import { rowLabelOk } from '../../../../extractors/ocr/labels.ts';
import { LOW_MARK, type OcrCell } from '../../../../extractors/ocr/read.ts';
import { dataRows, misreadValues, type Placed, relabelRows } from '../../../../extractors/ocr/rows.ts';
import { getTemplate } from '../../../../extractors/templates/index.ts';
import { placeGrid } from '../../../support/documents/grid.ts';
import { buildableOf } from '../../../support/documents/portal-doc.ts';
import { tableGrid } from '../../../support/documents/tables.ts';
import { generateReport } from '../../../support/generate.ts';
import { mulberry32, type Rng } from '../../../support/prng.ts';

const CJK = '观草现行政件文规范性处罚许可强制收费其他属于国家秘密法律禁止公开申请';

/** A report's table as OCR cells placed in its grid; `label` marks the data rows' label cells. */
function ocrTable(seed: number, table: 'active' | 'requests'): { placed: Placed[]; labels: Placed[] } {
  const report = generateReport(seed, { dense: seed % 2 === 0, template: seed % 3 === 0 ? '2019' : '2021' });
  const grid = tableGrid(buildableOf(report), table)!;
  const { cells } = placeGrid(grid);
  const placed: Placed[] = cells.map((c) => {
    const value = !c.header && /^[\d０-９+\-＋－—/.,增减万元无]*$/.test(c.text) && c.col > 0;
    const cell: OcrCell = {
      page: 1,
      box: { x: c.col * 100, y: c.row * 40, w: c.colSpan * 100, h: c.rowSpan * 40 },
      row: c.row,
      col: c.col,
      rowSpan: c.rowSpan,
      colSpan: c.colSpan,
      text: c.text,
      reading: c.text,
      confidence: 95,
      status: value ? (c.text === '' ? 'blank' : 'value') : 'text',
    };
    return { row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, cell };
  });
  const labels = dataRows(placed).flatMap((r) => (r.label ? [r.label] : []));
  return { placed, labels };
}

/** The template row (key) a label names: a label and its alias name the same row. */
function rowKey(table: 'active' | 'requests', label: string): string | undefined {
  for (const v of ['2019', '2021'] as const) {
    const row = getTemplate(table, v).rows.find((r) => rowLabelOk(label, r));
    if (row) return row.key;
  }
  return undefined;
}

function garble(rng: Rng, text: string): string {
  const chars = [...text];
  const n = rng.int(1, Math.max(1, Math.ceil(chars.length / 2)));
  for (let i = 0; i < n; i++) chars[rng.int(0, chars.length - 1)] = rng.pick([...CJK]);
  return chars.join('');
}

/** A label cell misread: a garbled word, nothing (blank), or glyphs taken for a value. */
function misread(rng: Rng, p: Placed): Placed {
  const how = rng.next();
  if (how < 0.15) return { ...p, cell: { ...p.cell, text: '', reading: '', status: 'blank' } };
  if (how < 0.3)
    return { ...p, cell: { ...p.cell, text: LOW_MARK, reading: '8', status: 'low', confidence: 50 } };
  // Unsure of a garbled reading, or sure of one a character or two off.
  const text = garble(rng, p.cell.text);
  return { ...p, cell: { ...p.cell, text, reading: text, confidence: rng.chance(0.5) ? 30 : 85 } };
}

describe('row labels placed by position', () => {
  it('finds every data row and its label cell in both templates', () => {
    for (let seed = 1; seed <= 30; seed++) {
      for (const table of ['active', 'requests'] as const) {
        const { labels } = ocrTable(seed, table);
        const report = generateReport(seed, {
          dense: seed % 2 === 0,
          template: seed % 3 === 0 ? '2019' : '2021',
        });
        const rows = new Set(
          buildableOf(report)
            .cells.filter((c) => c.table === table)
            .map((c) => c.row),
        );
        expect(labels.length, `seed ${seed} ${table}`).toBe(rows.size);
        // Labels read right: nothing to place.
        expect(relabelRows(ocrTable(seed, table).placed).size).toBe(0);
      }
    }
  });

  it('a misread label between rows read right gets its own row label back', () => {
    let placedBack = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rng = mulberry32(seed * 31);
      for (const table of ['active', 'requests'] as const) {
        const { placed, labels } = ocrTable(seed, table);
        const target = labels[rng.int(0, labels.length - 1)]!;
        const bad = misread(rng, target);
        const damaged = placed.map((p) => (p === target ? bad : p));
        const got = relabelRows(damaged);
        expect(got.size).toBeLessThanOrEqual(1);
        for (const [cell, label] of got) {
          expect(cell).toBe(bad.cell);
          expect(rowKey(table, label), `seed ${seed} ${table}: "${cell.text}"`).toBe(
            rowKey(table, target.cell.text),
          );
        }
        if (got.size === 1) placedBack++;
      }
    }
    // Most single misreads are placed (a garbling that is another template label, or an
    // optional subtotal row whose presence the count cannot tell, stays as read).
    expect(placedBack).toBeGreaterThan(90);
  });

  it('never gives a row another row’s label: rows lost, rows added, many labels misread', () => {
    let placedBack = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rng = mulberry32(seed * 7 + 3);
      for (const table of ['active', 'requests'] as const) {
        const { placed, labels } = ocrTable(seed, table);
        const truth = new Map(labels.map((l) => [l.row, l.cell.text]));
        // Labels misread, and values read as words (`雇` for a digit on a noisy scan).
        let damaged = placed.map((p) =>
          labels.includes(p) && rng.chance(0.3)
            ? misread(rng, p)
            : p.cell.status === 'value' && rng.chance(0.1)
              ? { ...p, cell: { ...p.cell, text: '雇', reading: '雇', status: 'text' as const } }
              : p,
        );
        // A data row lost (a ruling not found merges it away).
        if (rng.chance(0.5)) {
          const lost = labels[rng.int(0, labels.length - 1)]!.row;
          damaged = damaged.filter((p) => p.row !== lost);
        }
        // A row added: blank (a seal's ring read as a ruling cuts a row in two), or a row of
        // values under a word the template does not print (an agency's own row).
        if (rng.chance(0.6)) {
          const after = labels[rng.int(0, labels.length - 1)]!;
          const row = after.row + 0.5;
          const blank = rng.chance(0.5);
          const own = rng.pick(['地方性法规', '其他说明', '行政确认', '本机关']);
          const stray = damaged
            .filter((p) => p.row === after.row && p.rowSpan === 1)
            .map((p): Placed => {
              const label = p.col === after.col;
              const text = blank ? '' : label ? own : '1';
              const status = blank ? 'blank' : label ? 'text' : 'value';
              return { ...p, row, cell: { ...p.cell, text, reading: text, status } };
            });
          damaged = [...damaged, ...stray].sort((a, b) => a.row - b.row || a.col - b.col);
        }
        for (const [cell, label] of relabelRows(damaged)) {
          const p = damaged.find((x) => x.cell === cell)!;
          expect(rowKey(table, label), `seed ${seed} ${table} row ${p.row} read "${cell.text}"`).toBe(
            rowKey(table, truth.get(p.row)!),
          );
          placedBack++;
        }
      }
    }
    expect(placedBack).toBeGreaterThan(50);
  });

  it('a value read as a word is an unreadable value, a header or label never is', () => {
    let found = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const rng = mulberry32(seed * 13);
      for (const table of ['active', 'requests'] as const) {
        const { placed } = ocrTable(seed, table);
        const values = placed.filter((p) => p.cell.status === 'value');
        const word = new Set(values.filter(() => rng.chance(0.08)).map((p) => p.cell));
        const damaged = placed.map((p) =>
          word.has(p.cell)
            ? { ...p, cell: { ...p.cell, text: '雇', reading: '雇', status: 'text' as const } }
            : p,
        );
        const got = misreadValues(damaged);
        const wordCells = damaged.filter((p) => p.cell.text === '雇').map((p) => p.cell);
        for (const c of got) expect(wordCells, `seed ${seed} ${table}: "${c.text}"`).toContain(c);
        found += got.size;
        // Only a row of a single value that is misread, and whose label is misread too, escapes.
        expect(got.size).toBeGreaterThanOrEqual(wordCells.length - 2);
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});
