/**
 * Bytes → text or HTML, through the byte-decoding and document-conversion modules
 * (extractors/decode.ts, extractors/documents/). This adapter is the only place that knows
 * their names, and it turns their errors into ExtractInputError codes.
 */
import { isXxgkError } from '../config/errors.ts';
import { decodeBytes, sniffKind } from './decode.ts';
import { type ExtractInputCode, ExtractInputError } from './errors.ts';
import type { ExtractHints } from './hints.ts';
import { imageKind } from './ocr/magic.ts';

export interface Content {
  kind: 'html' | 'text';
  content: string;
}

type DocKind = 'docx' | 'pdf' | 'doc';
type Converter = (bytes: Uint8Array, kind: DocKind) => Promise<Content>;

async function converter(): Promise<Converter> {
  // Loaded lazily: mammoth/pdfjs are heavy and plain-text extraction never needs them. The parsers
  // run in worker threads with memory and time caps (documents/pool.ts): a hostile file fails alone.
  const { documentPool } = await import('./documents/pool.ts');
  return (bytes, kind) => documentPool().convert(bytes, kind);
}

/** Codes a converter's error keeps; any other failure to read a document is `input.undecodable`. */
const KEPT: ReadonlySet<string> = new Set<ExtractInputCode>([
  'input.unsupported',
  // A scan: the OCR stage reads it (extractors/ocr).
  'input.image_only',
  'input.too_large',
  'input.timeout',
]);

function name(hints: ExtractHints): string {
  return hints.filename ?? hints.url ?? 'input';
}

export async function bytesToContent(bytes: Uint8Array, hints: ExtractHints): Promise<Content> {
  if (bytes.byteLength === 0) throw new ExtractInputError('input.empty', `${name(hints)}: empty input`);
  const opts: { contentType?: string; filename?: string } = {};
  if (hints.contentType) opts.contentType = hints.contentType;
  if (hints.filename ?? hints.url) opts.filename = (hints.filename ?? hints.url) as string;
  const image = imageKind(bytes);
  if (image) {
    throw new ExtractInputError('input.image_only', `${name(hints)}: a ${image} image (needs OCR)`);
  }
  const kind = sniffKind(bytes, opts);
  if (kind === 'html' || kind === 'text') {
    try {
      const d: { contentType?: string; charset?: string } = {};
      if (hints.contentType) d.contentType = hints.contentType;
      if (hints.charset) d.charset = hints.charset;
      const { text } = decodeBytes(bytes, d);
      if (text.trim() === '') throw new ExtractInputError('input.empty', `${name(hints)}: no text`);
      return { kind, content: text };
    } catch (cause) {
      if (cause instanceof ExtractInputError) throw cause;
      throw new ExtractInputError('input.undecodable', `${name(hints)}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  if (kind === 'docx' || kind === 'pdf' || kind === 'doc') {
    try {
      return await (await converter())(bytes, kind);
    } catch (cause) {
      const code =
        isXxgkError(cause) && KEPT.has(cause.code) ? (cause.code as ExtractInputCode) : 'input.undecodable';
      // The converters name the kind themselves (`pdf: no text in 3 page(s)`); others' messages do not.
      const message = (cause as Error).message;
      const said = message.startsWith(`${kind}: `) ? message : `${kind}: ${message}`;
      throw new ExtractInputError(code, `${name(hints)}: ${said}`, { cause });
    }
  }
  throw new ExtractInputError('input.unsupported', `${name(hints)}: unsupported document type (${kind})`);
}
