// An extraction thread (extract-pool.ts): bytes + hints in, the extractor's record (or its input
// error's code and message) out, one message at a time. Plain JS so that it starts the same under
// the CLI, the pipeline and vitest. Its first message says where the extractor comes from: the
// pool's prebuilt bundle of extract-entry.ts (config/entry-bundle.ts), or, without one (or if it
// went missing since), the TypeScript itself through tsx, registered here.
import { parentPort } from 'node:worker_threads';

const init = await new Promise((resolve) => parentPort.once('message', resolve));
const { extractBytes, computeLoadInputs } = await loadEntry(init.bundle);
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
    //
    // A record only loaded in the calling thread (`loadOnly`), whose cells are all valid and none
    // read from a scan, has them read by nobody there: the block, hash and figures stand for them
    // (db/load-inputs.ts). Their JSON is not even made (~0.1 ms and 26 KB of garbage a page).
    const { block, ...facts } = computeLoadInputs(record);
    const sendCells = !job.loadOnly || !facts.cellsValid || facts.scans;
    const cells = sendCells ? utf8.encode(JSON.stringify(record.cells)) : undefined;
    const blockBytes = utf8.encode(block);
    parentPort.postMessage(
      {
        id: job.id,
        json: JSON.stringify({ ...record, cells: 0 }),
        cells,
        block: blockBytes,
        inputs: facts,
      },
      cells ? [cells.buffer, blockBytes.buffer] : [blockBytes.buffer],
    );
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      error: { code: err?.code ?? null, message: String(err?.message ?? err) },
    });
  }
});
parentPort.postMessage({ ready: true });

async function loadEntry(bundle) {
  if (bundle) {
    try {
      return await import(bundle);
    } catch {
      // Pruned by a newer build between the pool's look and this import: the sources serve as well.
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('./extract-entry.ts');
}
