import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeBytes, sniffKind } from '../../../extractors/decode.ts';

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
