/**
 * .doc (and .wps) from LibreOffice: word-extractor gives a table's rows on one tab-separated line
 * and glues the next heading onto the last row. Rows are rebuilt at tab runs before words.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitTableRows } from '../../../extractors/documents/doc.ts';
import { extractBytes } from '../../../extractors/index.ts';

const bytes = new Uint8Array(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/documents/sweep-001.doc')),
);
const cells = (r: Awaited<ReturnType<typeof extractBytes>>, table: string, row: string) =>
  r.cells.filter((c) => c.table === table && c.row === row).map((c) => c.value);

describe('.doc table rows', () => {
  it('reads the requests total and the appeals row apart', async () => {
    const r = await extractBytes(bytes, { filename: 'sweep-001.doc' });
    expect(r.findings.map((f) => f.code)).toEqual([]);
    expect(r.status).toBe('ok');
    expect(cells(r, 'requests', 'handled_total')).toEqual([3, 1, 0, 0, 0, 0, 4]);
    expect(cells(r, 'requests', 'carried_forward')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(cells(r, 'appeals', 'cases')).toEqual([1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('breaks at a tab run before words, not before values or blank markers', () => {
    expect(splitTableRows('甲\t1\t2\t\t\t四、标题\n')).toBe('甲\t1\t2\t\n四、标题\n');
    expect(splitTableRows('甲\t1\t\t2\t\t—\t\t无\t')).toBe('甲\t1\t\t2\t\t—\t\t无\t');
    expect(splitTableRows('(一)予以公开\t2\t2\t\t(二)部分公开\t0')).toBe(
      '(一)予以公开\t2\t2\t\n(二)部分公开\t0',
    );
  });
});
