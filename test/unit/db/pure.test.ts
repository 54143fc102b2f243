import { describe, expect, it } from 'vitest';
import { agencyKey, regionFromName } from '../../../db/agency-key.ts';
import { canonicalJson, cellBlock, cellLinesFor, recordHash } from '../../../db/content-hash.ts';
import { copyLine } from '../../../db/copy-text.ts';
import { displayWidth, toCsv, toTable } from '../../../db/format.ts';
import { KEY_FIGURE_COLUMNS, keyFigures } from '../../../db/key-figures.ts';
import { firstKeyword } from '../../../db/read-only.ts';
import { makeRecord } from '../../integration/db/fixtures/make-record.ts';

describe('agencyKey', () => {
  it('folds the drift between 市场监管分局 and 市场监督管理局', () => {
    expect(agencyKey('区市场监管分局')).toBe(agencyKey('区市场监督管理局'));
    expect(agencyKey('赣州经开区 市场监督管理局（知识产权局）')).toBe(agencyKey('赣州经开区市场监管局'));
    expect(agencyKey('聊城市市场监督管理局')).toBe('聊城市市场监管局');
  });
  it('keeps different agencies apart and blank names out', () => {
    expect(agencyKey('区教育局')).not.toBe(agencyKey('区市场监管局'));
    expect(agencyKey('  ')).toBeNull();
    expect(agencyKey(null)).toBeNull();
  });
  it('reads full-width characters as their ASCII forms', () => {
    expect(agencyKey('ＡＢ区教育局')).toBe(agencyKey('AB区教育局'));
  });
});

describe('regionFromName', () => {
  it.each([
    ['赣州经开区机关事务管理中心', '赣州经开区'],
    ['聊城市市场监督管理局', '聊城市'],
    ['南通市海门区市场监督管理局', '南通市海门区'],
    ['江西省赣州市章贡区人民政府', '江西省赣州市章贡区'],
    ['区市场监管分局', null],
    ['市场监管局', null],
  ])('%s → %s', (name, region) => {
    expect(regionFromName(name)).toBe(region);
  });
});

describe('copyLine', () => {
  it('escapes COPY text specials and writes NULL as \\N', () => {
    expect(copyLine([1, 'a\tb', 'c\\d\ne', null, 2.5])).toBe('1\ta\\tb\tc\\\\d\\ne\t\\N\t2.5\n');
    expect(copyLine([Number.NaN])).toBe('\\N\n');
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: null }] })).toBe(
      canonicalJson({ a: [{ x: null, y: 2 }], b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe('format', () => {
  it('writes CSV with BOM, quoting what needs it', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        { a: '聊城,市', b: 'say "hi"' },
        { a: null, b: 3 },
      ],
      { bom: true },
    );
    expect(csv).toBe('\uFEFFa,b\r\n"聊城,市","say ""hi"""\r\n,3\r\n');
  });
  it('aligns CJK columns by display width', () => {
    expect(displayWidth('聊城a')).toBe(5);
    const t = toTable(
      ['agency', 'n'],
      [
        { agency: '聊城', n: 1 },
        { agency: 'abcdef', n: 22 },
      ],
    ).split('\n');
    expect(t[0]).toBe('agency | n');
    expect(t[2]).toBe('聊城   | 1');
    expect(t[4]).toBe('(2 rows)');
  });
});

describe('firstKeyword', () => {
  it('skips comments and parentheses', () => {
    expect(firstKeyword('  -- c\n/* d */ ( select 1)')).toBe('SELECT');
    expect(firstKeyword('commit')).toBe('COMMIT');
    expect(firstKeyword(';')).toBe('');
  });
});

describe('keyFigures', () => {
  it('takes carry-over totals always and stock figures only from the 2021 active template', () => {
    const r2021 = makeRecord({
      agency: 'x',
      year: 2022,
      template: '2021',
      overrides: {
        'requests.carried_over.total': 3,
        'active.regulations.in_force': 9,
        'active.normative_docs.issued': null,
      },
    });
    const f = Object.fromEntries(KEY_FIGURE_COLUMNS.map((k, i) => [k, keyFigures(r2021)[i]]));
    expect(f).toMatchObject({ carried_over: 3, regulations_in_force: 9, normative_issued: null });
    const r2019 = makeRecord({
      agency: 'x',
      year: 2020,
      template: '2019',
      overrides: { 'requests.carried_forward.total': 5 },
    });
    const g = keyFigures(r2019);
    expect(g[1]).toBe(5);
    expect(g.slice(2)).toEqual([null, null, null, null, null, null]);
  });
});

describe('recordHash', () => {
  it('changes with any stored value, cell provenance included', () => {
    const a = makeRecord({ agency: 'x', year: 2020 });
    const b = makeRecord({ agency: 'x', year: 2020, overrides: { 'appeals.cases.review_total': 99 } });
    expect(recordHash(a)).not.toBe(recordHash(b));
    expect(recordHash(a)).toBe(recordHash(makeRecord({ agency: 'x', year: 2020 })));
    const withSource = {
      ...a,
      cells: a.cells.map((c, i) => ({ ...c, source: { table_index: 0, row: i, col: 0 } })),
    };
    // Positions are stored (report_cells.source_*): a re-extraction that only moves them is a change.
    expect(recordHash(withSource)).not.toBe(recordHash(a));
    const tab = { ...a, cells: a.cells.map((c, i) => (i === 0 ? { ...c, raw: 'a\tb' } : c)) };
    expect(cellBlock(tab).split('\n')[0]).toContain('a\\tb');
    expect(recordHash(tab)).not.toBe(recordHash(a));
  });
});

describe('cellLinesFor', () => {
  it('gives each cell its own COPY line with the report id, whatever its raw text holds', () => {
    const a = makeRecord({ agency: 'x', year: 2021 });
    const nasty = ['a\tb', 'line\n\tnext', 'back\\slash\r', '\t', ''];
    const cells = a.cells.map((c, i) => (i < nasty.length ? { ...c, raw: nasty[i]! } : c));
    // Odd keys and missing values take the same escaping as raw text.
    cells.push({ ...a.cells[0]!, row: 'odd\trow\\', col: 'c\nol', value: null, raw: '无' });
    cells.push({ ...a.cells[0]!, value: 0.5, raw: '0.5' });
    const r = { ...a, cells };
    const expected = r.cells
      .map((c) =>
        copyLine([
          42,
          c.table,
          c.row,
          c.col,
          c.value,
          c.raw,
          c.source?.table_index,
          c.source?.row,
          c.source?.col,
        ]),
      )
      .join('');
    expect(cellLinesFor(42, cellBlock(r))).toBe(expected);
    expect(cellLinesFor(42, cellBlock(r)).split('\n')).toHaveLength(r.cells.length + 1);
    expect(cellLinesFor(42, '')).toBe('');
  });
});
