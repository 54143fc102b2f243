import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, detectCharset, sniffKind } from '../../../extractors/decode.ts';

const FIX = resolve(import.meta.dirname, '../../fixtures/documents');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIX, name)));

describe('detectCharset', () => {
  it('follows the order BOM → header → meta → sniff → default', () => {
    expect(detectCharset(fixture('utf8-bom-gbk-meta.html'), 'text/html; charset=gbk')).toEqual({
      encoding: 'utf-8',
      source: 'bom',
    });
    expect(detectCharset(fixture('utf16le-bom.txt'))).toEqual({ encoding: 'utf-16le', source: 'bom' });
    expect(detectCharset(fixture('utf16be-bom.txt'))).toEqual({ encoding: 'utf-16be', source: 'bom' });
    expect(detectCharset(fixture('gbk-meta-charset.html'), 'text/html; charset="GBK"')).toEqual({
      encoding: 'gb18030',
      source: 'header',
    });
    expect(detectCharset(fixture('gbk-meta-charset.html'))).toEqual({ encoding: 'gb18030', source: 'meta' });
    expect(detectCharset(fixture('gbk-http-equiv.html'), 'text/html')).toEqual({
      encoding: 'gb18030',
      source: 'meta',
    });
    expect(detectCharset(fixture('gbk-undeclared.txt'))).toEqual({ encoding: 'gb18030', source: 'sniff' });
    expect(detectCharset(fixture('utf8-plain.txt'))).toEqual({ encoding: 'utf-8', source: 'sniff' });
    expect(detectCharset(fixture('utf16le-no-bom.txt'))).toEqual({ encoding: 'utf-16le', source: 'sniff' });
    expect(detectCharset(new TextEncoder().encode('<p>plain ascii</p>'))).toEqual({
      encoding: 'utf-8',
      source: 'default',
    });
  });

  it('maps gb2312/gbk labels to gb18030 and ignores labels it cannot decode', () => {
    const ascii = new TextEncoder().encode('<meta charset="x-unknown-charset"><p>hi</p>');
    expect(detectCharset(ascii, 'text/html; charset=gb2312').encoding).toBe('gb18030');
    expect(detectCharset(ascii, 'text/html; charset=bogus')).toEqual({
      encoding: 'utf-8',
      source: 'default',
    });
  });
});

