import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { definePDFJSModule, extractTextItems, getDocumentProxy } from 'unpdf';
import { corrupt, DocumentError } from './errors.ts';
import { headHex, isPdf } from './magic.ts';
import { checkInflatedSize } from './pdf-inflate.ts';
import { pageToLines } from './pdf-layout.ts';
import { type OpCodes, pageRules } from './pdf-rules.ts';

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

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

let pdfjsReady: Promise<void> | undefined;
// The legacy build runs on Node 20 in-process (its "fake worker"): no worker thread to leak or hang.
export const loadPdfjs = (): Promise<void> => {
  pdfjsReady ??= definePDFJSModule(() => import('pdfjs-dist/legacy/build/pdf.mjs'));
  return pdfjsReady;
};

/** One page's text layer: its lines (pipe rows for tables), how much text it has, whether it draws images. */
export interface PdfPageLayer {
  lines: string[];
  chars: number;
  images: boolean;
}

/**
 * A page with fewer printable characters than this but an image is a scan: its text layer (if
 * any: a stray page number, an invisible OCR layer gone wrong) is not what the page says.
 */
export const IMAGE_PAGE_MAX_CHARS = 20;

export const isImagePage = (p: PdfPageLayer): boolean => p.images && p.chars < IMAGE_PAGE_MAX_CHARS;

/** More pages than any annual report (they run to tens): a file past this is refused. */
export const MAX_PDF_PAGES = 500;

/** Every page's text layer, and whether it draws an image (what a scanned page is). */
export async function pdfLayers(bytes: Uint8Array): Promise<PdfPageLayer[]> {
  if (!isPdf(bytes)) {
    throw new DocumentError('document.corrupt', `pdf: no %PDF- header (starts with ${headHex(bytes)})`);
  }
  // Before pdfjs holds any of it (outside the worker's heap cap): a flate bomb ends here.
  await checkInflatedSize(bytes);
  await loadPdfjs();
  // pdfjs may detach the buffer it is given: hand it a copy so the caller's bytes stay intact.
  const data = new Uint8Array(bytes);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    pdf = await getDocumentProxy(data, PDFJS_OPTIONS);
    if (pdf.numPages > MAX_PDF_PAGES)
      throw new DocumentError('input.too_large', `pdf: ${pdf.numPages} pages (cap ${MAX_PDF_PAGES})`);
    const { items } = await extractTextItems(pdf);
    const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const imageOps = new Set<number>([
      OPS.paintImageXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageMaskXObject,
    ]);
    const out: PdfPageLayer[] = [];
    let tables = 0;
    for (let i = 0; i < items.length; i++) {
      const page = items[i]!;
      const chars = page.reduce((n, it) => n + it.str.replace(/\s/g, '').length, 0);
      // The operator list gives the page's drawings: the rulings of its tables, and whether it
      // paints an image. A page without text needs only the latter.
      const ops = await (await pdf.getPage(i + 1)).getOperatorList();
      const images = chars < IMAGE_PAGE_MAX_CHARS && ops.fnArray.some((f) => imageOps.has(f));
      const rules =
        chars > 0 ? pageRules(ops.fnArray, ops.argsArray, OPS as unknown as OpCodes) : { h: [], v: [] };
      const laid = pageToLines(
        page.map((it) => ({
          // Control characters are what some writers' ToUnicode gives a space glyph (Chromium
          // prints &nbsp; and spaced labels `规    章` as U+0001): whitespace, never text.
          str: it.str.replace(CONTROL, ' '),
          x: it.x,
          y: it.y,
          width: it.width,
          height: it.fontSize || it.height,
        })),
        rules,
        tables,
      );
      tables += laid.tables;
      out.push({ lines: laid.lines, chars, images });
    }
    return out;
  } catch (err) {
    if ((err as Error)?.name === 'PasswordException') {
      throw new DocumentError('input.unsupported', 'pdf: password-protected', { cause: err });
    }
    throw corrupt('pdf', err);
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}

/**
 * .pdf → text: every page's lines, table rows rebuilt as `a | b | c` pipe rows, pages in order.
 * A PDF with scanned pages (images, no text) is `input.image_only`: the OCR stage reads it.
 */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  const pages = await pdfLayers(bytes);
  const scans = pages.flatMap((p, i) => (isImagePage(p) ? [i + 1] : []));
  if (scans.length > 0) {
    throw new DocumentError(
      'input.image_only',
      `pdf: page(s) ${scans.join(', ')} of ${pages.length} are images without text (a scan: needs OCR)`,
    );
  }
  if (pages.every((p) => p.lines.join('').trim() === '')) {
    throw new DocumentError('input.unsupported', `pdf: no text in ${pages.length} page(s)`);
  }
  return pages.map((p) => p.lines.join('\n')).join('\n');
}
