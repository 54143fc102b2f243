/**
 * A crawling process keeps its heap near what is live. V8 lets the old generation grow to three or
 * four times what survived its last full collection before collecting again; a crawl allocates
 * fast (pages, decoded text, records) but keeps little (~90 MB, most of it code), so its heap sat
 * at ~380 MB, mostly garbage: the embedded default's memory peak, with the database beside it.
 * Growing by half instead means more frequent full collections, which V8 marks concurrently and
 * whose cost follows the small live set; the bench (`npm run bench -- crawlee`) shows the CPU per
 * page. Process-wide, and set only by processes that run the pipeline.
 *
 * Measured on the embedded path (issue 14, 1,000-page crawls in one run on a loaded machine):
 * without it the CPU per page was the same (30.7 against 30.2 ms) and peak RSS 30 MB higher, so it
 * stays for every pipeline process. V8's parallel and concurrent GC threads cost more there:
 * `--single-threaded-gc` only works on node's command line (NODE_OPTIONS refuses it, and set here at
 * run time V8 aborts in a later collection), so `xxgk` passes it on its `#!` line (bin/xxgk.mjs).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function keepHeapNearLive(percent = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
