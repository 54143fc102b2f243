/**
 * The FlateDecode pre-scan (extractors/documents/pdf-inflate.ts): a PDF whose streams inflate past
 * the caps is refused before pdfjs holds any of it, however the bomb is dressed (a name with `#xx`
 * escapes, an image subtype hidden in a nested dictionary or behind a `(>>)` string, a stream cut
 * short or with a wrong checksum, an indirect /Length, many streams each under the cap); the real
 * PDFs of the fixtures and an image within its own cap pass. Small caps keep the bombs small.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkInflatedSize,
  findFlateStreams,
  inflatedSize,
  topLevel,
} from '../../../extractors/documents/pdf-inflate.ts';
import { flateBombPdf } from '../../support/hostile/documents.ts';

const MB = 1024 * 1024;
const SMALL = { maxStreamBytes: 1 * MB, maxTotalBytes: 4 * MB };

/** Bytes that look like a PDF's stream objects to the scanner: `n 0 obj <dict> stream … endstream`. */
function streams(...objs: Array<{ dict: string; data: Buffer }>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n')];
  objs.forEach((o, i) => {
    parts.push(Buffer.from(`${i + 1} 0 obj\n${o.dict}\nstream\n`, 'latin1'), o.data);
    parts.push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  return new Uint8Array(Buffer.concat(parts));
}
const zeros = (n: number) => deflateSync(Buffer.alloc(n));

async function refusal(bytes: Uint8Array) {
  return checkInflatedSize(bytes, SMALL).then(
    () => null,
    (e) => e,
  );
}

describe('the FlateDecode pre-scan', () => {
  it('refuses the hostile flate bombs (1 GB of text, 1 GB of blanks) at the default caps', async () => {
    for (const fill of ['text', 'blank'] as const) {
      const err = await checkInflatedSize(flateBombPdf(1024, fill)).catch((e) => e);
      expect(err?.code).toBe('input.too_large');
      expect(err.message).toMatch(
        /^pdf: a FlateDecode stream at byte \d+ inflates past 64 MB \(a flate bomb\)$/,
      );
    }
  });

  it('passes the real PDFs of the fixtures', async () => {
    for (const f of ['sweep-001.pdf', 'report-2021.pdf']) {
      const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/documents', f)));
      expect(findFlateStreams(bytes).length).toBeGreaterThan(0);
      await expect(checkInflatedSize(bytes)).resolves.toBeUndefined();
    }
  });

  it('counts every stream against the total', async () => {
    const each = { dict: '<< /Filter /FlateDecode >>', data: zeros(MB - 1024) };
    await expect(checkInflatedSize(streams(each, each, each), SMALL)).resolves.toBeUndefined();
    const err = await refusal(streams(each, each, each, each, each));
    expect(err?.message).toBe('pdf: its FlateDecode streams inflate past 4 MB in all (a flate bomb)');
  });

  it('sees through escaped names, hidden subtypes, strings and indirect lengths', async () => {
    const bomb = zeros(2 * MB);
    for (const dict of [
      '<< /Filter /Fl#61teDecode >>',
      '<< /Filter [/FlateDecode] /Length 9 0 R >>',
      '<< /Filter /FlateDecode /Extra << /Subtype /Image >> >>',
      '<< /Filter /FlateDecode /Extra << /Note (>>) /Subtype /Image >> >>',
      '<< /Filter /FlateDecode /Note (a \\) b << ) >>',
    ]) {
      const err = await refusal(streams({ dict, data: bomb }));
      expect(err?.message, dict).toMatch(/inflates past 1 MB \(a flate bomb\)/);
    }
  });

  it('counts what a stream cut short, or with a wrong checksum, yields before it breaks (as pdfjs reads it)', async () => {
    const full = zeros(3 * MB);
    const cut = full.subarray(0, full.length - 40);
    const badSum = Buffer.concat([full.subarray(0, full.length - 4), Buffer.alloc(4)]);
    expect(await inflatedSize(cut, 10 * MB)).toBeGreaterThan(2 * MB);
    expect(await inflatedSize(badSum, 10 * MB)).toBe(3 * MB);
    for (const data of [cut, badSum])
      expect((await refusal(streams({ dict: '<< /Filter /FlateDecode >>', data })))?.code).toBe(
        'input.too_large',
      );
  });

  it('stops counting just past the limit, whatever the stream holds', async () => {
    const raw = deflateRawSync(Buffer.alloc(MB), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    const huge = Buffer.concat([Buffer.from([0x78, 0x9c]), ...Array.from({ length: 200 }, () => raw)]);
    const n = await inflatedSize(huge, 2 * MB);
    expect(n).toBeGreaterThan(2 * MB);
    expect(n).toBeLessThan(3 * MB);
  });

  it('allows an image four times the stream cap, outside the total; not more', async () => {
    const image = (n: number) => ({
      dict: '<< /Type /XObject /Subtype /Image /Filter /FlateDecode >>',
      data: zeros(n),
    });
    await expect(checkInflatedSize(streams(image(3 * MB), image(3 * MB)), SMALL)).resolves.toBeUndefined();
    expect((await refusal(streams(image(5 * MB))))?.message).toMatch(/inflates past 4 MB \(a flate bomb\)/);
  });

  it('reads only the dictionary’s own entries', () => {
    expect(topLevel('<< /A 1 /B << /C (>>) /D 2 >> /E (x\\)y) /F#31 3 >>').replace(/\s+/g, ' ').trim()).toBe(
      '/A 1 /B /E /F1 3',
    );
  });

  it('ignores streams that are not FlateDecode and the data of one that holds `stream` bytes', () => {
    const inner = Buffer.from('1 0 obj << /Filter /FlateDecode >>\nstream\nxx', 'latin1');
    const bytes = streams(
      { dict: '<< /Filter /DCTDecode >>', data: Buffer.alloc(10) },
      { dict: `<< /Length ${inner.length} >>`, data: inner },
    );
    expect(findFlateStreams(bytes)).toEqual([]);
  });
});
