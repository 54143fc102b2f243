/**
 * The money column's unit when the header is wrapped: `采购总金额` / `（万元）` on two lines, or
 * `（单位：元）` in a header row/cell of its own. Each case renders a generated report in one
 * shape, moves the unit out of the header cell, and checks the amount is read in that unit.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import type { ReportRecord } from '../../../extractors/record.ts';
import { generateReport } from '../../support/generate.ts';
import { SHAPES } from '../../support/render/index.ts';

type Edit = (text: string) => string;

/** Replace exactly one occurrence (a renderer change must fail the test, not skip the case). */
const once =
  (from: string, to: string): Edit =>
  (text) => {
    const i = text.indexOf(from);
    expect(i, `"${from}" in the rendered report`).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(from, i + 1)).toBe(-1);
    return text.slice(0, i) + to + text.slice(i + from.length);
  };

const SPAN = '<span style="font-family:宋体;font-size:14px">';
const htmlCell = (t: string, colspan = 1) =>
  `<td${colspan > 1 ? ` colspan="${colspan}"` : ''} valign="center"><p>${SPAN}${t}</span></p></td>`;

// 2019: the header says 采购总金额 with no unit (yuan by default); the moved unit says 万元.
const CASES_2019: Array<[shape: string, edit: Edit]> = [
  ['pipe', once('采购总金额 | |\n', '采购总金额 | |\n | | （万元） | |\n')],
  ['pipe-fullwidth', once('采购总金额 ｜ ｜\n', '采购总金额 ｜ ｜\n ｜ ｜ （万元） ｜ ｜\n')],
  ['markdown', once('采购总金额 |  |\n', '采购总金额 |  |\n|  |  | （万元） |  |\n')],
  ['cell-per-line-tab', once('\t采购总金额\n', '\t采购总金额\n\t（万元）\n')],
  ['cell-per-line-bar', once('采购总金额 |\n', '采购总金额 |\n（万元） |\n')],
  ['brackets', once('[采购总金额]\n', '[采购总金额]\n[][][（万元）]\n')],
  ['pdf-text', once('采购总金额\n', '采购总金额\n（万元）\n')],
  [
    'html',
    once(
      `${SPAN}采购总金额</span></p></td></tr>`,
      `${SPAN}采购总金额</span></p></td></tr>\n<tr>${htmlCell('')}${htmlCell('')}${htmlCell('（单位：万元）', 2)}</tr>`,
    ),
  ],
  ['html', once(`${SPAN}采购总金额</span></p>`, `${SPAN}采购总金额</span></p><p>（万元）</p>`)],
];

// 2021: the template's header states 万元; a wrapped `（单位：元）` must win over that default.
const CASES_2021: Array<[shape: string, edit: Edit]> = [
  ['pipe', once('本年收费金额（单位：万元） | ||\n', '本年收费金额 | ||\n | （单位：元） | ||\n')],
  [
    'markdown',
    once('本年收费金额（单位：万元） |  |  |\n', '本年收费金额 |  |  |\n|  | （单位：元） |  |  |\n'),
  ],
  ['pdf-text', once('本年收费金额（单位：万元）\n', '本年收费金额\n（单位：元）\n')],
  ['html', once('本年收费金额（单位：万元）', '本年收费金额<br>（单位：元）')],
];

function amount(record: ReportRecord) {
  const cells = record.cells.filter((c) => c.table === 'active' && c.col === 'amount_yuan');
  expect(cells).toHaveLength(1);
  return cells[0] as (typeof cells)[number];
}

function check(template: '2019' | '2021', cases: Array<[string, Edit]>, unitFactor: number) {
  cases.forEach(([shape, edit], k) => {
    it(`${template} ${shape} #${k}: the wrapped unit is read`, () => {
      // Seeds where the amount is a plain non-zero number, so the unit matters.
      let seed = 11 + k;
      let report = generateReport(seed, { template });
      while (!/^(?!0+(?:\.0+)?$)\d+(?:\.\d+)?$/.test(String(amount(extractText(SHAPES[shape]!(report))).raw)))
        report = generateReport(++seed, { template });
      const plain = amount(extractText(SHAPES[shape]!(report)));
      const record = extractText(edit(SHAPES[shape]!(report)));
      const cell = amount(record);
      expect(cell.raw).toBe(plain.raw);
      expect(cell.value).toBe(Math.round(Number(cell.raw) * unitFactor * 100) / 100);
      expect(record.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  });
}

describe('money header unit split from the header cell', () => {
  check('2019', CASES_2019, 10_000);
  check('2021', CASES_2021, 1);
});
