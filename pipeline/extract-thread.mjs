// An extraction thread (extract-pool.ts): bytes + hints in, the extractor's record (or its input
// error's code and message) out, one message at a time. Plain JS so that it starts the same under
// the CLI, the pipeline and vitest: it registers tsx itself before loading the TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractBytes } = await import('../extractors/index.ts');
const { computeLoadInputs } = await import('../db/load-inputs.ts');

parentPort.on('message', async (job) => {
  try {
    const record = await extractBytes(job.bytes, job.hints);
    // As JSON text: a record is a few hundred small objects, which the structured clone copies
    // more slowly than JSON.parse builds them on the other side. Its cells apart (a 0 in their
    // place, so the keys keep their order), with what the loader derives from them: the calling
    // thread builds them only if something reads them (extract-pool.ts).
    const inputs = computeLoadInputs(record);
    parentPort.postMessage({
      id: job.id,
      json: JSON.stringify({ ...record, cells: 0 }),
      cells: JSON.stringify(record.cells),
      inputs,
    });
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      error: { code: err?.code ?? null, message: String(err?.message ?? err) },
    });
  }
});
parentPort.postMessage({ ready: true });
