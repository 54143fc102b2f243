/**
 * Bytes → text, once, at the edge (practices.md #2). Pure: no fs, no network.
 *
 * Charset order: BOM → declared (caller's charset, then Content-Type) → `<meta>` prescan of the
 * first 1024 bytes read as latin1 → sniff (valid UTF-8? else GB18030) → utf-8.
 * Portals often declare the wrong charset, so a declared choice is checked against the bytes and
 * swapped for the other plausible one (utf-8 ⇄ gb18030) when it is clearly wrong.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { NonRetryableError } from '../config/errors.ts';
import { type DocumentKind, kindFromHints, sniffMagic } from './documents/magic.ts';

export type { DocumentKind };

export class DecodeError extends NonRetryableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('input.undecodable', message, options);
  }
}

export type CharsetSource = 'bom' | 'header' | 'meta' | 'sniff' | 'default';

const UTF8 = 'utf-8';
const GB = 'gb18030';
// GB2312 and GBK are subsets of GB18030: decoding with the superset never loses a character.
const ALIASES: Record<string, string> = {
  utf8: UTF8,
  'utf-8': UTF8,
  gb2312: GB,
  gbk: GB,
  'x-gbk': GB,
  cp936: GB,
  'euc-cn': GB,
  'gb_2312-80': GB,
  gb18030: GB,
  big5: 'big5',
  'big5-hkscs': 'big5hkscs',
  'x-x-big5': 'big5',
  'utf-16': 'utf-16le',
  unicode: 'utf-16le',
};

/** Canonical iconv-lite name for a charset label, or null when the label names nothing we can decode. */
export function normalizeCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : null;
}

