// pdfjs loaded before tsx is registered (documents/worker.mjs, ocr/scan-child.mjs import this first).
// tsx turns on Node's source maps for the thread that registers it, and Node then reads and keeps
// the source map of every module loaded after, node_modules included: pdfjs's two are 8 MB of JSON
// (pdf.mjs.map, pdf.worker.mjs.map), which took a parser thread from ~150 to ~450 MB RSS once it
// had read one PDF (loading pdfjs +145 MB instead of +33, its worker code +210 MB). Loaded here, the
// modules are the same (pdf.ts's import of pdf.mjs finds this one in the module cache); only their
// stack traces keep the built file's lines. The worker code is handed over as pdfjs's documented
// `globalThis.pdfjsWorker`, the same module its in-process "fake worker" would import.
await import('pdfjs-dist/legacy/build/pdf.mjs');
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
