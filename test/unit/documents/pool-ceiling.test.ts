/**
 * The pool's RSS cap is on what the process gains while a file converts: a process that was big
 * before (an embedded PGlite holds most of a gigabyte) still converts documents, and a file that
 * makes it grow past the cap fails alone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentPool } from '../../../extractors/documents/pool.ts';
import { buildDocx, sampleReport } from '../../support/documents/index.ts';

describe('the RSS ceiling', () => {
  // A ceiling this process is over before any file starts.
  const pool = createDocumentPool({
    size: 1,
    maxRssMb: () => Math.floor(process.memoryUsage.rss() / 2 ** 20 / 2),
  });
  afterAll(() => pool.close());

  it('does not fail an ordinary document because the process was big before it started', async () => {
    const content = await pool.convert(await buildDocx(sampleReport()), 'docx');
    expect(content.content).toContain('一、总体情况');
  }, 120_000);
});
