/**
 * What a file is, from its magic numbers or, failing that, from what the server and the link say.
 * No parser, no decoding: cheap enough for every fetched body (decode.ts sniffKind builds on it).
 */
export type DocumentKind = 'html' | 'text' | 'docx' | 'pdf' | 'doc' | 'xls' | 'unknown';

export const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const has = (b: Uint8Array, needle: string, encoding: 'latin1' | 'utf16le' = 'latin1') =>
  asBuffer(b).indexOf(needle, 0, encoding) >= 0;

export const isZip = (b: Uint8Array): boolean =>
  b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
export const isOle = (b: Uint8Array): boolean =>
  b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
/** Some producers put junk before the header; readers accept it within the first 1024 bytes. */
export const isPdf = (b: Uint8Array): boolean => has(b.subarray(0, 1024), '%PDF-');

/** First bytes as hex, for error messages about files that are not what they claim. */
export const headHex = (b: Uint8Array): string => asBuffer(b).subarray(0, 8).toString('hex');

/** The kind the bytes prove, or null when they carry no known magic number. */
export function sniffMagic(b: Uint8Array): DocumentKind | null {
  if (isPdf(b)) return 'pdf';
  if (isZip(b)) {
    if (has(b, 'word/')) return 'docx';
    if (has(b, 'xl/')) return 'xls';
    return 'unknown';
  }
  if (isOle(b)) {
    // OLE compound file: the stream directory names the application (WPS writes WordDocument too).
    if (has(b, 'WordDocument', 'utf16le')) return 'doc';
    if (has(b, 'Workbook', 'utf16le') || has(b, 'Book', 'utf16le')) return 'xls';
    return 'unknown';
  }
  return null;
}

const CONTENT_TYPES: [RegExp, DocumentKind][] = [
  [/application\/pdf/i, 'pdf'],
  [/wordprocessingml/i, 'docx'],
  [/application\/(msword|vnd\.ms-word|wps|kswps|vnd\.ms-works)/i, 'doc'],
  [/(ms-excel|spreadsheetml)/i, 'xls'],
  [/(text\/html|xhtml)/i, 'html'],
  [/text\//i, 'text'],
];
const EXTENSIONS: Record<string, DocumentKind> = {
  pdf: 'pdf',
  docx: 'docx',
  doc: 'doc',
  wps: 'doc',
  xls: 'xls',
  xlsx: 'xls',
  et: 'xls',
  html: 'html',
  htm: 'html',
  shtml: 'html',
  xhtml: 'html',
  jsp: 'html',
  txt: 'text',
};

/** The kind the Content-Type, else the file name's extension, claims; null when neither says. */
export function kindFromHints(opts: { contentType?: string; filename?: string }): DocumentKind | null {
  const byType = CONTENT_TYPES.find(
    ([re]) => opts.contentType !== undefined && re.test(opts.contentType),
  )?.[1];
  if (byType) return byType;
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(opts.filename ?? '')?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || null;
}
