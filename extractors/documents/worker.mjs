// A parser worker thread (pool.ts): converts one document at a time with documentToContent and
// answers with the content or the error's code and message. Plain JS so that it starts the same
// under the CLI, the pipeline and vitest: it registers tsx itself before loading the TypeScript.
import { parentPort } from 'node:worker_threads';
import './pdfjs-early.mjs';
import { register } from 'tsx/esm/api';

// After pdfjs-early.mjs: pdfjs's source maps are not read (its comment says why).
register();
const { documentToContent } = await import('./index.ts');
// Every parser loaded before the first file: a file's time cap then measures the file alone.
await (await import('./pdf.ts')).loadPdfjs();

parentPort.on('message', async (job) => {
  try {
    const content = await documentToContent(job.bytes, job.kind, { timeoutMs: job.timeoutMs });
    parentPort.postMessage({ id: job.id, content });
  } catch (err) {
    parentPort.postMessage({
      id: job.id,
      error: { code: err?.code ?? 'document.corrupt', message: String(err?.message ?? err) },
    });
  }
});
parentPort.postMessage({ ready: true });
