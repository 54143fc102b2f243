/**
 * PDF made by LibreOffice: narrow adjacent number columns come out as one cell (`… | 0 | 0 0 4`).
 * A short row is split back only when its all-number cells give exactly the column count.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';
import { fitValues } from '../../../extractors/match.ts';
import type { TokCell } from '../../../extractors/tokenize/index.ts';

const cellsOf = (...texts: string[]): TokCell[] => texts.map((text, col) => ({ text, row: 0, col }));
const texts = (cs: TokCell[]) => cs.map((c) => c.text);

describe('merged number cells', () => {
  it('splits a cell of numbers when that gives the column count', () => {
    expect(texts(fitValues(cellsOf('3', '1', '0', '0', '0 0 4'), 7))).toEqual([
      '3',
      '1',
      '0',
      '0',
      '0',
      '0',
      '4',
    ]);
  });

  it('keeps the row short when the split does not fit exactly', () => {
    expect(texts(fitValues(cellsOf('3', '1', '0 0', '4'), 7))).toEqual(['3', '1', '0 0', '4']);
    expect(texts(fitValues(cellsOf('3', '1', '0 0 0 0 0 4'), 7))).toEqual(['3', '1', '0 0 0 0 0 4']);
  });

  it('never splits a cell that is not plain numbers, nor a full row', () => {
    expect(texts(fitValues(cellsOf('3', '1', '0', '0', '0 无 4'), 7))).toEqual([
      '3',
      '1',
      '0',
      '0',
      '0 无 4',
    ]);
    expect(texts(fitValues(cellsOf('1 2', '3'), 2))).toEqual(['1 2', '3']);
  });

  it('reads the LibreOffice PDF of seed 001 without short rows', async () => {
    const bytes = new Uint8Array(
      readFileSync(resolve(import.meta.dirname, '../../fixtures/documents/sweep-001.pdf')),
    );
    const r = await extractBytes(bytes, { filename: 'sweep-001.pdf' });
    expect(r.findings.map((f) => `${f.code} ${f.row}`)).toEqual([]);
    const row = (t: string, k: string) =>
      r.cells.filter((c) => c.table === t && c.row === k).map((c) => c.value);
    expect(row('requests', 'new_received')).toEqual([3, 1, 0, 0, 0, 0, 4]);
    expect(row('requests', 'handled_total')).toEqual([3, 1, 0, 0, 0, 0, 4]);
    expect(row('appeals', 'cases')).toEqual([1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
