/** A scan goes extract → ocr → load: the extract stage hands it on, the OCR stage reads it under its own queue. */
import { describe, expect, it } from 'vitest';
import { ExtractInputError } from '../../../extractors/errors.ts';
import type { ReportRecord } from '../../../extractors/record.ts';
import type { StageDeps } from '../../../pipeline/ports.ts';
import { extractStage } from '../../../pipeline/stages/extract.ts';
import { ocrStage } from '../../../pipeline/stages/ocr.ts';
import { recordingStore, stageDeps } from '../../support/stage-deps.ts';

const record: ReportRecord = {
  status: 'ok',
  meta: { title: 't', agency: 'a', year: 2021, published_on: null, index_no: null },
  templates: { active: '2021', requests: '2021', appeals: '2021' },
  cells: [],
  findings: [],
  sections: { overview: null, problems: null, other: null },
};

function deps(calls: string[], ocr: (b: Uint8Array) => Promise<ReportRecord>): StageDeps {
  const doc = {
    id: 7,
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    contentType: 'image/png',
    encoding: null,
  };
  const store = recordingStore({ calls, answers: { getDocument: doc, saveExtraction: 11 } });
  return stageDeps(store, {
    extractorVersion: '9.9.9',
    extractBytes: async () => {
      throw new ExtractInputError('input.image_only', 'scan.png: a png image (needs OCR)');
    },
    ocrBytes: ocr,
  });
}

const payload = {
  runId: 3,
  source: 's',
  documentId: 7,
  url: 'http://x/scan.png',
  parentUrl: null,
  hints: {},
};

describe('OCR stage', () => {
  it('extract hands an image-only document to the ocr queue with a deterministic job id', async () => {
    const calls: string[] = [];
    const out = await extractStage(
      payload,
      deps(calls, async () => record),
    );
    expect(out.next).toHaveLength(1);
    expect(out.next[0]).toMatchObject({ stage: 'ocr', data: payload });
    expect(out.next[0]!.jobId).toMatch(/^ocr\.7\.[0-9a-f]{16}\.9\.9\.9$/);
    expect(calls).not.toContain('recordExtractionFailure');
  });

  it('ocr reads the bytes, stores the record and hands it to load', async () => {
    const calls: string[] = [];
    const seen: Uint8Array[] = [];
    const out = await ocrStage(
      payload,
      deps(calls, async (b) => {
        seen.push(b);
        return record;
      }),
    );
    expect(seen).toHaveLength(1);
    expect(out.next).toEqual([
      {
        stage: 'load',
        jobId: 'load.11',
        data: { runId: 3, source: 's', documentId: 7, extractionId: 11, url: payload.url },
      },
    ]);
    expect(calls).toContain('saveExtraction');
  });

  it('a scanned report OCR finds no table in is listed for the operator and loaded (the agency published)', async () => {
    const calls: string[] = [];
    const failed: ReportRecord = {
      ...record,
      status: 'failed',
      templates: { active: null, requests: null, appeals: null },
      findings: [
        {
          code: 'table.missing',
          severity: 'error',
          table: 'active',
          row: null,
          col: null,
          message: 'active table: section not found',
        },
      ],
    };
    const out = await ocrStage(
      payload,
      deps(calls, async () => failed),
    );
    expect(calls).toContain('recordExtractionFailure');
    expect(calls).toContain('saveExtraction');
    expect(out.next.map((j) => j.stage)).toEqual(['load']);
  });

  it('a scan that is no report (input.not_report) is a failure for the operator, not a load', async () => {
    const calls: string[] = [];
    const out = await ocrStage(
      payload,
      deps(calls, async () => ({
        ...record,
        status: 'failed',
        findings: [
          {
            code: 'input.not_report',
            severity: 'error',
            table: null,
            row: null,
            col: null,
            message: 'not a report',
          },
        ],
      })),
    );
    expect(out.next).toEqual([]);
    expect(calls).toContain('recordExtractionFailure');
    expect(calls).not.toContain('saveExtraction');
  });
});

describe('a page showing its report as pictures', () => {
  const page = {
    id: 8,
    url: 'http://x/report.shtml',
    finalUrl: 'http://x/report.shtml',
    bytes: new TextEncoder().encode('<div class="content"><img src="p1.jpg"><img src="p2.jpg"></div>'),
    contentType: 'text/html; charset=utf-8',
    encoding: 'utf-8',
  };
  const images = new Map([
    ['http://x/p1.jpg', { id: 21, bytes: new Uint8Array([1]) }],
    ['http://x/p2.jpg', { id: 22, bytes: new Uint8Array([2]) }],
  ]);
  function pageDeps(calls: string[], ocr: StageDeps['ocrBytes'], stored = images): StageDeps {
    const base = deps(calls, async () => record);
    const store = recordingStore({
      calls,
      answers: {
        getDocument: page,
        documentByUrl: (url: unknown) => stored.get(String(url)) ?? null,
        saveExtraction: 12,
      },
    });
    return {
      ...base,
      store,
      source: () => ({}) as never,
      // The page's text holds no table: the extractor finds no cell.
      extractBytes: async () => ({ ...record, status: 'failed', cells: [] }),
      findPageImages: () => {
        calls.push('findPageImages');
        return [{ url: 'http://x/p1.jpg' }, { url: 'http://x/p2.jpg' }];
      },
      extractPageMeta: () => ({
        title: '某局2023年政府信息公开工作年度报告',
        agency: '某局',
        publishedOn: null,
        indexNo: null,
      }),
      ocrBytes: ocr,
    };
  }
  const pagePayload = { ...payload, documentId: 8, url: page.url };

  it('extract hands the page to OCR when its pictures are stored', async () => {
    const out = await extractStage(
      pagePayload,
      pageDeps([], async () => record),
    );
    expect(out.next).toHaveLength(1);
    expect(out.next[0]).toMatchObject({ stage: 'ocr', data: pagePayload });
  });

  it('extract keeps the page record (no OCR) when none of its pictures is stored', async () => {
    const calls: string[] = [];
    const out = await extractStage(
      pagePayload,
      pageDeps(calls, async () => record, new Map()),
    );
    // What happens to a tableless page is the extract stage's business (failure, or loaded as a
    // report without tables): not OCR's.
    expect(out.next.map((j) => j.stage)).not.toContain('ocr');
    expect(calls).toContain('documentByUrl');
  });

  it('an attachment without a table is a failure, never a page of pictures (a .docx says "xml")', async () => {
    const calls: string[] = [];
    const out = await extractStage(
      { ...pagePayload, parentUrl: 'http://x/report.shtml' },
      pageDeps(calls, async () => record),
    );
    expect(out.next.map((j) => j.stage)).not.toContain('ocr');
    expect(calls).not.toContain('findPageImages');
  });

  it('ocr reads the pictures in page order with the page meta as hints', async () => {
    const seen: Array<{ inputs: Uint8Array[]; title: string | null | undefined }> = [];
    await ocrStage(
      pagePayload,
      pageDeps([], async (b, hints) => {
        seen.push({ inputs: Array.isArray(b) ? b : [b], title: hints.title });
        return record;
      }),
    );
    expect(seen).toEqual([
      { inputs: [new Uint8Array([1]), new Uint8Array([2])], title: '某局2023年政府信息公开工作年度报告' },
    ]);
  });
});
