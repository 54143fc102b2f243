/**
 * Attachments → content the extractor reads: .docx becomes HTML (tables kept), .pdf and .doc become
 * text (table rows as pipe rows or tab-separated lines). Pure: bytes in, string out.
 */
import { docToText } from './doc.ts';
import { docxToHtml } from './docx.ts';
import { DocumentError, withDeadline } from './errors.ts';
import { pdfToText } from './pdf.ts';

export type { DocumentErrorCode } from './errors.ts';
export { DocumentError } from './errors.ts';
export { CELL_SEPARATOR, itemsToLines, type PdfTextItem } from './pdf-layout.ts';

export type DocumentKind = 'docx' | 'pdf' | 'doc';
export type DocumentContent = { kind: 'html' | 'text'; content: string };

/** Parsers are given this long before a file counts as broken. */
export const DOCUMENT_TIMEOUT_MS = 30_000;

export async function documentToContent(
  bytes: Uint8Array,
  kind: DocumentKind,
  opts: { timeoutMs?: number } = {},
): Promise<DocumentContent> {
  const ms = opts.timeoutMs ?? DOCUMENT_TIMEOUT_MS;
  if (bytes.byteLength === 0) throw new DocumentError('document.corrupt', `${kind}: empty file`);
  switch (kind) {
    case 'docx':
      return { kind: 'html', content: await withDeadline(docxToHtml(bytes), ms, 'docx') };
    case 'pdf':
      return { kind: 'text', content: await withDeadline(pdfToText(bytes), ms, 'pdf') };
    case 'doc':
      return { kind: 'text', content: await withDeadline(docToText(bytes), ms, 'doc') };
    default:
      throw new DocumentError('input.unsupported', `no converter for document kind "${String(kind)}"`);
  }
}
