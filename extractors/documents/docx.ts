import mammoth from 'mammoth';
import { corrupt, DocumentError } from './errors.ts';
import { asBuffer, headHex, isZip } from './magic.ts';
import { readZipEntry } from './zip-entry.ts';

// mammoth inlines every image as a base64 data URI by default: megabytes of HTML for a scanned
// seal or a logo, and the extractor only reads text. Keep the <img> (alt text), drop the data.
const NO_IMAGE_DATA = mammoth.images.imgElement(async () => ({ src: '' }));

/** Far beyond any report; a package past these is built to hurt (or is no report). */
export const DOCX_LIMITS = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxEntries: 5_000,
  maxTableDepth: 16,
  maxCells: 1_000,
};

/**
 * Tables nested deeper, or rows wider, than any report has: mammoth recurses per level and slows
 * down per cell, so such a file is refused before it is converted. One linear pass over the tags.
 */
function checkTables(xml: string): void {
  let depth = 0;
  let maxDepth = 0;
  const cells: number[] = [];
  for (const m of xml.matchAll(/<(\/?)w:(tbl|tr|tc)[\s>/]/g)) {
    const closing = m[1] === '/';
    if (m[2] === 'tbl') {
      depth += closing ? -1 : 1;
      maxDepth = Math.max(maxDepth, depth);
      if (maxDepth > DOCX_LIMITS.maxTableDepth)
        throw new DocumentError(
          'input.too_large',
          `docx: tables nested more than ${DOCX_LIMITS.maxTableDepth} deep`,
        );
    } else if (m[2] === 'tr') {
      if (closing) cells.pop();
      else cells.push(0);
    } else if (!closing && cells.length > 0) {
      const n = ++cells[cells.length - 1]!;
      if (n > DOCX_LIMITS.maxCells)
        throw new DocumentError(
          'input.too_large',
          `docx: a table row with more than ${DOCX_LIMITS.maxCells} cells`,
        );
    }
  }
}

/**
 * .docx → HTML through mammoth, which keeps tables as `<table>` (cells wrapped in `<p>`), so the
 * HTML tokenizer reads a Word attachment exactly like a web page.
 */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  if (!isZip(bytes)) {
    throw new DocumentError('document.corrupt', `docx: not a ZIP package (starts with ${headHex(bytes)})`);
  }
  // Sizes first (declared and inflated, so a zip bomb stops at the cap), then the table structure.
  const xml = readZipEntry(bytes, 'word/document.xml', DOCX_LIMITS);
  if (xml !== null) checkTables(xml);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: asBuffer(bytes) }, { convertImage: NO_IMAGE_DATA })).value;
  } catch (err) {
    throw corrupt('docx', err);
  }
  return html;
}