describe('decodeBytes', () => {
  const TITLE = '2020年政府信息公开工作年度报告';

  it.each([
    ['gbk-meta-charset.html', {}, 'gb18030'],
    ['gbk-http-equiv.html', {}, 'gb18030'],
    ['gbk-undeclared.txt', {}, 'gb18030'],
    ['gbk-meta-charset.html', { contentType: 'text/html; charset=gbk' }, 'gb18030'],
    ['utf8-bom-gbk-meta.html', { contentType: 'text/html; charset=gbk' }, 'utf-8'],
    ['utf16le-bom.txt', {}, 'utf-16le'],
    ['utf16be-bom.txt', {}, 'utf-16be'],
    ['utf16le-no-bom.txt', {}, 'utf-16le'],
    ['utf8-plain.txt', {}, 'utf-8'],
  ])('%s %j → %s', (name, opts, encoding) => {
    const out = decodeBytes(fixture(name), opts);
    expect(out.encoding).toBe(encoding);
    expect(out.text).toContain(TITLE);
    expect(out.text).toMatch(/行政许可 ?(\| |<\/td><td>)12/);
    expect(out.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('header says utf-8, bytes are GBK: falls back to gb18030', () => {
    const out = decodeBytes(fixture('gbk-bytes-no-meta.html'), { contentType: 'text/html; charset=utf-8' });
    expect(out.encoding).toBe('gb18030');
    expect(out.text).toContain(TITLE);
    expect(out.text).not.toContain('\uFFFD');
  });

  it('meta (or header, or caller) says gbk, bytes are UTF-8: decodes as utf-8', () => {
    for (const opts of [{}, { contentType: 'text/html; charset=gbk' }, { charset: 'gb2312' }]) {
      const out = decodeBytes(fixture('utf8-bytes-gbk-meta.html'), opts);
      expect(out.encoding).toBe('utf-8');
      expect(out.text).toContain(TITLE);
    }
  });

  it('a caller-declared charset wins over the Content-Type header', () => {
    const out = decodeBytes(fixture('gbk-bytes-no-meta.html'), {
      contentType: 'text/html; charset=big5',
      charset: 'gbk',
    });
    expect(out).toMatchObject({ encoding: 'gb18030' });
    expect(out.text).toContain(TITLE);
  });

  it('ignores a Western default charset in the header (unconfigured server) and reads the bytes', () => {
    for (const cs of ['ISO-8859-1', 'windows-1252']) {
      const gbk = decodeBytes(fixture('gbk-undeclared.txt'), { contentType: `text/plain; charset=${cs}` });
      expect(gbk.encoding).toBe('gb18030');
      expect(gbk.text).toContain(TITLE);
      const meta = decodeBytes(fixture('gbk-meta-charset.html'), { charset: cs });
      expect(meta.encoding).toBe('gb18030');
      expect(meta.text).toContain(TITLE);
    }
  });

  it('treats <meta charset="utf-16"> in an ASCII-compatible page as UTF-8 (HTML standard)', () => {
    const page = new TextEncoder().encode('<meta charset="utf-16"><p>行政许可 12</p>');
    expect(detectCharset(page)).toEqual({ encoding: 'utf-8', source: 'meta' });
    expect(decodeBytes(page).text).toContain('行政许可 12');
  });

  it('decodes Big5 when the page declares it', () => {
    const out = decodeBytes(fixture('big5-meta.html'));
    expect(out.encoding).toBe('big5');
    expect(out.text).toContain('行政許可');
    expect(out.text).toContain('年度報告');
  });

  it('keeps GB18030-only characters (beyond GBK) intact', () => {
    const text = '𠀀与㐀：扩展汉字，行政许可';
    const out = decodeBytes(iconv.encode(text, 'gb18030'));
    expect(out).toEqual({ text, encoding: 'gb18030' });
  });

  it('a UTF-8 body truncated inside a character stays UTF-8', () => {
    const bytes = new TextEncoder().encode('<p>行政许可 12</p><p>行政处罚');
    const cut = bytes.subarray(0, bytes.length - 1);
    const out = decodeBytes(cut, { contentType: 'text/html; charset=utf-8' });
    expect(out.encoding).toBe('utf-8');
    expect(out.text).toContain('行政许可 12');
  });

  it('rejects binary garbage with DecodeError (input.undecodable)', () => {
    // Deterministic pseudo-random bytes, with NULs and control bytes like a real binary.
    const bytes = new Uint8Array(4096);
    let s = 12345;
    for (let i = 0; i < bytes.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = s >> 16;
    }
    expect(() => decodeBytes(bytes)).toThrow(DecodeError);
    try {
      decodeBytes(bytes);
    } catch (err) {
      expect((err as DecodeError).code).toBe('input.undecodable');
      expect((err as DecodeError).retryable).toBe(false);
      expect((err as Error).message).toMatch(/not text/);
    }
  });

  it('empty input is empty text', () => {
    expect(decodeBytes(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('fast path: a 12 KB UTF-8 report decodes in a small fraction of the 0.5 ms bench budget', () => {
    const page = new TextEncoder().encode(
      `<html><body>${'<tr><td>行政许可</td><td>12</td></tr>'.repeat(300)}</body></html>`,
    );
    // Best of several rounds after a warm-up: the machine is shared, a busy neighbour must not fail this.
    const rounds: number[] = [];
    for (let k = 0; k < 6; k++) {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) decodeBytes(page, { contentType: 'text/html; charset=utf-8' });
      rounds.push((performance.now() - t0) / 100);
    }
    const perReport = Math.min(...rounds);
    // ≥ 2,000 reports/s leaves 0.5 ms per report for everything; decoding must be a fraction of it.
    expect(perReport).toBeLessThan(0.25);
  });
});

describe('the real seed reports', () => {
  const SEEDS = resolve(import.meta.dirname, '../../fixtures/seeds');
  const files = [
    '000_79eca0d6e8b3f0e8.txt',
    '001_32db68a7ed8774d3.txt',
    '002_84c7f691cd999dc0.txt',
    '003_b07cdb3dbe681def.txt',
    '004_e01440b0bdeabe39.txt',
  ];

  it.each(files)('%s decodes unchanged as UTF-8, also when served as GBK, and sniffs as text', (name) => {
    const bytes = new Uint8Array(readFileSync(resolve(SEEDS, name)));
    const text = readFileSync(resolve(SEEDS, name), 'utf8');
    expect(decodeBytes(bytes)).toEqual({ text, encoding: 'utf-8' });
    expect(decodeBytes(bytes, { contentType: 'text/plain; charset=gbk' })).toEqual({
      text,
      encoding: 'utf-8',
    });
    expect(sniffKind(bytes, { filename: name })).toBe('text');
    // The same report re-encoded as GBK and served with a lying UTF-8 header.
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    const out = decodeBytes(gbk, { contentType: 'text/plain; charset=utf-8' });
    expect(out.encoding).toBe('gb18030');
    expect(out.text).toBe(iconv.decode(Buffer.from(gbk), 'gb18030'));
  });
});
