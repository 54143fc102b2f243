import WordExtractor from 'word-extractor';
import { corrupt, DocumentError } from './errors.ts';
import { asBuffer, headHex, isOle } from './magic.ts';

/**
 * Legacy Word (.doc, also .wps, which uses the same OLE streams) → plain text through word-extractor.
 * Table cells come out tab-separated; cell-end marks are dropped by the library.
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
    return splitTableRows(doc.getBody().replace(/\r\n?/g, '\n'));
  } catch (err) {
    throw corrupt('doc', err);
  }
}

/**
 * word-extractor ends every cell with a tab and a table row with one more, but often puts no line
 * break between rows (and glues the heading after a table onto its last row). A run of two or more
 * tabs followed by words (not a blank marker) is therefore a row end: the words start the next row or the next
 * paragraph. A run followed by a number stays (an empty cell inside a row of values).
 */
export function splitTableRows(body: string): string {
  return body.replace(/\t{2,}(?!无\t|[\t\n\d０-９.\-—–－/／\s])/g, '\t\n');
}
