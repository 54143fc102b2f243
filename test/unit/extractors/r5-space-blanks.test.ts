/**
 * PDF text whose rows hold blank markers (`0 / 9`, `4 — 6`, `无`) or one value (2021 rows):
 * those lines are table rows, so the section reads as space rows, not as one cell per line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { detectShape } from '../../../extractors/tokenize/index.ts';

const text = readFileSync(join(import.meta.dirname, 'fixtures', 'r5', 'space-blanks-2021.txt'), 'utf8');
const value = (r: ReturnType<typeof extractText>, row: string, col: string) =>
  r.cells.find((c) => c.table === 'active' && c.row === row && c.col === col);

describe('space rows with blank markers', () => {
  it('detects the active section as space rows', () => {
    const lines = text.split('\n');
    const from = lines.findIndex((l) => l.startsWith('二、'));
    const to = lines.findIndex((l) => l.startsWith('三、'));
    expect(detectShape(lines.slice(from + 1, to))).toBe('space-rows');
  });

  it('reads every active row, blanks as blanks', () => {
    const r = extractText(text);
    expect(r.templates.active).toBe('2021');
    expect(value(r, 'regulations', 'issued')?.value).toBe(0);
    expect(value(r, 'regulations', 'repealed')?.raw).toBe('/');
    expect(value(r, 'regulations', 'in_force')?.value).toBe(9);
    expect(value(r, 'normative_docs', 'issued')?.value).toBe(4);
    expect(value(r, 'normative_docs', 'in_force')?.value).toBe(6);
    expect(value(r, 'licensing', 'decisions')?.value).toBe(16);
    expect(value(r, 'penalty', 'decisions')?.value).toBe(7);
    expect(value(r, 'coercion', 'decisions')?.raw).toBe('无');
    expect(value(r, 'fees', 'amount_yuan')?.value).toBe(25000); // 2.5 万元, stored in yuan
    const activeFindings = r.findings.filter((f) => f.table === 'active');
    expect(activeFindings).toEqual([]);
  });

  it('a prose line ending in a number is not a row', () => {
    expect(detectShape(['本年度共受理各类申请，具体情况如下所述，办理件数合计为 5', '其余为说明文字'])).toBe(
      'lines',
    );
  });
});
