import { describe, expect, it } from 'vitest';
import { findPageImages } from '../../../crawlers/page-images.ts';
import { isHtml, pageImageUrls } from '../../../pipeline/stages/fetch.ts';

const bytes = (s: string | number[]) =>
  typeof s === 'string' ? new Uint8Array(Buffer.from(s, 'latin1')) : new Uint8Array(s);
const docxHead = [0x50, 0x4b, 0x03, 0x04, ...Buffer.from('....word/document.xml', 'latin1')];

describe('isHtml', () => {
  it('a .docx sent with its own (…+xml) content type is not HTML', () => {
    const ct = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(isHtml({ contentType: ct, bytes: bytes(docxHead) })).toBe(false);
  });
  it('document bytes win over a lying text/html header', () => {
    expect(isHtml({ contentType: 'text/html', bytes: bytes('%PDF-1.7\n...') })).toBe(false);
    expect(isHtml({ contentType: 'text/html', bytes: bytes(docxHead) })).toBe(false);
  });
  it('HTML and XHTML pages are HTML, with or without a content type', () => {
    expect(isHtml({ contentType: 'text/html; charset=gbk', bytes: bytes('<html>') })).toBe(true);
    expect(isHtml({ contentType: 'application/xhtml+xml', bytes: bytes('<?xml ?><html>') })).toBe(true);
    expect(isHtml({ contentType: 'text/xml', bytes: bytes('<?xml ?><root/>') })).toBe(true);
    expect(isHtml({ contentType: null, bytes: bytes('  <!DOCTYPE html><html>') })).toBe(true);
  });
  it('other declared types are not HTML', () => {
    expect(isHtml({ contentType: 'application/octet-stream', bytes: bytes('abc') })).toBe(false);
    expect(isHtml({ contentType: 'image/png', bytes: bytes([0x89, 0x50, 0x4e, 0x47]) })).toBe(false);
  });
});

describe('pageImageUrls (pictures looked for in the bytes before the page is decoded)', () => {
  const deps = { findPageImages: (html: string, base: string) => findPageImages(html, base) };
  const source = { detail: {} } as never;
  const html = '<html><body><div class="content"><img src="/a/p1.jpg"></div></body></html>';
  const doc = (b: Uint8Array, encoding: string | null) => ({
    encoding,
    bytes: b,
    contentType: 'text/html',
    finalUrl: 'http://portal.test/x/1.html',
    url: 'http://portal.test/x/1.html',
  });
  it('finds the pictures of a UTF-8 page, and of a UTF-16 one (with or without its mark)', () => {
    const want = ['http://portal.test/a/p1.jpg'];
    expect(pageImageUrls(doc(Buffer.from(html, 'utf8'), 'utf-8'), deps, source)).toEqual(want);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]);
    expect(pageImageUrls(doc(bom, null), deps, source)).toEqual(want);
    expect(pageImageUrls(doc(Buffer.from(html, 'utf16le'), 'utf-16le'), deps, source)).toEqual(want);
  });
  it('a page without any picture is not decoded at all', () => {
    let asked = 0;
    const counting = {
      findPageImages: () => {
        asked++;
        return [];
      },
    };
    const plain = Buffer.from('<html><body><div class="content"><p>报告</p></div></body></html>', 'utf8');
    expect(pageImageUrls(doc(plain, 'utf-8'), counting, source)).toEqual([]);
    expect(asked).toBe(0);
  });
});
