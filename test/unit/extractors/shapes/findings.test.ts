/**
 * The identity findings (balance, row_sum, handled_sum, appeals.total) follow the numbers, not
 * the shape: consistent reports raise none, perturbed ones raise exactly what the values break,
 * in every shape. Consistent reports with every cell present are `ok`.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { findingKeys } from '../../../support/compare.ts';
import { generateReport } from '../../../support/generate.ts';
import { IDENTITY_CODES, identityFindingKeys } from '../../../support/identities.ts';
import { SHAPES } from '../../../support/render/index.ts';

const consistent = Array.from({ length: 6 }, (_, i) => generateReport(2000 + i));
const broken = Array.from({ length: 6 }, (_, i) => generateReport(3000 + i, { consistent: false }));

describe.each(Object.entries(SHAPES))('shape %s', (_shape, render) => {
  it('consistent reports: no identity findings, no errors, status ok', () => {
    for (const report of consistent) {
      const record = extractText(render(report));
      const identity = record.findings.filter((f) => IDENTITY_CODES.includes(f.code));
      expect(identity.map((f) => `${f.code} ${f.row ?? ''} ${f.col ?? ''}`)).toEqual([]);
      expect(record.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(record.status).toBe('ok');
    }
  });

  it('perturbed reports: exactly the broken identities', () => {
    for (const report of broken) {
      const expected = identityFindingKeys(report);
      expect(expected.length).toBeGreaterThan(0);
      const record = extractText(render(report));
      const actual = findingKeys(record.findings.filter((f) => IDENTITY_CODES.includes(f.code)));
      expect(actual).toEqual(expected);
    }
  });
});
