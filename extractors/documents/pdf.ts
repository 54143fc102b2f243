import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { definePDFJSModule, extractTextItems, getDocumentProxy } from 'unpdf';
import { corrupt, DocumentError } from './errors.ts';
import { headHex, isPdf } from './magic.ts';
import { itemsToLines } from './pdf-layout.ts';

// Chinese government PDFs often use non-embedded fonts with predefined CMaps (STSong-Light +
// UniGB-UCS2-H): without the packed CMaps pdfjs silently returns no text for them
// (dependencies.md gotcha 6). These are directories of the installed pdfjs-dist, read by pdfjs itself.
const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const PDFJS_OPTIONS = {
  cMapUrl: `${PDFJS_DIR}/cmaps/`,
  cMapPacked: true,
  standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`,
  // In-process parsing only: no eval'd font programs, no network.
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  // Errors only: pdfjs would print its warnings to the console, outside our logger.
  verbosity: 0,
};

let pdfjsReady: Promise<void> | undefined;
// The legacy build runs on Node 20 in-process (its "fake worker"): no worker thread to leak or hang.
const ensurePdfjs = () => {
  pdfjsReady ??= definePDFJSModule(() => import('pdfjs-dist/legacy/build/pdf.mjs'));
  return pdfjsReady;
};

/** .pdf → text: every page's lines, table rows rebuilt as `a | b | c` pipe rows, pages in order. */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  if (!isPdf(bytes)) {
    throw new DocumentError('document.corrupt', `pdf: no %PDF- header (starts with ${headHex(bytes)})`);
  }
  await ensurePdfjs();
  // pdfjs may detach the buffer it is given: hand it a copy so the caller's bytes stay intact.
  const data = new Uint8Array(bytes);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  let pages: string[];
  try {
    pdf = await getDocumentProxy(data, PDFJS_OPTIONS);
    const { items } = await extractTextItems(pdf);
    pages = items.map((page) =>
      itemsToLines(
        page.map((it) => ({
          str: it.str,
          x: it.x,
          y: it.y,
          width: it.width,
          height: it.fontSize || it.height,
        })),
      ).join('\n'),
    );
  } catch (err) {
    if ((err as Error)?.name === 'PasswordException') {
      throw new DocumentError('input.unsupported', 'pdf: password-protected', { cause: err });
    }
    throw corrupt('pdf', err);
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
  if (pages.every((p) => p.trim() === '')) {
    // Pages but no text layer: a scan. Saying so beats handing the extractor an empty string.
    throw new DocumentError(
      'input.unsupported',
      `pdf: no text in ${pages.length} page(s) (a scanned image? no OCR here)`,
    );
  }
  return pages.join('\n');
}
