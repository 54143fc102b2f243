/** Blank cells of PDF layout text placed by where the values are printed, only when certain. */
import { describe, expect, it } from 'vitest';
import { type PlacedRow, placeBlanks } from '../../../extractors/wrapped-columns.ts';

const row = (texts: string[], spans: [number, number][], cols = 'a,b,c'): PlacedRow => ({
  cols,
  n: 3,
  values: texts.map((text, col) => ({ text, row: 0, col })),
  spans,
});
const texts = (r: PlacedRow['values'] | null) => r?.map((c) => c.text) ?? null;

describe('placeBlanks', () => {
  const full = row(
    ['12', '0', '31'],
    [
      [10, 11],
      [21, 21],
      [30, 31],
    ],
  );

  it('puts a short row’s values under the columns the full rows print at, blanks between', () => {
    const short = row(
      ['6', '38'],
      [
        [21, 21],
        [30, 31],
      ],
    );
    expect(texts(placeBlanks(short, [full, short]))).toEqual(['', '6', '38']);
    const first = row(['5'], [[11, 11]]);
    expect(texts(placeBlanks(first, [full, first]))).toEqual(['5', '', '']);
  });

  it('leaves the row short when a value sits between two columns', () => {
    const short = row(
      ['6', '38'],
      [
        [16, 16],
        [30, 31],
      ],
    );
    expect(placeBlanks(short, [full, short])).toBeNull();
  });

  it('leaves the row short when the full rows disagree on where a column is', () => {
    const other = row(
      ['1', '2', '3'],
      [
        [14, 14],
        [21, 21],
        [31, 31],
      ],
    );
    const short = row(
      ['6', '38'],
      [
        [21, 21],
        [30, 31],
      ],
    );
    expect(placeBlanks(short, [full, other, short])).toBeNull();
  });

  it('compares only rows of the same columns, and needs one full row', () => {
    const short = row(
      ['6', '38'],
      [
        [21, 21],
        [30, 31],
      ],
      'x,y,z',
    );
    expect(placeBlanks(short, [full, short])).toBeNull();
  });
});
