import { describe, expect, it } from 'vitest';
import { isHtml } from '../../../pipeline/stages/fetch.ts';

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
