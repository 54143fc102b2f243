/** Property: any generated report × any shape → the generated cells, exactly. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { diffCells } from '../../../support/compare.ts';
import { expectedCells, generateReport } from '../../../support/generate.ts';
import { SHAPES } from '../../../support/render/index.ts';

it('random report × random shape → same cells', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom(...Object.keys(SHAPES)),
      fc.boolean(),
      fc.boolean(),
      (seed, shape, forceOld, subtotals) => {
        const report = generateReport(seed, {
          subtotals,
          ...(forceOld ? { template: '2019' as const } : {}),
        });
        const record = extractText(SHAPES[shape]!(report));
        expect(diffCells(record.cells, expectedCells(report))).toEqual([]);
        expect(record.templates).toEqual(report.templates);
      },
    ),
    { numRuns: 150 },
  );
});
