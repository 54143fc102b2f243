import mammoth from 'mammoth';
import { corrupt, DocumentError } from './errors.ts';
import { asBuffer, headHex, isZip } from './magic.ts';

// mammoth inlines every image as a base64 data URI by default: megabytes of HTML for a scanned
// seal or a logo, and the extractor only reads text. Keep the <img> (alt text), drop the data.
const NO_IMAGE_DATA = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * .docx → HTML through mammoth, which keeps tables as `<table>` (cells wrapped in `<p>`), so the
 * HTML tokenizer reads a Word attachment exactly like a web page.
 */
export async function docxToHtml(bytes: Uint8Array): Promise<string> {
  if (!isZip(bytes)) {
    throw new DocumentError('document.corrupt', `docx: not a ZIP package (starts with ${headHex(bytes)})`);
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: asBuffer(bytes) }, { convertImage: NO_IMAGE_DATA })).value;
  } catch (err) {
    throw corrupt('docx', err);
  }
  return html;
}
