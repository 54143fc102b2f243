/**
 * The extraction threads (pipeline/extract-pool.ts): what comes back is what extractBytes gives in
 * this thread, byte for byte of the record; an input error keeps its class and code; a job over its
 * cap ends its thread without failing the jobs queued behind it.
 */
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cellBlock, recordHash } from '../../../db/content-hash.ts';
import { keyFigures } from '../../../db/key-figures.ts';
import {
  blockAndHash,
  cellCount,
  computeLoadInputs,
  figuresOf,
  givenLoadInputs,
  mayHaveScans,
} from '../../../db/load-inputs.ts';
import { ExtractInputError } from '../../../extractors/errors.ts';
import { extractBytes } from '../../../extractors/index.ts';
import type { ReportRecord } from '../../../extractors/record.ts';
import { CellsNotSentError, createExtractPool } from '../../../pipeline/extract-pool.ts';
import type { ExtractPayload } from '../../../pipeline/payloads.ts';
import type { ExtractHints } from '../../../pipeline/ports.ts';
import { extractStage } from '../../../pipeline/stages/extract.ts';
import { generateReport } from '../../support/generate.ts';
import { renderHtml } from '../../support/render/html.ts';
import { recordingStore, stageDeps } from '../../support/stage-deps.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const page = (seed: number) => Buffer.from(renderHtml(generateReport(seed)), 'utf8');
const hintsOf = (seed: number) => ({ url: `http://portal.test/r/${seed}.html`, contentSelector: '#zoom' });

