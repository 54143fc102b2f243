// An extraction thread (extract-pool.ts): bytes + hints in, the extractor's record (or its input
// error's code and message) out, one message at a time. Plain JS so that it starts the same under
// the CLI, the pipeline and vitest: it registers tsx itself before loading the TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractBytes } = await import('../extractors/index.ts');
const { computeLoadInputs } = await import('../db/load-inputs.ts');
const utf8 = new TextEncoder();

parentPort.on('message', async (job) => {
  try {
    const record = await extractBytes(job.bytes, job.hints);
    // As JSON text: a record is a few hundred small objects, which the structured clone copies
    // more slowly than JSON.parse builds them on the other side. Its cells apart (a 0 in their
    // place, so the keys keep their order), with what the loader derives from them: the calling
    // thread builds them only if something reads them (extract-pool.ts).
    //
    // The cells' JSON and their COPY block (~26 KB and ~10 KB a page) go as UTF-8 bytes, moved: as
    // strings they sat in the calling thread's young generation from this reply until the page's
    // load batch committed (up to ~140 pages are in flight), copied by each scavenge they lived
    // through and then promoted. Bytes live off the heap.
    const { block, ...facts } = computeLoadInputs(record);
    const cells = utf8.encode(JSON.stringify(record.cells));
    const blockBytes = utf8.encode(block);
    parentPort.postMessage(
      {
        id: job.id,
        json: JSON.stringify({ ...record, cells: 0 }),
        cells,
        block: blockBytes,
        inputs: facts,
      },
      [cells.buffer, blockBytes.buffer],
    );
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      error: { code: err?.code ?? null, message: String(err?.message ?? err) },
    });
  }
});
parentPort.postMessage({ ready: true });
