import { describe, expect, it } from 'vitest';
import { extractBytes } from '../../../extractors/index.ts';

describe('document errors name the file and the kind once', () => {
  it('a PDF that cannot be parsed', async () => {
    const bytes = new Uint8Array(Buffer.from('%PDF-1.4\nnot a pdf body at all'));
    const err = await extractBytes(bytes, { filename: 'report.pdf' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^report\.pdf: pdf: /);
    expect((err as Error).message).not.toMatch(/: pdf: pdf:/);
  });
});