describe('extraction threads', () => {
  const pool = createExtractPool({ size: 2 });
  afterAll(() => pool.close());

  it('give the record extractBytes gives in this thread, for many pages at once', async () => {
    const onThreads = await Promise.all(SEEDS.map((s) => pool.extract(page(s), hintsOf(s))));
    for (const [i, seed] of SEEDS.entries()) {
      const here = await extractBytes(page(seed), hintsOf(seed));
      expect(here.cells.length, `seed ${seed}`).toBeGreaterThan(100);
      expect(onThreads[i], `seed ${seed}`).toEqual(here);
    }
  }, 120_000);

  it("hand back the loader's inputs with the record: as computed here, cells built only when read", async () => {
    const seed = 3;
    const here = await extractBytes(page(seed), hintsOf(seed));
    const got = await pool.extract(page(seed), hintsOf(seed));
    // The count, block and hash come with it; the cells are still the thread's JSON text.
    const parse = vi.spyOn(JSON, 'parse');
    expect(cellCount(got)).toBe(here.cells.length);
    expect(givenLoadInputs(got)).toEqual(computeLoadInputs(here));
    const { block, hash } = blockAndHash(got);
    expect({ block, hash }).toEqual({ block: cellBlock(here), hash: recordHash(here) });
    expect(mayHaveScans(got)).toBe(false);
    // The report row's key figures too (some of them numbers, so a wrong one would show).
    expect(figuresOf(got)).toEqual(keyFigures(here));
    expect(keyFigures(here).some((v) => typeof v === 'number')).toBe(true);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    // Read, they are the extractor's, and the record serialises to the same text (keys in order).
    expect(JSON.stringify(got)).toBe(JSON.stringify(here));
    expect(got.cells).toEqual(here.cells);
    // Cells replaced: the handed-over inputs no longer speak for them.
    got.cells = got.cells.slice(1);
    expect(givenLoadInputs(got)).toBeUndefined();
    expect(blockAndHash(got).block).toBe(cellBlock({ ...here, cells: here.cells.slice(1) }));
    expect(figuresOf(got)).toEqual(keyFigures({ ...here, cells: here.cells.slice(1) }));
  });

  it('leave the cells of a record extracted for loading only on the thread: the loader has what it reads', async () => {
    const seed = 4;
    const here = await extractBytes(page(seed), hintsOf(seed));
    const got = await pool.extract(page(seed), hintsOf(seed), { loadOnly: true });
    expect(givenLoadInputs(got)).toEqual(computeLoadInputs(here));
    expect(cellCount(got)).toBe(here.cells.length);
    const { block, hash } = blockAndHash(got);
    expect({ block, hash }).toEqual({ block: cellBlock(here), hash: recordHash(here) });
    expect(figuresOf(got)).toEqual(keyFigures(here));
    expect(mayHaveScans(got)).toBe(false);
    // Everything but the cells is the extractor's, in its order; reading the cells is a bug, loudly.
    const { cells: _, ...rest } = here;
    expect(Object.keys(got)).toEqual(Object.keys(here));
    expect(Object.fromEntries(Object.keys(rest).map((k) => [k, got[k as keyof typeof got]]))).toEqual(rest);
    expect(() => got.cells).toThrow(CellsNotSentError);
    expect(() => JSON.stringify(got)).toThrow(/extracted for loading only/);
  });

  it('decode a GBK page as this thread does (the charset hint travels with the bytes)', async () => {
    const gbk = iconv.encode(renderHtml(generateReport(9)).replace('charset="utf-8"', ''), 'gbk');
    const hints = { ...hintsOf(9), contentType: 'text/html; charset=gbk', charset: 'gbk' };
    const here = await extractBytes(gbk, hints);
    expect(here.status).not.toBe('failed');
    expect(await pool.extract(gbk, hints)).toEqual(here);
  });

  it('throw an input error as ExtractInputError with its code, naming the page', async () => {
    const err = await pool
      .extract(new Uint8Array(0), { url: 'http://portal.test/empty.html' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ExtractInputError);
    expect(err.code).toBe('input.empty');
    expect(err.message).toContain('http://portal.test/empty.html');
  });

  it('send only the bytes of a view, not the buffer around it', async () => {
    const whole = Buffer.concat([
      Buffer.from('垃圾'.repeat(1000)),
      page(2),
      Buffer.from('垃圾'.repeat(1000)),
    ]);
    const start = Buffer.byteLength('垃圾'.repeat(1000));
    const view = whole.subarray(start, whole.length - start);
    expect(await pool.extract(view, hintsOf(2))).toEqual(await extractBytes(page(2), hintsOf(2)));
    // The caller's bytes are its own still (what was sent is a copy).
    expect(view.byteLength).toBe(page(2).byteLength);
    expect(Buffer.compare(view, page(2))).toBe(0);
  });
});

describe('the extract stage on the threads', () => {
  const pool = createExtractPool({ size: 1 });
  afterAll(() => pool.close());
  const seed = 5;
  const payload: ExtractPayload = {
    runId: null,
    source: 'portal',
    documentId: 7,
    url: hintsOf(seed).url,
    parentUrl: null,
    hints: {},
  };
  /** A store that serves the page and keeps what the stage saves or loads. */
  const storeFor = (kept: Kept) =>
    recordingStore({
      calls: [],
      answers: {
        getDocument: { id: 7, bytes: page(seed), contentType: 'text/html; charset=utf-8', encoding: 'utf-8' },
        saveExtraction: (_id: unknown, _version: unknown, record: ReportRecord) => {
          // As db/pipeline-extractions.ts writes it.
          kept.saved = JSON.stringify(record);
          return 11;
        },
        loadReport: (record: ReportRecord) => {
          kept.loaded = record;
          return { reportId: 3, outcome: 'inserted' };
        },
      },
    });
  type Kept = { saved?: string; loaded?: ReportRecord; hints?: ExtractHints };
  const depsFor = (kept: Kept, loadInline: boolean) =>
    stageDeps(storeFor(kept), {
      extractBytes: (b, h, use) => {
        kept.hints = h;
        return pool.extract(b, h, use);
      },
      loadInline,
    });
  /** The record extractBytes gives in this thread for what the stage asked. */
  const hereFor = (kept: Kept) => extractBytes(page(seed), kept.hints!);

  it('saves the whole record, cells and all, for a load job in another process', async () => {
    const kept: Kept = {};
    const r = await extractStage(payload, depsFor(kept, false));
    expect(r.next.map((j) => j.stage)).toEqual(['load']);
    const here = await hereFor(kept);
    expect(here.cells.length).toBeGreaterThan(100);
    expect(kept.saved).toBe(JSON.stringify(here));
  });

  it('loads a record here without its cells, from the inputs handed over', async () => {
    const kept: Kept = {};
    const r = await extractStage(payload, depsFor(kept, true));
    const here = await hereFor(kept);
    expect(r.summary).toMatchObject({ reportId: 3, cells: here.cells.length });
    expect(givenLoadInputs(kept.loaded!)).toEqual(computeLoadInputs(here));
    expect(() => kept.loaded!.cells).toThrow(CellsNotSentError);
  });
});

describe('a job over its cap', () => {
  it('fails with input.timeout naming its page; the job queued behind it runs on a fresh thread', async () => {
    // Pages of a few megabytes take far longer than 1 ms anywhere. Both are handed to the one
    // thread; the second is not failed with the first: it gets a thread of its own, and its own cap.
    const pool = createExtractPool({ size: 1, perThread: 2, timeoutMs: 1 });
    try {
      const huge = Buffer.from(renderHtml(generateReport(3)).repeat(80), 'utf8');
      const [first, second] = await Promise.all(
        ['http://portal.test/huge-1.html', 'http://portal.test/huge-2.html'].map((url) =>
          pool.extract(huge, { url }).catch((e) => e),
        ),
      );
      for (const [err, url] of [
        [first, 'huge-1.html'],
        [second, 'huge-2.html'],
      ] as const) {
        expect(err).toBeInstanceOf(ExtractInputError);
        expect(err.code).toBe('input.timeout');
        expect(err.message).toContain(url);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);
});
