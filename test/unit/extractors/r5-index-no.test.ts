/**
 * The portal metadata row above the title (`索引号 | 公开方式 | 发布机构` over its values) in every
 * separator a converted report uses: the index number is the one token under 索引号.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { metaFromHeaderRow, metaFromLines } from '../../../extractors/page-meta.ts';

const NO = '11620602MB161547XN/2021-02130';
const AGENCY = '凉州区市场监督管理局';
const variants: Array<[string, string[]]> = [
  ['pipes', ['索引号 | 公开方式 | 发布机构', `${NO} | 主动公开 | ${AGENCY}`]],
  ['markdown', ['| 索引号 | 公开方式 | 发布机构 |', '|---|---|---|', `| ${NO} | 主动公开 | ${AGENCY} |`]],
  ['commas', ['索引号,公开方式,发布机构', `${NO},主动公开,${AGENCY}`]],
  ['full-width commas', ['索引号，公开方式，发布机构', `${NO}，主动公开，${AGENCY}`]],
  ['comma and space', ['索引号, 公开方式, 发布机构', `${NO}, 主动公开, ${AGENCY}`]],
  ['tabs', ['索引号\t公开方式\t发布机构', `${NO}\t主动公开\t${AGENCY}`]],
  ['PDF layout, two labels in a cell', ['索引号 | 公开方式 发布机构', `${NO} | 主动公开 ${AGENCY}`]],
  ['spaces (PDF text)', ['索引号 公开方式 发布机构', `${NO} 主动公开 ${AGENCY}`]],
];
const body = [
  '2020年度政府信息公开工作落实情况',
  '一、总体情况',
  '本年度依法公开。',
  '二、主动公开政府信息情况',
];

describe('index number from a metadata header row', () => {
  for (const [name, head] of variants) {
    it(`${name}: one token under 索引号`, () => {
      const aligned = !name.startsWith('PDF layout');
      expect(metaFromHeaderRow([...head, ...body])).toEqual({ indexNo: NO, agency: aligned ? AGENCY : null });
      expect(extractText([...head, ...body].join('\n')).meta.index_no).toBe(NO);
    });
  }

  it('a header row of labels is not read as `label: value`', () => {
    expect(metaFromLines(['索引号,公开方式,发布机构', `${NO},主动公开,${AGENCY}`]).indexNo).toBeNull();
    expect(metaFromLines(['索引号 公开方式 发布机构', `${NO} 主动公开 ${AGENCY}`]).indexNo).toBeNull();
  });

  it('label: value pairs still read', () => {
    expect(metaFromLines([`索引号：${NO}`, `发布机构：${AGENCY}`])).toMatchObject({
      indexNo: NO,
      agency: AGENCY,
    });
  });

  it('spaces in the agency keep the index number but not a misaligned agency', () => {
    expect(metaFromHeaderRow(['索引号 公开方式 发布机构', `${NO} 主动公开 凉州区 市场监督管理局`])).toEqual({
      indexNo: NO,
      agency: null,
    });
  });
});
