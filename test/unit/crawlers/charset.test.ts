/**
 * Charsets as the crawler meets them: every way the portal declares (or mis-declares) a GBK page,
 * decoded through the crawler's adapter over extractors/decode.ts with the response's own hints.
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../crawlers/http/decode.ts';
import { encodeItemPage } from '../../../test/portal/pages/detail.ts';
import type { Encoding, SiteItem } from '../../../test/portal/site.ts';

const html =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>区财政局2021年政府信息公开工作年度报告</title></head><body><td>行政许可</td></body></html>';
const item = (encoding: Encoding) => ({ encoding }) as SiteItem;

describe('decoding fetched pages', () => {
  it.each(['gbk-header', 'gbk-meta', 'gbk-both', 'gbk-wrong-header'] as const)(
    '%s → gb18030, text intact',
    (encoding) => {
      const { body, contentType } = encodeItemPage(item(encoding), html);
      expect(body.includes(Buffer.from('区财政局', 'utf8'))).toBe(false); // really GBK bytes
      const out = decodeBytes(body, { contentType, charset: null });
      expect(out.encoding).toBe('gb18030');
      expect(out.text).toContain('区财政局2021年政府信息公开工作年度报告');
      expect(out.text).toContain('行政许可');
    },
  );

  it('keeps UTF-8 as UTF-8, and takes a nullable hint from a FetchedDocument as is', () => {
    const { body, contentType } = encodeItemPage(item('utf-8'), html);
    expect(decodeBytes(body, { contentType, charset: null })).toEqual({ text: html, encoding: 'utf-8' });
    expect(decodeBytes(body, { contentType: null, charset: 'utf-8' }).text).toBe(html);
  });

  it('overrides a declared charset that the bytes contradict (a source encoding set wrongly)', () => {
    const { body } = encodeItemPage(item('gbk-both'), html);
    expect(decodeBytes(body, { charset: 'utf-8' }).encoding).toBe('gb18030');
  });
});
