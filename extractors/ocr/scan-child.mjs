// The OCR read of one scan (child.ts `ocrInChild`): its inputs and hints on stdin, the record as
// one JSON line on stdout. A process of its own so that the page work (rendering, decoding, raster
// clean-up, crops: ~0.5 GB for a 2-page 300 dpi scan) is under the OCR memory cap and deadline,
// and its memory goes back to the system when the scan is read. Plain JS, like paddle-child.mjs:
// it registers tsx itself, so it starts the same under the CLI, the pipeline and vitest.
import '../documents/pdfjs-early.mjs';
import { register } from 'tsx/esm/api';

// After pdfjs-early.mjs: pdfjs's source maps are not read (its comment says why).
register();
const { serveScan } = await import('./child.ts');
await serveScan(process.stdin, process.stdout);
