import WordExtractor from 'word-extractor';
import { corrupt, DocumentError } from './errors.ts';
import { asBuffer, headHex, isOle } from './magic.ts';

/**
 * Legacy Word (.doc, also .wps, which uses the same OLE streams) → plain text through word-extractor.
 * Table cells come out tab-separated, one row per line; cell-end marks are dropped by the library.
 */
export async function docToText(bytes: Uint8Array): Promise<string> {
  if (!isOle(bytes)) {
    throw new DocumentError(
      'document.corrupt',
      `doc: not an OLE compound file (starts with ${headHex(bytes)})`,
    );
  }
  const buf = asBuffer(bytes);
  if (buf.indexOf('WordDocument', 0, 'utf16le') < 0) {
    // The stream directory names the application: a workbook is another kind, anything else is damage.
    if (buf.indexOf('Workbook', 0, 'utf16le') >= 0 || buf.indexOf('Book', 0, 'utf16le') >= 0) {
      throw new DocumentError(
        'input.unsupported',
        'doc: OLE file without a WordDocument stream; it is a spreadsheet',
      );
    }
    throw new DocumentError(
      'document.corrupt',
      'doc: OLE file without a WordDocument stream (truncated or damaged)',
    );
  }
  try {
    const doc = await new WordExtractor().extract(buf);
    return doc.getBody().replace(/\r\n?/g, '\n');
  } catch (err) {
    throw corrupt('doc', err);
  }
}