// Servers default to a Western charset when nobody configured one; on a Chinese portal such a
// header says nothing about the bytes, so it is ignored in favour of <meta> and sniffing.
const WESTERN_DEFAULTS = new Set(['iso-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'ascii']);

function charsetFromContentType(contentType: string | undefined): string | null {
  const m = contentType ? /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(contentType) : null;
  return declaredCharset(m?.[1]);
}

function declaredCharset(label: string | undefined): string | null {
  const name = normalizeCharset(label);
  return name && WESTERN_DEFAULTS.has(name) ? null : name;
}

const latin1 = new TextDecoder('latin1');

function charsetFromMeta(bytes: Uint8Array): string | null {
  const head = latin1.decode(bytes.subarray(0, 1024));
  // Covers <meta charset="gbk"> and <meta http-equiv="Content-Type" content="text/html; charset=gbk">.
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  const name = normalizeCharset(m?.[1]);
  // A <meta> read as ASCII cannot be UTF-16: the HTML standard maps that declaration to UTF-8.
  return name?.startsWith('utf-16') ? UTF8 : name;
}

function bomCharset(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: UTF8, length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM: text in CJK or ASCII has many NUL bytes on one parity only. */
function sniffUtf16(b: Uint8Array): string | null {
  const n = Math.min(b.length, 1024) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Strict UTF-8 decode; a sequence cut at the very end (truncated body) still counts as UTF-8. */
function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(UTF8, { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
}

/** Valid UTF-8 decodes to fewer UTF-16 units than bytes exactly when it holds a multi-byte character. */
const isMultibyte = (bytes: Uint8Array, text: string): boolean => text.length !== bytes.length;

interface Detected {
  encoding: string;
  source: CharsetSource;
  /** The strict UTF-8 decode when it was already computed (saves a second pass). */
  utf8?: string | null;
}

function detect(bytes: Uint8Array, contentType?: string): Detected {
  const bom = bomCharset(bytes);
  if (bom) return { encoding: bom.encoding, source: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header) return { encoding: header, source: 'header' };
  const meta = charsetFromMeta(bytes);
  if (meta) return { encoding: meta, source: 'meta' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { encoding: utf16, source: 'sniff' };
  const utf8 = tryUtf8(bytes);
  if (utf8 === null) return { encoding: GB, source: 'sniff', utf8 };
  return { encoding: UTF8, source: isMultibyte(bytes, utf8) ? 'sniff' : 'default', utf8 };
}

export function detectCharset(
  bytes: Uint8Array,
  contentType?: string,
): { encoding: string; source: CharsetSource } {
  const { encoding, source } = detect(bytes, contentType);
  return { encoding, source };
}

const BAD = /[\uFFFD\u0000-\u0008\u000E-\u001F]/g;

function badCount(text: string): number {
  BAD.lastIndex = 0;
  if (!BAD.test(text)) return 0;
  return text.match(BAD)?.length ?? 0;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === UTF8) return new TextDecoder(UTF8).decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, {
    stripBOM: false,
  });
}

/** The decode is garbage when more than a few percent of its characters are U+FFFD or C0 controls. */
function assertText(text: string, encoding: string): void {
  const bad = badCount(text);
  if (bad > 2 && bad > text.length * 0.05) {
    throw new DecodeError(
      `not text: ${bad} of ${text.length} characters are invalid or control characters when read as ${encoding}`,
    );
  }
}

/**
 * Decode bytes to text. `charset` (a declared charset the caller trusts more than the header, e.g. a
 * source default) and `contentType` are hints; a hint that the bytes contradict is overridden.
 * `encoding` names the charset actually used.
 */
export function decodeBytes(
  bytes: Uint8Array,
  opts: { contentType?: string; charset?: string } = {},
): { text: string; encoding: string } {
  // The same bytes decoded again with the same hints (a fetched page: once to find its attachments
  // and pictures, once by the extractor) give the same text: kept with the buffer while it lives.
  // Only whole documents are kept (a sniffed 2 KB head is cheap, and a fresh subarray every time).
  if (bytes.byteLength < MEMO_MIN_BYTES) return decodeUncached(bytes, opts);
  const key = `${opts.contentType ?? ''}\u0000${opts.charset ?? ''}`;
  let memo = DECODED.get(bytes);
  const hit = memo?.get(key);
  if (hit) return { ...hit };
  const out = decodeUncached(bytes, opts);
  if (!memo) {
    memo = new Map();
    DECODED.set(bytes, memo);
  }
  memo.set(key, out);
  // Told the charset these bytes were found to be in, decoding takes the same path to the same
  // text (the fetcher detects it; the stages and the extractor then pass it as `charset`).
  if (!opts.charset) memo.set(`${opts.contentType ?? ''}\u0000${out.encoding}`, out);
  return { ...out };
}

/**
 * The charset `decodeBytes(bytes, opts)` would name, without keeping (or, for valid UTF-8, building)
 * the text: what the fetcher records for every page, most of which this thread never reads again
 * (the extractor decodes on its own thread). A page's text kept in the memo until its bytes went
 * cost more in garbage collection than the decode itself (66 KB of two-byte string per 36 KB page,
 * copied by every scavenge it survived). Throws what decodeBytes throws.
 *
 * Valid UTF-8 (checked natively) decodes to text whose bad characters are exactly its C0 control
 * bytes and its encoded U+FFFDs, and holds a multi-byte character exactly when a byte is ≥ 0x80: so
 * when none of those bytes is there, the answer is read off the bytes. Anything else (a BOM, a bad
 * byte, bytes that are not UTF-8) takes decodeBytes' own path, its text dropped.
 */
export function detectEncoding(
  bytes: Uint8Array,
  opts: { contentType?: string; charset?: string } = {},
): string {
  const memo = DECODED.get(bytes)?.get(`${opts.contentType ?? ''}\u0000${opts.charset ?? ''}`);
  if (memo) return memo.encoding;
  if (!bomCharset(bytes) && isUtf8(bytes)) {
    const declared = declaredCharset(opts.charset);
    // detect() is only asked when nothing is declared; for valid UTF-8 it answers from the header or
    // <meta>, else UTF-16 by its zero bytes, else UTF-8 (its strict decode succeeds).
    const chosen = declared ?? detect(bytes, opts.contentType).encoding;
    const bytesSay = utf8Facts(bytes);
    if (!bytesSay.bad && !chosen.startsWith('utf-16') && (chosen === UTF8 || bytesSay.multibyte)) return UTF8;
  }
  return decodeUncached(bytes, opts).encoding;
}

/** Over valid UTF-8: a byte that decodes to a bad character (C0 control, U+FFFD's EF BF BD), a byte ≥ 0x80. */
function utf8Facts(b: Uint8Array): { bad: boolean; multibyte: boolean } {
  let multibyte = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x20) {
      if (c <= 0x08 || c >= 0x0e) return { bad: true, multibyte };
    } else if (c >= 0x80) {
      multibyte = true;
      if (c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd) return { bad: true, multibyte };
    }
  }
  return { bad: false, multibyte };
}

const MEMO_MIN_BYTES = 4096;
const DECODED = new WeakMap<Uint8Array, Map<string, { text: string; encoding: string }>>();

function decodeUncached(
  bytes: Uint8Array,
  opts: { contentType?: string; charset?: string },
): { text: string; encoding: string } {
  const bom = bomCharset(bytes);
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.length), bom.encoding);
    assertText(text, bom.encoding);
    return { text, encoding: bom.encoding };
  }
  const declared = declaredCharset(opts.charset);
  const found: Detected = declared
    ? { encoding: declared, source: 'header' }
    : detect(bytes, opts.contentType);
  const chosen = found.encoding;

  if (chosen === UTF8) {
    // Fast path: one native strict decode, no JS loop over the buffer.
    const strict = found.utf8 !== undefined ? found.utf8 : tryUtf8(bytes);
    if (strict !== null) {
      assertText(strict, UTF8);
      return { text: strict, encoding: UTF8 };
    }
    const lenient = decodeWith(bytes, UTF8);
    const gb = decodeWith(bytes, GB);
    if (badCount(gb) < badCount(lenient)) {
      assertText(gb, GB);
      return { text: gb, encoding: GB };
    }
    assertText(lenient, UTF8);
    return { text: lenient, encoding: UTF8 };
  }

  if (!chosen.startsWith('utf-16')) {
    // Declared GBK/Big5/… but the bytes are well-formed UTF-8 with multi-byte characters:
    // real GBK text almost never is, so the declaration is the error.
    const strict = found.utf8 !== undefined ? found.utf8 : tryUtf8(bytes);
    if (strict !== null && isMultibyte(bytes, strict)) {
      assertText(strict, UTF8);
      return { text: strict, encoding: UTF8 };
    }
  }
  const text = decodeWith(bytes, chosen);
  assertText(text, chosen);
  return { text, encoding: chosen };
}

function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 2048);
  let text: string;
  try {
    text = decodeBytes(head).text;
  } catch {
    return false;
  }
  return (
    /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table)\b/i.test(text) ||
    /<(html|table)\b/i.test(text.slice(0, 1024))
  );
}

/** What the bytes are: magic numbers first, then HTML markup, then the server's Content-Type and the file name. */
export function sniffKind(
  bytes: Uint8Array,
  opts: { contentType?: string; filename?: string } = {},
): DocumentKind {
  const magic = sniffMagic(bytes);
  if (magic) return magic;
  if (looksLikeHtml(bytes)) return 'html';
  const declared = kindFromHints(opts) ?? 'text';
  if (declared !== 'html' && declared !== 'text') return declared;
  // Text kinds must actually be text: a binary body served as text/html is unknown, not html.
  try {
    decodeBytes(bytes, opts.contentType ? { contentType: opts.contentType } : {});
    return declared;
  } catch {
    return 'unknown';
  }
}
