/**
 * A fast path to the DOM htmlparser2 would build, for plain, regular markup (most portal pages):
 * one scan (indexOf from tag to tag, each open tag read by hand) instead of htmlparser2's
 * character-by-character tokenizer, which was most of the time spent on a detail page. Tree
 * building follows htmlparser2's own rules (implied closes, void elements, unmatched end tags), so
 * the tree is the same. Anything this scanner is not sure to read the same way — entities other
 * than the plain ones, attribute syntax quirks, CDATA, SVG/MathML, a `<` that ends the input —
 * makes it return null, and the caller parses with htmlparser2 (via cheerio). A differential test
 * holds the two to the same tree (attributes only on the elements whose attributes the extractor
 * reads: td, th, meta).
 */

export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  /**
   * fastParse: the attribute text of an element whose attributes it did not read (all but td, th,
   * meta), for `attributesOf` to read when asked.
   */
  rawAttrs?: string;
  children?: DomNode[];
}

/**
 * An element's attributes, whichever parser built it; null when fastParse kept text that holds an
 * entity only htmlparser2 decodes (the caller then asks htmlparser2).
 */
export function attributesOf(n: DomNode): Record<string, string> | null {
  if (n.rawAttrs === undefined) return n.attribs ?? {};
  return parseAttributes(n.rawAttrs);
}

// htmlparser2 10 (Parser.js): which open tags close which open elements, and the void elements.
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']],
      ['th', ['th']],
      ['td', ['thead', 'th', 'td']],
      ['body', ['head', 'link', 'script']],
      ['li', ['li']],
      ['option', ['option']],
      ['optgroup', ['optgroup', 'option']],
      ['dd', ['dd', 'dt']],
      ['dt', ['dd', 'dt']],
      ['rt', ['rt', 'rp']],
      ['rp', ['rt', 'rp']],
      ['tbody', ['thead', 'tbody']],
      ['tfoot', ['thead', 'tbody']],
      ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM]),
      ...(
        'h1 h2 h3 h4 h5 h6 p address article aside blockquote details div dl fieldset figcaption ' +
        'figure footer form header hr main nav ol pre section table ul'
      )
        .split(' ')
        .map((t) => [t, P]),
    ] as Array<[string, string[]]>
  ).map(([k, v]) => [k, new Set(v)]),
);
const VOID = new Set(
  'area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr'.split(
    ' ',
  ),
);
const ATTRS_READ = new Set(['td', 'th', 'meta']);
// A cell's attributes are read for its spans (and a `white-space` style, PRE_STYLE): a cell without
// `span` keeps its attribute text like other elements (attributesOf reads it on demand), unless it
// holds an entity (read now: one this scanner refuses sends the page to htmlparser2, as before).
const CELL_ATTRS = /span|&/i;
// Any element whose style may keep its line breaks (`white-space:pre-wrap`): html-text reads it.
const PRE_STYLE = /white-space/i;
// Shared by the elements that have no attributes read / cannot have children; never written to.
const NO_ATTRIBS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: DomNode[] = Object.freeze([]) as unknown as DomNode[];
// Raw-text elements: their content runs to the matching end tag.
const RAW = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const WS = '[ \\t\\n\\r\\f]';
const ATTR = `${WS}+([^ \\t\\n\\r\\f/>="'<\`]+)(?:${WS}*=${WS}*(?:"([^"]*)"|'([^']*)'|([^ \\t\\n\\r\\f>"'=<\`]+)))?`;
/**
 * The open-tag grammar as a regex (groups: name, attributes, self-closing slash). fastParse reads
 * tags with `openTag` instead, which accepts exactly what this accepts: the unit test holds the two
 * to the same answers on random tags.
 */
