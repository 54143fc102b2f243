/** The bench's own instruments: the generator and the renderers must be right before they judge the extractor. */
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../../extractors/templates/index.ts';
import { expectedCells, generateReport } from '../../../support/generate.ts';
import { goldenToReport, loadGoldens } from '../../../support/golden.ts';
import { identityFindingKeys } from '../../../support/identities.ts';
import { renderDetailPage, renderTableHtml, SHAPES } from '../../../support/render/index.ts';

const many = Array.from({ length: 300 }, (_, i) => generateReport(i));

describe('generateReport', () => {
  it('is deterministic from the seed', () => {
    expect(generateReport(42)).toEqual(generateReport(42));
    expect(generateReport(42)).not.toEqual(generateReport(43));
  });

  it('picks the template from the year unless forced', () => {
    for (const r of many) expect(r.templates.requests).toBe(r.meta.year >= 2021 ? '2021' : '2019');
    expect(generateReport(7, { year: 2023, template: '2019' }).templates).toEqual({
      active: '2019',
      requests: '2019',
      appeals: '2019',
    });
    expect(new Set(many.map((r) => r.meta.year))).toEqual(new Set([2019, 2020, 2021, 2022, 2023, 2024]));
  });

  it('satisfies every identity when consistent and breaks some when not', () => {
    for (const r of many) expect(identityFindingKeys(r)).toEqual([]);
    for (let s = 0; s < 100; s++)
      expect(identityFindingKeys(generateReport(s, { consistent: false })).length).toBeGreaterThan(0);
  });

  it('has realistic numbers: mostly small, some zeros, a few large, money with decimals', () => {
    const values = many
      .flatMap((r) => expectedCells(r))
      .map((c) => c.value)
      .filter((v): v is number => v !== null);
    const zeros = values.filter((v) => v === 0).length / values.length;
    expect(zeros).toBeGreaterThan(0.4);
    expect(values.filter((v) => v > 1000).length).toBeGreaterThan(10);
    expect(values.some((v) => !Number.isInteger(v))).toBe(true);
    expect(values.filter((v) => v < 0).every((v) => v > -100)).toBe(true);
  });

  it('lists every template cell', () => {
    for (const r of many.slice(0, 20)) {
      const v = r.templates.requests;
      const n = (['active', 'requests', 'appeals'] as const)
        .map((t) =>
          TEMPLATES[t][v].rows.filter((row) => !row.optional).reduce((s, row) => s + row.cols.length, 0),
        )
        .reduce((a, b) => a + b, 0);
      expect(expectedCells(r)).toHaveLength(n);
    }
  });
});

describe('renderers', () => {
  const reports = [...many.slice(0, 10), ...loadGoldens().map(({ golden }, i) => goldenToReport(golden, i))];

  it.each(Object.keys(SHAPES))('%s prints every non-blank cell and all six sections', (shape) => {
    for (const r of reports) {
      const text = SHAPES[shape]!(r);
      for (const c of expectedCells(r)) if (c.raw !== '') expect(text).toContain(c.raw);
      for (const h of [
        '总体情况',
        '主动公开政府信息情况',
        '收到和处理政府信息公开申请情况',
        '存在的主要问题及改进情况',
        '其他需要报告的事项',
      ])
        expect(text).toContain(h);
    }
  });

  it('html: real tables whose spans cover a full grid', () => {
    const r = many[3]!;
    const $ = cheerio.load(
      renderDetailPage(r, { indexNo: 'X-1', attachments: [{ href: 'a.docx', title: '附件1' }] }),
    );
    expect($('#zoom table')).toHaveLength(3);
    expect($('.xxgk-meta').text()).toContain('X-1');
    expect($('.attachments a').attr('href')).toBe('a.docx');
    const $t = cheerio.load(renderTableHtml(r, 'requests'));
    // Count grid positions row by row, rowspans included: every row must fill the 10 columns.
    const carry: number[] = [];
    $t('tr').each((i, tr) => {
      let width = carry.filter((end) => end > i).length;
      $t(tr)
        .find('td')
        .each((_, td) => {
          const cs = Number($t(td).attr('colspan') ?? 1);
          const rs = Number($t(td).attr('rowspan') ?? 1);
          width += cs;
          for (let k = 0; k < cs; k++) carry.push(i + rs);
        });
      expect(width, `row ${i}`).toBe(10);
    });
  });
});
