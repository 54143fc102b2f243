/**
 * A crawling process keeps its heap near what is live. V8 lets the old generation grow to three or
 * four times what survived its last full collection before collecting again; a crawl allocates
 * fast (pages, decoded text, records) but keeps little (~90 MB, most of it code), so its heap sat
 * at ~380 MB, mostly garbage: the embedded default's memory peak, with the database beside it.
 * Growing by half instead means more frequent full collections, which V8 marks concurrently and
 * whose cost follows the small live set; the bench (`npm run bench -- crawlee`) shows the CPU per
 * page. Process-wide, and set only by processes that run the pipeline.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function keepHeapNearLive(percent = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