export const OPEN_TAG = new RegExp(
  `<([a-zA-Z][a-zA-Z0-9:-]*)((?:${ATTR.replace(/\((?!\?)/g, '(?:')})*)${WS}*(/?)>`,
  'y',
);
const ATTR_G = new RegExp(ATTR, 'g');
// htmlparser2 reads an end tag's name up to whitespace or `>` (a `/` included): the end-tag
// scan in fastParse reads `<\/([a-zA-Z][^ \t\n\r\f>]*)[^>]*>`.
const TAG_NAME = /^[a-zA-Z][a-zA-Z0-9:-]*$/;
const DECL = /<(?:![a-zA-Z]|\?)[^>]*>/y;
// The entities both scanners decode alike; any other `&` followed by a name or `#` → slow path.
const ENTITY = /&(?:(nbsp|lt|gt|amp|quot|apos)|#(\d{1,6})|#[xX]([0-9a-fA-F]{1,6}));/g;
const ANY_ENTITY = /&[a-zA-Z#]/;
const NAMED: Record<string, string> = { nbsp: '\u00a0', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decoded text, or null when it holds an entity this scanner leaves to htmlparser2. */
function decode(s: string): string | null {
  if (!s.includes('&')) return s;
  if (ANY_ENTITY.test(s.replace(ENTITY, ''))) return null;
  let bad = false;
  const out = s.replace(
    ENTITY,
    (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name] as string;
      const cp = dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16);
      // Control, C1 (remapped as Windows-1252), surrogate and out-of-range code points decode specially.
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
        bad = true;
      return bad ? '' : String.fromCodePoint(cp);
    },
  );
  return bad ? null : out;
}

/**
 * A tag's attribute text (already checked by the tag pattern) → its attributes as htmlparser2
 * reads them: names lower-cased, the first of a repeated name kept, values decoded; null when a
 * value holds an entity this scanner leaves to htmlparser2.
 */
export function parseAttributes(attrs: string): Record<string, string> | null {
  const attribs: Record<string, string> = {};
  ATTR_G.lastIndex = 0;
  for (let a = ATTR_G.exec(attrs); a; a = ATTR_G.exec(attrs)) {
    const key = (a[1] as string).toLowerCase();
    if (Object.hasOwn(attribs, key)) continue;
    const value = decode(a[2] ?? a[3] ?? a[4] ?? '');
    // Attribute decoding differs from text decoding only for entities this scanner refuses anyway.
    if (value === null) return null;
    attribs[key] = value;
  }
  return attribs;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
/** [a-zA-Z0-9:-] */
const isNameChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 58 || c === 45;
/** Not whitespace nor any of / > = " ' < ` (an attribute name's characters). */
const isAttrNameChar = (c: number) =>
  !isWs(c) && c !== 47 && c !== 62 && c !== 61 && c !== 34 && c !== 39 && c !== 60 && c !== 96;
/** Not whitespace nor any of > " ' = < ` (an unquoted value's characters; `/` is one). */
const isBareValueChar = (c: number) =>
  !isWs(c) && c !== 62 && c !== 34 && c !== 39 && c !== 61 && c !== 60 && c !== 96;

/** Where `openTag` found the name's end, the attributes' end and the tag's end, and its `/`. */
export const tagScan = { nameEnd: 0, attrsEnd: 0, end: 0, selfClosing: false };

/**
 * Reads the open tag at `lt` (`<` and a letter) by OPEN_TAG's grammar, into `tagScan`; false where
 * OPEN_TAG does not match. By hand because the regex's match (and its backtracking over
 * attributes) was the largest single share of fastParse's time on the extract bench's HTML reports. The grammar needs no
 * backtracking: a name, value or separator ends at the first character it cannot hold, and no
 * shorter choice could let the rest match, so reading greedily decides as the regex does.
 */
export function openTag(html: string, lt: number): boolean {
  const n = html.length;
  let i = lt + 2;
  while (i < n && isNameChar(html.charCodeAt(i))) i++;
  tagScan.nameEnd = i;
  for (;;) {
    let j = i;
    while (j < n && isWs(html.charCodeAt(j))) j++;
    if (j > i && j < n && isAttrNameChar(html.charCodeAt(j))) {
      let k = j + 1;
      while (k < n && isAttrNameChar(html.charCodeAt(k))) k++;
      let v = k;
      while (v < n && isWs(html.charCodeAt(v))) v++;
      if (v < n && html.charCodeAt(v) === 61 /* = */) {
        v++;
        while (v < n && isWs(html.charCodeAt(v))) v++;
        if (v >= n) return false;
        const q = html.charCodeAt(v);
        if (q === 34 || q === 39) {
          const close = html.indexOf(q === 34 ? '"' : "'", v + 1);
          if (close < 0) return false;
          k = close + 1;
        } else if (isBareValueChar(q)) {
          v++;
          while (v < n && isBareValueChar(html.charCodeAt(v))) v++;
          k = v;
        } else return false;
      }
      i = k;
      continue;
    }
    tagScan.attrsEnd = i;
    tagScan.selfClosing = j < n && html.charCodeAt(j) === 47;
    if (tagScan.selfClosing) j++;
    if (j < n && html.charCodeAt(j) === 62) {
      tagScan.end = j + 1;
      return true;
    }
    return false;
  }
}

/** What the scanner needs to know about a tag name, looked up once per distinct spelling. */
interface TagInfo {
  /** Lower-cased, and the same string object each time (cheap set lookups and comparisons). */
  name: string;
  type: string;
  void: boolean;
  implies: ReadonlySet<string> | undefined;
  raw: RegExp | null;
  readAttrs: boolean;
  /** td or th: attributes read only when CELL_ATTRS finds what the extractor reads. */
  cell: boolean;
  /** False for names this scanner leaves to htmlparser2 (SVG/MathML, odd end-tag names). */
  ok: boolean;
  /** The spelling it was looked up by (`tagAt` checks a slot's entry against the markup). */
  spelling: string;
}

const TAGS = new Map<string, TagInfo>();

function tagInfo(spelling: string): TagInfo {
  let t = TAGS.get(spelling);
  if (t) return t;
  // Hostile input can spell thousands of names; the cache stays small.
  if (TAGS.size > 2000) TAGS.clear();
  const name = spelling.toLowerCase();
  t = {
    name,
    type: name === 'script' ? 'script' : name === 'style' ? 'style' : 'tag',
    void: VOID.has(name),
    implies: IMPLIES_CLOSE.get(name),
    raw: RAW.has(name) ? new RegExp(`</${name}(?=[ \\t\\n\\r\\f/>])`, 'gi') : null,
    readAttrs: ATTRS_READ.has(name),
    cell: name === 'td' || name === 'th',
    ok: name !== 'svg' && name !== 'math' && TAG_NAME.test(name),
    spelling,
  };
  TAGS.set(spelling, t);
  return t;
}

// The last spelling seen in each slot of (first two letters, length): a page's few dozen tag
// spellings are found by comparing the markup in place, with no substring made and hashed per tag
// (the map's lookup was ~5% of extracting an HTML report). td and th differ in the second letter.
const SLOTS: Array<TagInfo | undefined> = new Array(32 * 32 * 16);

/** Whether `html` holds `s` at `start`. */
function sameAt(html: string, start: number, s: string): boolean {
  // By char codes: startsWith on a page's two-byte string cost more than the map it replaced.
  for (let k = 0; k < s.length; k++) if (html.charCodeAt(start + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** tagInfo of the name `html[start, end)`. */
function tagAt(html: string, start: number, end: number): TagInfo {
  const len = end - start;
  const slot = (((html.charCodeAt(start) & 31) << 5) | (html.charCodeAt(start + 1) & 31)) * 16 + (len & 15);
  const hit = SLOTS[slot];
  if (hit !== undefined && hit.spelling.length === len && sameAt(html, start, hit.spelling)) return hit;
  const t = tagInfo(html.slice(start, end));
  SLOTS[slot] = t;
  return t;
}

// The tree's nodes and child lists are made by constructors, not literals: V8 follows an object
// or array literal's allocation site, and once large pages' trees had survived scavenges it
// allocated that site's objects straight into the old generation ("pretenuring") for every page
// after — trees that die there, wait for a full collection, and keep what they point to alive
// through every scavenge. Detail pages extracted in a loop (--trace-gc): ~5 MB promoted per
// scavenge with literals, none with these; the pages ran ~2.5x as fast. `new Array()` in a
// function of its own is not followed so.
class TextNode implements DomNode {
  declare type: string;
  declare data: string;
  constructor(data: string) {
    this.type = 'text';
    this.data = data;
  }
}

class ElementNode implements DomNode {
  declare type: string;
  declare name: string;
  declare attribs: Record<string, string>;
  declare children: DomNode[];
  declare rawAttrs?: string;
  constructor(type: string, name: string, attribs: Record<string, string>, children: DomNode[]) {
    this.type = type;
    this.name = name;
    this.attribs = attribs;
    this.children = children;
  }
}

function childList(): DomNode[] {
  // biome-ignore lint/style/useArrayLiterals: not a literal, on purpose (see above).
  return new Array<DomNode>();
}

/** The htmlparser2-equivalent DOM of `html`, or null when the markup needs the real parser. */
export function fastParse(html: string): DomNode | null {
  const root: DomNode = { type: 'root', children: [] };
  const names: string[] = [];
  const nodes: DomNode[] = [root];
  let lastText: DomNode | null = null;
  const top = () => nodes[nodes.length - 1] as DomNode;
  const close = () => {
    names.pop();
    nodes.pop();
    lastText = null;
  };
  const addText = (data: string) => {
    if (data === '') return;
    if (lastText) lastText.data += data;
    else {
      lastText = new TextNode(data);
      (top().children as DomNode[]).push(lastText);
    }
  };
  const open = (tag: TagInfo, attribs: Record<string, string>, rawAttrs?: string): void => {
    const implied = tag.implies;
    if (implied) while (names.length && implied.has(names[names.length - 1] as string)) close();
    const node: DomNode = new ElementNode(tag.type, tag.name, attribs, tag.void ? NO_CHILDREN : childList());
    if (rawAttrs !== undefined && attribs === NO_ATTRIBS) node.rawAttrs = rawAttrs;
    (top().children as DomNode[]).push(node);
    lastText = null;
    if (!tag.void) {
      names.push(tag.name);
      nodes.push(node);
    }
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const text = decode(html.slice(i, end));
      if (text === null) return null;
      addText(text);
    }
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alpha) {
      if (!openTag(html, lt)) return null;
      const { nameEnd, attrsEnd, end: tagEnd } = tagScan;
      const tag = tagAt(html, lt + 1, nameEnd);
      if (!tag.ok || (tagScan.selfClosing && !tag.void)) return null;
      let attribs = NO_ATTRIBS;
      // The regex has checked the attribute syntax; values are read only where the extractor
      // uses them (cell spans, <meta name content>, a `white-space` style), which saves most of
      // the work on Word-styled pages. Other elements keep the attribute text, read on demand (a
      // content selector's id or class: select.ts).
      const attrs = attrsEnd > nameEnd ? html.slice(nameEnd, attrsEnd) : '';
      if (attrs && ((tag.readAttrs && (!tag.cell || CELL_ATTRS.test(attrs))) || PRE_STYLE.test(attrs))) {
        const read = parseAttributes(attrs);
        if (read === null) return null;
        attribs = read;
      }
      open(tag, attribs, attrs || undefined);
      i = tagEnd;
      const re = tag.raw;
      if (re) {
        const name = tag.name;
        re.lastIndex = i;
        const e = re.exec(html);
        if (!e) return null;
        const body = html.slice(i, e.index);
        if (body !== '') {
          const data =
            name === 'title'
              ? decode(body)
              : body.includes('&') && name !== 'script' && name !== 'style'
                ? null
                : body;
          if (data === null) return null;
          addText(data);
        }
        i = e.index;
      }
    } else if (c === 47 /* / */) {
      // CLOSE_TAG by hand (the regex's match array was a measurable share of a page's time): a
      // letter, the name up to whitespace or `>`, then anything up to the next `>`.
      const c2 = html.charCodeAt(lt + 2);
      if (!((c2 >= 65 && c2 <= 90) || (c2 >= 97 && c2 <= 122))) return null;
      const gt = html.indexOf('>', lt + 3);
      if (gt < 0) return null;
      let e = lt + 3;
      while (e < gt) {
        const x = html.charCodeAt(e);
        if (x === 32 || x === 9 || x === 10 || x === 13 || x === 12) break;
        e++;
      }
      const tag = tagAt(html, lt + 2, e);
      if (!tag.ok) return null;
      if (tag.void) {
        if (tag.name === 'br') open(tag, NO_ATTRIBS);
      } else {
        const pos = names.lastIndexOf(tag.name);
        if (pos >= 0) while (names.length > pos) close();
        else if (tag.name === 'p') {
          open(tag, NO_ATTRIBS);
          close();
        }
      }
      // An end tag that closes nothing leaves the text node open (domhandler appends to it).
      i = gt + 1;
    } else if (c === 33 /* ! */ && html.startsWith('<!--', lt)) {
      const e = html.indexOf('-->', lt + 4);
      if (e < 0) return null;
      lastText = null;
      i = e + 3;
    } else if (c === 33 || c === 63 /* ? */) {
      DECL.lastIndex = lt;
      const m = DECL.exec(html);
      if (!m || html.startsWith('<![', lt)) return null;
      lastText = null;
      i = lt + m[0].length;
    } else if (lt + 1 >= n) {
      return null;
    } else {
      // `<` before anything else is text.
      addText('<');
      i = lt + 1;
    }
  }
  return root;
}
