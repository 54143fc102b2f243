import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbInputError } from '../../../db/errors.ts';
import { cellIssue, validateLoadItem } from '../../../db/validate.ts';
import { Cell } from '../../../extractors/record.ts';
import { makeRecord } from '../../integration/db/fixtures/make-record.ts';

/** Values near the edges of each field's type, mixed with anything at all. */
const edgy = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    0,
    -0,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    2 ** 53 - 1,
    '',
    'active',
    'requests',
    'appeals',
    'Active',
    [],
    {},
  ),
  fc.anything(),
);
const validCell = fc.record(
  {
    table: fc.constantFrom('active', 'requests', 'appeals'),
    row: fc.string(),
    col: fc.string(),
    value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null)),
    raw: fc.string(),
    source: fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.record({ table_index: fc.maxSafeInteger(), row: fc.integer(), col: fc.nat() }),
    ),
  },
  { requiredKeys: ['table', 'row', 'col', 'value', 'raw'] },
);
const FIELDS = ['table', 'row', 'col', 'value', 'raw', 'source'] as const;
const SOURCE_FIELDS = ['table_index', 'row', 'col'] as const;
/** A valid cell with one field (or one field of its source) replaced by an edge value or removed. */
const mutatedCell = fc
  .tuple(
    validCell,
    fc.constantFrom(...FIELDS, ...SOURCE_FIELDS.map((f) => `source.${f}`)),
    edgy,
    fc.boolean(),
  )
  .map(([cell, field, value, remove]) => {
    const c: Record<string, unknown> = { ...cell };
    if (field.startsWith('source.')) {
      const src: Record<string, unknown> = { table_index: 0, row: 0, col: 0 };
      const k = field.slice('source.'.length);
      if (remove) delete src[k];
      else src[k] = value;
      c.source = src;
    } else if (remove) delete c[field];
    else c[field] = value;
    return c;
  });
const cellLike = fc.oneof(validCell, mutatedCell, mutatedCell, edgy);

describe('cellIssue', () => {
  it('accepts exactly what the zod Cell schema accepts', () => {
    fc.assert(
      fc.property(cellLike, (c) => {
        expect(cellIssue(c) === null).toBe(Cell.safeParse(c).success);
      }),
      { numRuns: 20_000 },
    );
  });

  it('names the field that is wrong', () => {
    const ok = { table: 'active', row: 'r', col: 'c', value: 1, raw: '1' };
    expect(cellIssue(ok)).toBeNull();
    expect(cellIssue({ ...ok, value: Number.NaN })).toMatch(/^value:/);
    expect(cellIssue({ ...ok, table: 'other' })).toMatch(/^table:/);
    expect(cellIssue({ ...ok, source: { table_index: 0, row: 1.5, col: 0 } })).toMatch(/^source\.row:/);
    expect(cellIssue([ok])).toBe('expected an object');
  });
});

describe('validateLoadItem', () => {
  const ctx = { sourceUrl: 'http://t/r.html', extractorVersion: 'v' };
  it('passes a generated record and rejects a bad cell, naming the URL and the cell', () => {
    const record = makeRecord({ agency: 'x', year: 2021 });
    expect(() => validateLoadItem({ record, ctx }, 0)).not.toThrow();
    const cells = record.cells.map((c, i) => (i === 7 ? { ...c, value: '12' as never } : c));
    const bad = () => validateLoadItem({ record: { ...record, cells }, ctx }, 0);
    expect(bad).toThrow(DbInputError);
    expect(bad).toThrow(
      'load http://t/r.html: invalid record at cells.7: value: expected a finite number or null',
    );
  });

  it('still checks the rest of the record with zod', () => {
    const record = makeRecord({ agency: 'x', year: 2021 });
    expect(() => validateLoadItem({ record: { ...record, status: 'weird' as never }, ctx }, 0)).toThrow(
      /invalid record at status/,
    );
    expect(() => validateLoadItem({ record: { ...record, cells: {} as never }, ctx }, 0)).toThrow(
      'invalid record at cells: expected an array',
    );
  });
});
