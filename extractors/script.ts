/**
 * Traditional characters (繁體) for matching only. Some portals serve a 繁體 version of every
 * page (主動公開, 規章, 本年制發件數, 萬元, 行政處罰, 無), and reports pasted from them keep it.
 * Headings, labels, header units and blank markers are matched after a conversion to simplified
 * characters by opencc-js (OpenCC's dictionaries: a hand-written table would miss variants);
 * every `raw` stays as printed. Converting costs milliseconds per page, so it runs only on text
 * that holds a character OpenCC would change, which a bitmap of those characters (built once
 * from the same dictionaries) tells in one pass.
 */
import { Converter, Locale } from 'opencc-js/t2cn';

let convert: ((s: string) => string) | null = null;

type Dicts = ReadonlyArray<
  string | ReadonlyArray<readonly [string, string]> | readonly (string | readonly string[])[]
>;

/** Marks the single characters a dictionary changes (`萬 万`); phrase entries are left out. */
function markDict(bits: Uint8Array, dict: unknown): void {
  if (typeof dict === 'string') {
    let at = 0;
    while (at < dict.length) {
      let end = dict.indexOf('|', at);
      if (end < 0) end = dict.length;
      // `X Y…`: a one-character source at `at`, a space, then its replacement.
      if (dict.charCodeAt(at + 1) === 32) {
        const c = dict.charCodeAt(at);
        const dst = dict.slice(at + 2, end);
        if (c >= 0x3400 && c < 0xd800 && dst !== dict[at] && !dst.split(' ').includes(dict[at] as string))
          bits[c] = 1;
      }
      at = end + 1;
    }
  } else if (Array.isArray(dict)) {
    for (const d of dict) {
      if (
        Array.isArray(d) &&
        d.length === 2 &&
        typeof d[0] === 'string' &&
        typeof d[1] === 'string' &&
        !d[0].includes('|')
      )
        markDict(bits, `${d[0]} ${d[1]}`);
      else markDict(bits, d);
    }
  }
}

let bitmap: Uint8Array | null = null;

function traditionalBitmap(): Uint8Array {
  if (!bitmap) {
    const bits = new Uint8Array(0x10000);
    // Standard traditional → simplified (OpenCC TSCharacters/TSPhrases). The tw/hk variant tables
    // also list simplified characters (`户 戶`), which would flag every page.
    markDict(bits, Locale.to.cn as unknown as Dicts);
    // hasTraditional reads only the CJK blocks (from U+3400): the loop then needs no range test.
    bits.fill(0, 0, 0x3400);
    bitmap = bits;
  }
  return bitmap;
}

/** Whether `s` holds a character that the conversion to simplified would change. */
export function hasTraditional(s: string): boolean {
  // A plain loop over a bitmap: several times faster than a regex with a 2,000-range class.
  const bits = traditionalBitmap();
  const n = s.length;
  for (let i = 0; i < n; i++) if (bits[s.charCodeAt(i)] !== 0) return true;
  return false;
}

// Whether the report being read holds traditional characters at all: set for the length of one
// synchronous extraction by `withScriptOf`, so that the common, simplified-only report pays one
// scan of its text and no test per label or cell.
let traditional = false;

/** Runs `fn` with matching switched to traditional-aware when `text` holds traditional characters. */
export function withScriptOf<T>(text: string, fn: () => T): T {
  const before = traditional;
  traditional = hasTraditional(text);
  try {
    return fn();
  } finally {
    traditional = before;
  }
}

/** Whether the report being read holds traditional characters (see `withScriptOf`). */
export function readingTraditional(): boolean {
  return traditional;
}

/**
 * `s` with traditional characters converted to simplified (for matching; never for `raw`).
 * Outside `withScriptOf`, or in a report without traditional characters, `s` itself.
 */
export function simplified(s: string): string {
  return traditional && hasTraditional(s) ? converter()(s) : s;
}

/**
 * `s` converted to simplified, whatever report is (or is not) being read: for matching outside an
 * extraction (db's agency keys: 南通市海門區市場監督管理局 and 南通市海门区市场监督管理局 are one agency).
 * Never for what is stored as printed.
 */
export function toSimplified(s: string): string {
  return hasTraditional(s) ? converter()(s) : s;
}

function converter(): (s: string) => string {
  if (!convert) {
    const hk = Converter({ from: 'hk', to: 'cn' });
    const tw = Converter({ from: 'tw', to: 'cn' });
    convert = (x) => tw(hk(x));
  }
  return convert;
}
