/**
 * Traditional characters (extractors/script.ts): headings, labels, header units and blank
 * markers match after conversion, raws stay as printed, and simplified pages never go through
 * the converter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Converter } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { hasTraditional, simplified, withScriptOf } from '../../../extractors/script.ts';
import { diffCells } from '../../support/compare.ts';
import { expectedCells, generateReport } from '../../support/generate.ts';
import { SHAPES } from '../../support/render/index.ts';

const toTw = Converter({ from: 'cn', to: 'tw' });
const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');

describe('traditional characters', () => {
  it('converts the words issue 12 names, for matching only', () => {
    expect(hasTraditional('主動公開 規章 本年制發件數 萬元 行政處罰')).toBe(true);
    // Outside an extraction nothing is converted.
    expect(simplified('萬元')).toBe('萬元');
    withScriptOf('規章', () => {
      expect(simplified('主動公開 規章 本年制發件數 萬元 行政處罰 無')).toBe(
        '主动公开 规章 本年制发件数 万元 行政处罚 无',
      );
    });
  });

  it('finds nothing to convert in the simplified seeds and generated reports', () => {
    for (const f of readdirSync(SEEDS).filter((x) => x.endsWith('.txt')))
      expect(hasTraditional(readFileSync(join(SEEDS, f), 'utf8')), f).toBe(false);
    for (let i = 0; i < 20; i++) expect(hasTraditional(SHAPES.html!(generateReport(i)))).toBe(false);
  });

  it('reads a report printed in traditional characters, raws as printed', () => {
    for (let seed = 0; seed < 12; seed++) {
      const report = generateReport(seed, { year: 2022, dense: seed % 2 === 0 });
      // A blank marker and a money cell with its unit, to see them come back as printed.
      report.values.active.licensing!.decisions = null;
      report.raws = { ...report.raws, active: { ...report.raws?.active, licensing: { decisions: '无' } } };
      report.values.active.fees!.amount_yuan = 12765534;
      report.raws.active!.fees = { amount_yuan: '1276.5534万元' };
      const shape = Object.keys(SHAPES)[seed % Object.keys(SHAPES).length]!;
      const record = extractText(toTw(SHAPES[shape]!(report)));
      expect(diffCells(record.cells, expectedCells(report)), shape).toEqual([]);
      expect(record.templates, shape).toEqual(report.templates);
      const cell = (row: string, col: string) => record.cells.find((c) => c.row === row && c.col === col)!;
      expect(cell('licensing', 'decisions').raw).toBe('無');
      expect(cell('fees', 'amount_yuan').raw).toBe('1276.5534萬元');
    }
  });
});
