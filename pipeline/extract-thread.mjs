// An extraction thread (extract-pool.ts): bytes + hints in, the extractor's record (or its input
// error's code and message) out, one message at a time. Plain JS so that it starts the same under
// the CLI, the pipeline and vitest: it registers tsx itself before loading the TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { extractBytes } = await import('../extractors/index.ts');

parentPort.on('message', async (job) => {
  try {
    const record = await extractBytes(job.bytes, job.hints);
    // As JSON text: a record is a few hundred small objects, which the structured clone copies
    // more slowly than JSON.parse builds them on the other side.
    parentPort.postMessage({ id: job.id, json: JSON.stringify(record) });
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      error: { code: err?.code ?? null, message: String(err?.message ?? err) },
    });
  }
});
parentPort.postMessage({ ready: true });
