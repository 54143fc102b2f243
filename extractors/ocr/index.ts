/**
 * Scanned reports: image files and PDFs whose pages are pictures → the canonical record, every
 * cell traceable to its page and box, every uncertain value null with `ocr.low_confidence`.
 *
 * ```ts
 * await ocrBytes(bytes, hints, { limits })   // the record (and what was read, for tracing)
 * ```
 * Engines: Tesseract 5 (chi_sim + eng) and poppler's pdftoppm, as child processes under a time
 * and memory cap. Pages of a PDF that have a text layer are read from it, not OCR'd.
 */
import { isImagePage, pdfLayers } from '../documents/pdf.ts';
import type { ExtractHints } from '../hints.ts';
import { extractText } from '../index.ts';
import type { ReportRecord } from '../record.ts';
import { explainOcr, type MissCause } from './apply.ts';
import { OcrInputError } from './errors.ts';
import { type OcrHtml, toHtml } from './html.ts';
import { decodeImage } from './images.ts';
import { imageKind } from './magic.ts';
import { type NativePage, nativePageImage, withPdfFile } from './pdf-image.ts';
import { DEFAULT_LIMITS, type OcrLimits } from './proc.ts';
import type { Box } from './raster.ts';
import { type OcrBlock, type OcrDocument, type PageImage, readPages } from './read.ts';
import { renderPdfPage } from './render.ts';
import { checkTesseract } from './tesseract.ts';

export type { MissCause } from './apply.ts';
export { OcrEngineError, OcrInputError } from './errors.ts';
export { DEFAULT_LIMITS, type OcrLimits } from './proc.ts';
export type { OcrCell, OcrDocument } from './read.ts';

export interface OcrOptions {
  limits?: OcrLimits;
  minConfidence?: number;
  strictConfidence?: number;
  /** More pages than this are refused (a report has a handful; a 500-page scan is something else). */
  maxPages?: number;
}

export interface OcrResult {
  record: ReportRecord;
  document: OcrDocument;
  /** Pages read by OCR, and pages taken from the PDF's text layer. */
  ocrPages: number;
  textPages: number;
}

export const MAX_OCR_PAGES = 60;

/** Several inputs of one report, in order (a page's images): their pages are numbered on. */
export async function ocrInputs(
  inputs: Uint8Array[],
  hints: ExtractHints,
  opts: OcrOptions = {},
): Promise<OcrResult> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const maxPages = opts.maxPages ?? MAX_OCR_PAGES;
  const what = hints.filename ?? hints.url ?? 'input';
  await checkTesseract();
  const images: PageImage[] = [];
  const textBlocks: OcrBlock[] = [];
  // PDF pages read from their embedded picture: its pixels → pixels of the page at RENDER_DPI.
  const toRender = new Map<number, { x: number; y: number }>();
  let page = 1;
  for (const bytes of inputs) {
    if (imageKind(bytes)) {
      const pages = await decodeImage(bytes, what, page);
      images.push(...pages);
      page += pages.length;
    } else {
      const layers = await pdfLayers(bytes);
      const scans = layers.flatMap((l, i) => (isImagePage(l) ? [i + 1] : []));
      if (scans.length > maxPages)
        throw new OcrInputError('ocr.too_large', `${what}: ${scans.length} scanned pages (cap ${maxPages})`);
      const base = page;
      const pictures =
        scans.length > 0
          ? await withPdfFile(bytes, async (file) => {
              const out = new Map<number, NativePage>();
              for (const n of scans) {
                const native = await nativePageImage(file, n, limits);
                if ('img' in native) out.set(n, native);
              }
              return out;
            })
          : new Map<number, NativePage>();
      for (let i = 0; i < layers.length; i++) {
        const native = pictures.get(i + 1);
        if (native) {
          images.push({ page: page + i, img: native.img, dpi: native.dpi });
          toRender.set(base + i, native.toRender);
        } else if (isImagePage(layers[i]!))
          images.push({ ...(await renderPdfPage(bytes, i + 1, limits)), page: page + i });
        else if (layers[i]!.lines.length > 0) {
          textBlocks.push({
            kind: 'lines',
            page: page + i,
            y: 0,
            lines: layers[i]!.lines.map((text) => ({
              text,
              box: { x: 0, y: 0, w: 0, h: 0 },
              confidence: 100,
            })),
          });
        }
      }
      page += layers.length;
    }
    if (images.length > maxPages)
      throw new OcrInputError('ocr.too_large', `${what}: over ${maxPages} pages to OCR`);
  }
  if (images.length === 0) throw new OcrInputError('input.unsupported', `${what}: no page image to OCR`);
  const read = await readPages(images, {
    limits,
    ...(opts.minConfidence ? { minConfidence: opts.minConfidence } : {}),
  });
  const document: OcrDocument = {
    pages: read.pages,
    blocks: [...read.blocks.map((b) => inRenderFrame(b, toRender.get(b.page))), ...textBlocks].sort(
      (a, b) => a.page - b.page || a.y - b.y,
    ),
  };
  const record = recordOf(document, hints, opts);
  return { record, document, ocrPages: images.length, textPages: textBlocks.length };
}

/**
 * A PDF page's positions are pixels of the page at RENDER_DPI (points × 300 / 72), however it was
 * read: rendered by pdftoppm, or taken as its embedded picture at the picture's own resolution
 * (`f`: picture pixels → page pixels). Image files keep their own pixels.
 */
export function inRenderFrame(b: OcrBlock, f: { x: number; y: number } | undefined): OcrBlock {
  if (!f) return b;
  const box = (r: Box): Box => ({
    x: Math.round(r.x * f.x),
    y: Math.round(r.y * f.y),
    w: Math.round(r.w * f.x),
    h: Math.round(r.h * f.y),
  });
  if (b.kind === 'lines')
    return { ...b, y: b.y * f.y, lines: b.lines.map((l) => ({ ...l, box: box(l.box) })) };
  const t = b.table;
  return {
    ...b,
    y: b.y * f.y,
    table: { ...t, box: box(t.box), cells: t.cells.map((c) => ({ ...c, box: box(c.box) })) },
  };
}

/** What was read → the record: the document as HTML through the ordinary extractor, then made honest. */
export function recordOf(document: OcrDocument, hints: ExtractHints, opts: OcrOptions = {}): ReportRecord {
  return explainRecord(document, hints, opts).record;
}

/** `recordOf`, with why each cell left without a value has none (the bench's breakdown of misses). */
export function explainRecord(
  document: OcrDocument,
  hints: ExtractHints,
  opts: OcrOptions = {},
): { record: ReportRecord; causes: Map<string, MissCause>; html: OcrHtml } {
  const html = toHtml(document);
  const out = explainOcr(extractText(html.html, hints), html, {
    ...(opts.strictConfidence ? { strictConfidence: opts.strictConfidence } : {}),
  });
  return { ...out, html };
}

/** One scanned file (image or PDF) → its record. */
export function ocrBytes(bytes: Uint8Array, hints: ExtractHints, opts: OcrOptions = {}): Promise<OcrResult> {
  return ocrInputs([bytes], hints, opts);
}
