import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemsToLines, type PdfTextItem } from '../../../extractors/documents/index.ts';

const item: fc.Arbitrary<PdfTextItem> = fc.record({
  str: fc.string({ unit: fc.constantFrom(...'规章行政许可0123456789无+- '.split('')), maxLength: 12 }),
  x: fc.double({ min: 0, max: 600, noNaN: true }),
  y: fc.double({ min: 0, max: 800, noNaN: true }),
  width: fc.double({ min: 0, max: 150, noNaN: true }),
  height: fc.constantFrom(0, 8, 9, 10.5, 12, 16),
});

const chars = (s: string) => [...s.replace(/[\s|]/g, '')].sort().join('');

describe('itemsToLines on arbitrary layouts', () => {
  it('loses no character and invents none (only separators and blanks are added)', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), (items) => {
        const lines = itemsToLines(items);
        expect(chars(lines.join('\n'))).toBe(chars(items.map((i) => i.str).join('')));
        for (const l of lines) expect(l).not.toContain('\n');
      }),
      { numRuns: 300 },
    );
  });
});
