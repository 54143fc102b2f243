/**
 * A scan read in a child process (extractors/ocr/child.ts, scan-child.mjs) through the OCR stage,
 * with real processes and engines: the record is the one `ocrInputs` gives in this process; a
 * child over its memory cap or past its deadline fails the job with an OcrInputError naming the
 * input, and the next job is read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { XxgkError } from '../../../config/errors.ts';
import { decodeScan, encodeScan, ocrInChild } from '../../../extractors/ocr/child.ts';
import { OcrInputError } from '../../../extractors/ocr/errors.ts';
import { DEFAULT_LIMITS, ocrInputs } from '../../../extractors/ocr/index.ts';
import type { ReportRecord } from '../../../extractors/record.ts';
import type { StageDeps } from '../../../pipeline/ports.ts';
import { ocrStage } from '../../../pipeline/stages/ocr.ts';
import { cleanScanJob, cleanScanPdf } from '../../support/scans/clean-pdf.ts';
import { recordingStore, stageDeps } from '../../support/stage-deps.ts';

let pdf: Uint8Array;

beforeAll(async () => {
  pdf = await cleanScanPdf(5);
}, 120_000);

const payload = cleanScanJob;

/** The OCR stage's deps with the wiring's port: the scan read by a child under `memoryMb` and `deadlineMs`. */
function deps(calls: string[], memoryMb: number, deadlineMs: number, got: ReportRecord[]): StageDeps {
  const doc = { id: 7, bytes: pdf, contentType: 'application/pdf', encoding: null };
  const store = recordingStore({ calls, answers: { getDocument: doc, saveExtraction: 11 } });
  return stageDeps(store, {
    extractorVersion: '9.9.9',
    ocrBytes: async (bytes, hints) => {
      const clean = Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== null));
      const { record } = await ocrInChild(Array.isArray(bytes) ? bytes : [bytes], clean, {
        limits: { ...DEFAULT_LIMITS, memoryMb },
        deadlineMs,
      });
      got.push(record);
      return record;
    },
  });
}

describe('a scan read in a child process', () => {
  it('the child gets the inputs and hints as sent', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([9, 8]);
    const back = decodeScan(encodeScan([a, b], { filename: '页.png' }, { maxPages: 3 }));
    expect(back.inputs.map((x) => [...x])).toEqual([
      [1, 2, 3],
      [9, 8],
    ]);
    expect(back.hints).toEqual({ filename: '页.png' });
    expect(back.opts).toEqual({ maxPages: 3 });
  });

  it('over its memory cap: the job fails naming the input, the worker goes on', async () => {
    const calls: string[] = [];
    const err = await ocrStage(payload, deps(calls, 200, 600_000, [])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OcrInputError);
    expect(err).toMatchObject({ code: 'ocr.failed', retryable: false });
    expect((err as Error).message).toMatch(/^annual-scan\.pdf: OCR .*200 MB memory cap/);
    expect(calls).not.toContain('saveExtraction');
  }, 300_000);

  it('past its deadline: ocr.timeout naming the input', async () => {
    const err = await ocrStage(payload, deps([], 1024, 1, [])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OcrInputError);
    expect(err).toMatchObject({ code: 'ocr.timeout' });
    expect((err as Error).message).toMatch(/^annual-scan\.pdf: the OCR read gave up after 1 ms/);
  });

  it('the next job is read, and its record is the one read in this process, to the byte', async () => {
    const calls: string[] = [];
    const got: ReportRecord[] = [];
    const out = await ocrStage(payload, deps(calls, DEFAULT_LIMITS.memoryMb, 600_000, got));
    expect(out.next.map((j) => j.stage)).toEqual(['load']);
    expect(calls).toContain('saveExtraction');
    expect(got).toHaveLength(1);
    expect(got[0]!.cells.filter((c) => c.value !== null).length).toBeGreaterThan(150);
    const here = await ocrInputs([pdf], {
      url: payload.url,
      filename: 'annual-scan.pdf',
      contentType: 'application/pdf',
    });
    expect(JSON.stringify(got[0])).toBe(JSON.stringify(here.record));
  }, 900_000);

  it("the child's own refusal is the error read in process: class, code, message, retry policy", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46]);
    const here = (await ocrInputs([bytes], { filename: 'x.pdf' }).catch((e: unknown) => e)) as Error;
    const there = (await ocrInChild([bytes], { filename: 'x.pdf' }, { deadlineMs: 120_000 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(here).toBeInstanceOf(XxgkError);
    expect(there).toBeInstanceOf(here.constructor);
    expect(there).toMatchObject({
      name: here.name,
      code: (here as XxgkError).code,
      message: here.message,
      retryable: (here as XxgkError).retryable,
    });
  }, 120_000);

  it('a PNG cut short (which crashes the image decoder, SIGSEGV, in process) fails only its job', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const err = await ocrInChild([png], { filename: 'p1.png' }, { deadlineMs: 120_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OcrInputError);
    expect(err).toMatchObject({ code: 'ocr.failed', retryable: false });
    expect((err as Error).message).toMatch(/^p1\.png: OCR killed by SIGSEGV/);
  }, 120_000);
});
