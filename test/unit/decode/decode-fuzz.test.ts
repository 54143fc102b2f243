import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, detectEncoding, sniffKind } from '../../../extractors/decode.ts';

const hints = fc.record(
  {
    contentType: fc.constantFrom(
      'text/html',
      'text/html; charset=utf-8',
      'text/html; charset=gbk',
      'application/pdf',
      'text/plain; charset=big5',
    ),
    charset: fc.constantFrom('utf-8', 'gb2312', 'GBK', 'nonsense', 'iso-8859-1'),
  },
  { requiredKeys: [] },
);
// Chinese report text: CJK, digits, ASCII punctuation and full-width forms.
const reportText = fc
  .array(
    fc.constantFrom(
      ...'政府信息公开年度报告行政许可处罚强制规章０１２３４５６７８９0123456789 |\t\n，。（）《》“”、'.split(
        '',
      ),
    ),
    { maxLength: 400 },
  )
  .map((cs) => cs.join(''));

describe('decodeBytes on arbitrary input', () => {
  it('returns text or throws DecodeError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), hints, (bytes, opts) => {
        try {
          const out = decodeBytes(bytes, opts);
          expect(typeof out.text).toBe('string');
          expect(out.encoding).not.toBe('');
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
        expect(typeof sniffKind(bytes, opts)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  // Declarations that are wrong between UTF-8 and GBK (or a Western default) are caught; a GBK
  // page declared Big5 is not (both are double-byte and decode each other cleanly), so Big5 is
  // left out here.
  const utf8OrGbk = fc.record(
    {
      contentType: fc.constantFrom(
        'text/html',
        'text/html; charset=utf-8',
        'text/html; charset=gbk',
        'text/plain; charset=ISO-8859-1',
      ),
      charset: fc.constantFrom('utf-8', 'gb2312', 'GBK', 'nonsense', 'iso-8859-1'),
    },
    { requiredKeys: [] },
  );

  it('round-trips report text in UTF-8 and GBK whatever the (possibly wrong) declaration', () => {
    fc.assert(
      fc.property(reportText, fc.constantFrom('utf-8', 'gbk'), utf8OrGbk, (text, enc, opts) => {
        // Wrong declarations are only recoverable when the text is long enough to show it.
        fc.pre([...text].filter((c) => c.charCodeAt(0) > 0x7f).length >= 4);
        const bytes = new Uint8Array(iconv.encode(text, enc));
        expect(decodeBytes(bytes, opts).text).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeBytes memo (the same buffer decoded again)', () => {
  // Large enough to be memoised: report text, GBK- or UTF-8-encoded, sometimes with junk bytes.
  const doc = fc
    .tuple(
      reportText,
      fc.constantFrom('utf-8', 'gb18030', 'big5', 'utf-16le'),
      fc.uint8Array({ maxLength: 8 }),
      fc.boolean(),
    )
    .map(([text, enc, junk, bom]) => {
      const body = iconv.encode(`<html><meta charset="x">${text.padEnd(6000, '年度报告 12,')}`, enc);
      const head = bom && enc === 'utf-8' ? [0xef, 0xbb, 0xbf] : [];
      return Uint8Array.from([...head, ...body, ...junk]);
    });
  /** The answer, or the error's class: a memoised decode must throw when a fresh one does. */
  const attempt = (b: Uint8Array, opts: { contentType?: string; charset?: string }) => {
    try {
      return decodeBytes(b, opts);
    } catch (err) {
      return (err as Error).constructor.name;
    }
  };
  it('answers exactly what a fresh decode answers, also told the charset found the first time', () => {
    fc.assert(
      fc.property(doc, hints, (bytes, opts) => {
        expect(bytes.byteLength).toBeGreaterThan(4096);
        const { charset: _ignored, ...noCharset } = opts;
        const found = attempt(bytes, noCharset);
        expect(found).toEqual(attempt(bytes.slice(), noCharset));
        expect(attempt(bytes, noCharset)).toEqual(found);
        if (typeof found === 'string') return;
        // What the fetcher records, then what the stages and the extractor ask with.
        const told = { ...noCharset, charset: found.encoding };
        expect(attempt(bytes, told)).toEqual(attempt(bytes.slice(), told));
        expect(attempt(bytes, opts)).toEqual(attempt(bytes.slice(), opts));
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('detectEncoding (the charset without the text)', () => {
  // Report pages in every charset, sometimes with a BOM, control bytes, an encoded U+FFFD, a cut
  // multi-byte tail or junk: the fast path (valid UTF-8 read off its bytes) and the fallback.
  const doc = fc
    .tuple(
      reportText,
      fc.constantFrom('utf-8', 'gb18030', 'big5', 'utf-16le', 'ascii'),
      fc.constantFrom('', '<meta charset="gbk">', '<meta charset="utf-8">', '<meta charset="utf-16">'),
      fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe]),
      fc.array(fc.constantFrom(0x00, 0x01, 0x08, 0x09, 0x0b, 0x1f, 0x7f, 0xef, 0xbf, 0xbd, 0xe5, 0x80), {
        maxLength: 6,
      }),
      fc.nat(2),
      fc.integer({ min: 0, max: 7000 }),
    )
    .map(([text, enc, meta, head, junk, cut, pad]) => {
      const body = iconv.encode(
        `<html>${meta}${text.padEnd(pad, '年度报告 12,')}`,
        enc === 'ascii' ? 'utf-8' : enc,
      );
      const bytes = Uint8Array.from([
        ...head,
        ...(enc === 'ascii' ? body.filter((b) => b < 0x80) : body),
        ...junk,
      ]);
      return bytes.subarray(0, bytes.length - (cut % 3));
    });
  const attempt = (f: () => string) => {
    try {
      return f();
    } catch (err) {
      return (err as Error).constructor.name;
    }
  };
  it('names the charset a fresh decodeBytes names (or throws what it throws)', () => {
    fc.assert(
      fc.property(doc, hints, (bytes, opts) => {
        const fresh = attempt(() => decodeBytes(bytes.slice(), opts).encoding);
        expect(attempt(() => detectEncoding(bytes.slice(), opts))).toBe(fresh);
        const { charset: _ignored, ...noCharset } = opts;
        const freshNo = attempt(() => decodeBytes(bytes.slice(), noCharset).encoding);
        expect(attempt(() => detectEncoding(bytes.slice(), noCharset))).toBe(freshNo);
        // After a decode of the same buffer (its memo), the same answer.
        attempt(() => decodeBytes(bytes, noCharset).encoding);
        expect(attempt(() => detectEncoding(bytes, noCharset))).toBe(freshNo);
      }),
      { numRuns: 600, seed: 5 },
    );
  });

  it('reads valid UTF-8 off its bytes: control bytes and an encoded U+FFFD make it garbage as decodeBytes does', () => {
    const page = (extra: string) =>
      new Uint8Array(Buffer.from(`<html><body>${'年度报告 12,'.repeat(700)}${extra}</body></html>`, 'utf8'));
    const garbage = ['\u0000', '\u0008', '\u000E', '\u001F', '\uFFFD'].map((c) => c.repeat(5000));
    const fine = ['', '\u0001\u0002\u0003', '\t\r\n\u000B\u000C\u007F'.repeat(1000)];
    for (const extra of [...fine, ...garbage]) {
      for (const opts of [
        {},
        { contentType: 'text/html; charset=gbk' },
        { contentType: 'text/html; charset=utf-8' },
      ]) {
        const fresh = attempt(() => decodeBytes(page(extra), opts).encoding);
        expect(attempt(() => detectEncoding(page(extra), opts))).toBe(fresh);
      }
    }
    expect(detectEncoding(page(''), { contentType: 'text/html; charset=gbk' })).toBe('utf-8');
    for (const extra of garbage) expect(attempt(() => detectEncoding(page(extra)))).toBe('DecodeError');
    for (const extra of fine) expect(detectEncoding(page(extra))).toBe('utf-8');
  });
});
