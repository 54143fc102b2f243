import { describe, expect, it } from 'vitest';
import { normaliseText, tidyProse } from '../../../extractors/normalise.ts';

describe('normaliseText', () => {
  it('unifies line ends and spaces, drops zero-width characters and BOM', () => {
    expect(normaliseText('\uFEFFa\r\nb\rc\u200Bd\u00A0e\u3000f')).toBe('a\nb\ncd e f');
  });
  it('removes [bookmark: …] residue of .docx conversion', () => {
    expect(normaliseText('[bookmark: OLE_LINK1]本报告依据')).toBe('本报告依据');
  });
  it('removes injected gambling spam inside a sentence and spam lines', () => {
    expect(normaliseText('紧紧围绕上级UedBet体育政务公开工作')).toBe('紧紧围绕上级政务公开工作');
    expect(normaliseText('一\n澳门葡京博彩官网\n二')).toBe('一\n二');
  });
  it('drops PDF page furniture between table rows, keeps table rows', () => {
    const s =
      '（七）总计 2 0 0 0 0 0 2\nPage 9 - 2020年报_审计局\n第 3 页 共 9 页\n- 4 -\n四、结转下年度继续办理 0 0 0 0 0 0 0';
    expect(normaliseText(s)).toBe('（七）总计 2 0 0 0 0 0 2\n四、结转下年度继续办理 0 0 0 0 0 0 0');
  });
  it('turns full-width pipes into pipes, leaves digits as found', () => {
    expect(normaliseText('规章｜０｜＋19')).toBe('规章|０|＋19');
  });
  it('keeps tabs (they are the tab-cells shape)', () => {
    expect(normaliseText('\t规章\n\t0')).toBe('\t规章\n\t0');
  });
});

describe('tidyProse', () => {
  it('trims lines and drops empty ones; null when nothing is left', () => {
    expect(tidyProse(['  a ', '', ' b'])).toBe('a\nb');
    expect(tidyProse(['', '  '])).toBeNull();
  });
});
