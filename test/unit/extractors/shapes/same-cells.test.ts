/**
 * One report, every shape, identical cells (architecture.md): each case is rendered in every
 * shape of input-formats.md and must extract to the same values (and null-ness) and templates.
 * Raw text is not compared: a shape may print a blank as `—` (pdf-text).
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { diffCells } from '../../../support/compare.ts';
import { expectedCells, expectedShortRows } from '../../../support/generate.ts';
import { SHAPES } from '../../../support/render/index.ts';
import { shapeCases } from './cases.ts';

const cases = shapeCases();

describe.each(Object.entries(SHAPES))('shape %s', (_shape, render) => {
  it.each(cases)('$name: same cells and templates', ({ report }) => {
    const record = extractText(render(report));
    expect(record.templates).toEqual(report.templates);
    // A short row is an error (status partial); blanks, subtotals and label noise are not.
    expect(record.status).toBe(report.omitted?.length ? 'partial' : 'ok');
    expect(diffCells(record.cells, expectedCells(report), { shortRows: expectedShortRows(report) })).toEqual(
      [],
    );
  });
});
