/** CJK radicals a PDF's text layer gives for ideographs (`⾸⻚`, `⾏政处罚`) read as the ideographs. */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';
import { normaliseText } from '../../../extractors/normalise.ts';
import { unifyRadicals } from '../../../extractors/radicals.ts';

describe('unifyRadicals', () => {
  it('maps Kangxi radicals (NFKC) and the CJK Radicals Supplement (listed pairs) to ideographs', () => {
    expect(unifyRadicals('⾸⻚ > 信息公开')).toBe('首页 > 信息公开');
    expect(unifyRadicals('⾏政处罚 ⼆、主动公开 ⻓期 ⻔户 ⻢上 ⻋辆 ⾦额 ⽂件')).toBe(
      '行政处罚 二、主动公开 长期 门户 马上 车辆 金额 文件',
    );
    expect(unifyRadicals('⼾籍')).toBe('户籍');
  });

  it('keeps the length (cell positions refer to the text) and leaves other text alone', () => {
    const s = '规章 | 3 | 4 ⾏';
    expect(unifyRadicals(s)).toHaveLength(s.length);
    expect(unifyRadicals('规章 | 3 | 4')).toBe('规章 | 3 | 4');
  });

  it('every radical it changes becomes one CJK unified ideograph', () => {
    for (let cp = 0x2e80; cp <= 0x2fd5; cp++) {
      const c = String.fromCodePoint(cp);
      const u = unifyRadicals(c);
      if (u === c) continue;
      expect(u).toHaveLength(1);
      expect(u).toMatch(/[\u3400-\u4dbf\u4e00-\u9fff]/);
    }
  });

  it('is part of the text clean-up, so headings and labels in radicals match', () => {
    expect(normaliseText('⼆、主动公开政府信息情况')).toBe('二、主动公开政府信息情况');
    const text = [
      '⾏政机关2022年政府信息公开⼯作年度报告',
      '⼀、总体情况',
      '⼆、主动公开政府信息情况',
      '信息内容 | 本年制发件数 | 本年废⽌件数 | 现⾏有效件数',
      '规章 | 1 | 0 | 4',
      '⾏政规范性⽂件 | 6 | 2 | 31',
    ].join('\n');
    const record = extractText(text);
    expect(record.meta.title).toBe('行政机关2022年政府信息公开工作年度报告');
    expect(record.cells.find((c) => c.row === 'normative_docs' && c.col === 'in_force')?.value).toBe(31);
  });
});
