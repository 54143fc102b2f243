/**
 * A PDF's FlateDecode streams are inflated once, counted and thrown away, before pdfjs reads the
 * file: a flate bomb (a few MB that inflate to gigabytes) is refused as `input.too_large` before any
 * of it is held. pdfjs keeps what it inflates in ArrayBuffers, outside the V8 heap its worker is
 * capped at, so without this only the pool's RSS watchdog (pool.ts) stood between such a file and
 * the process, and under load a bomb grew the process by hundreds of MB between two of its samples.
 *
 * How the streams are found mirrors pdfjs where it matters: every `stream` keyword after a
 * dictionary, its filter and subtype read from the dictionary's top level (names with `#xx`
 * escapes decoded), the data taken up to the dictionary's direct /Length or else the next
 * `endstream`, the two-byte zlib header skipped and the rest inflated raw, as pdfjs does (it checks
 * no Adler-32 and reads a truncated stream up to where it breaks, so do we: what a stream yields
 * before an error counts).
 */
import { constants, createInflateRaw } from 'node:zlib';
import { DocumentError } from './errors.ts';

/** Far beyond any report (a font, a page's content, an object stream); a PDF past these is built to hurt. */
export const PDF_INFLATE_LIMITS = {
  /**
   * One stream, as one XML part of a .docx (DOCX_LIMITS.maxEntryBytes). Images are capped at four
   * times this: a 600 dpi A4 page in RGB inflates to about 100 MB.
   */
  maxStreamBytes: 64 * 1024 * 1024,
  /** All streams but images (pdfjs inflates an image only as far as its /Width × /Height need). */
  maxTotalBytes: 256 * 1024 * 1024,
};

const MB = 1024 * 1024;
/** How far back from `stream` a dictionary is looked for (a stream dictionary is a few hundred bytes). */
const MAX_DICT_CHARS = 64 * 1024;

export interface FlateStream {
  /** Offset of the zlib data (just after the `stream` keyword's end of line). */
  start: number;
  /** Offset where the data ends at the latest (direct /Length, else the next `endstream`, else EOF). */
  end: number;
  image: boolean;
}

/** The FlateDecode streams of a PDF, found by their keywords (no object parsing). */
export function findFlateStreams(bytes: Uint8Array): FlateStream[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const out: FlateStream[] = [];
  const re = /stream(\r\n|\n|\r)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    const dict = dictBefore(text, m.index);
    if (!dict) continue;
    const top = topLevel(dict);
    const start = m.index + m[0].length;
    // A direct /Length is believed when `endstream` follows it, else the data ends at the next
    // `endstream` (pdfjs does the same).
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(top);
    let end = length ? start + Number(length[1]) : -1;
    if (end < start || !/^\s*endstream/.test(text.slice(end, end + 32))) {
      end = text.indexOf('endstream', start);
      if (end < 0) end = text.length;
    }
    // A stream's data may hold the bytes `stream\n`: jump past it.
    re.lastIndex = Math.max(re.lastIndex, end);
    if (/\/FlateDecode\b/.test(top)) out.push({ start, end, image: /\/Subtype\s*\/Image\b/.test(top) });
  }
  return out;
}

/** The `<<…>>` that ends right before `at` (whitespace between), or null. */
function dictBefore(text: string, at: number): string | null {
  let i = at - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (i < 1 || text[i] !== '>' || text[i - 1] !== '>') return null;
  // Within a window, so that a file of many `>>stream` without `obj` costs no more than its size.
  const from = Math.max(0, at - MAX_DICT_CHARS);
  const window = text.slice(from, i + 1);
  const open = window.indexOf('<<', Math.max(0, window.lastIndexOf('obj')));
  return open >= 0 && open < window.length - 2 ? window.slice(open) : null;
}

/**
 * The dictionary's own entries: nested dictionaries and literal strings dropped (a nested
 * `/Subtype /Image` or a `(>>)` must not make a content stream look like an image), and `#xx`
 * escapes in names decoded (`/Fl#61teDecode` is /FlateDecode to pdfjs).
 */
export function topLevel(dict: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < dict.length; i++) {
    const c = dict[i]!;
    if (c === '(') {
      // A literal string: balanced parentheses, backslash escapes.
      let nest = 1;
      for (i++; i < dict.length && nest > 0; i++) {
        if (dict[i] === '\\') i++;
        else if (dict[i] === '(') nest++;
        else if (dict[i] === ')') nest--;
      }
      i--;
      out += ' ';
      continue;
    }
    if (c === '<' && dict[i + 1] === '<') {
      depth++;
      i++;
      out += ' ';
      continue;
    }
    if (c === '>' && dict[i + 1] === '>') {
      depth--;
      i++;
      out += ' ';
      continue;
    }
    if (depth === 1) out += c;
  }
  return out.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/**
 * How many bytes `data` (a zlib stream) inflates to, counting no further than `limit + 1`. What it
 * yields before a data error counts; the output is discarded chunk by chunk, never held.
 */
export function inflatedSize(data: Uint8Array, limit: number): Promise<number> {
  // pdfjs refuses a stream whose zlib header is not deflate or asks for a preset dictionary.
  if (
    data.length < 2 ||
    (data[0]! & 0x0f) !== 8 ||
    ((data[0]! << 8) | data[1]!) % 31 !== 0 ||
    data[1]! & 0x20
  )
    return Promise.resolve(0);
  return new Promise((resolve) => {
    const z = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
    let n = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      z.destroy();
      resolve(n);
    };
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) finish();
    });
    z.on('end', finish);
    z.on('error', finish);
    z.on('close', finish);
    let off = 2;
    const feed = () => {
      while (!done && off < data.length) {
        const next = Math.min(off + 16 * 1024, data.length);
        const ok = z.write(data.subarray(off, next));
        off = next;
        if (!ok) return void z.once('drain', feed);
      }
      if (!done) z.end();
    };
    feed();
  });
}

/** Refuse a PDF whose FlateDecode streams inflate past PDF_INFLATE_LIMITS (input.too_large). */
export async function checkInflatedSize(bytes: Uint8Array, limits = PDF_INFLATE_LIMITS): Promise<void> {
  let total = 0;
  for (const s of findFlateStreams(bytes)) {
    const perStream = s.image ? 4 * limits.maxStreamBytes : limits.maxStreamBytes;
    const limit = s.image ? perStream : Math.min(perStream, limits.maxTotalBytes - total);
    const n = await inflatedSize(bytes.subarray(s.start, s.end), limit);
    if (n > perStream) {
      throw new DocumentError(
        'input.too_large',
        `pdf: a FlateDecode stream at byte ${s.start} inflates past ${perStream / MB} MB (a flate bomb)`,
      );
    }
    if (s.image) continue;
    total += n;
    if (total > limits.maxTotalBytes) {
      throw new DocumentError(
        'input.too_large',
        `pdf: its FlateDecode streams inflate past ${limits.maxTotalBytes / MB} MB in all (a flate bomb)`,
      );
    }
  }
}
