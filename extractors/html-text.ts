/**
 * HTML → the text the rest of the extractor reads: block elements become lines, and each
 * `<table>` becomes one line per row in the html-grid form (rowspan/colspan resolved, covered
 * positions marked so they are never read as blank values). Cheerio (parse5) parses whatever
 * the portals serve, broken markup included; a hand-written parser would not.
 */
import * as cheerio from 'cheerio';
import { isSpace } from './chars.ts';
import { type DomNode, fastParse } from './html-parse.ts';
import { isMetaBlockGrid } from './meta-labels.ts';
import { CELL_SEP, ROW_MARK, SPAN_MARK } from './tokenize/html-grid.ts';

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'head',
  'template',
  'select',
  'option',
  'button',
  'iframe',
  'svg',
]);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tbody',
  'thead',
  'blockquote',
  'pre',
  'dd',
  'dt',
  'dl',
  'hr',
  'form',
  'center',
  'title',
  'nav',
  'aside',
  'main',
]);
const MAX_SPAN = 64;
// Real pages nest a few levels; hostile input nests thousands (parse5 keeps it all).
const MAX_DEPTH = 200;
// Above these, the DOM is not built: tags are stripped by a linear regex pass instead.
const MAX_DOM_CHARS = 1_500_000;
const MAX_TABLES = 400;
const CONTROL = /[\u001c-\u001f]/g;
// An element styled to keep its line breaks (a pre-wrap paragraph whose cells are separated by
// literal newlines, no <br>).
const PRE_WRAP = /white-space\s*:\s*(?:pre|pre-wrap|pre-line|break-spaces)\b/i;
const SPACED = /^[\s\u00a0\u3000]*[^\S\r\n][\s\u00a0\u3000]*$/;

function cellParts(n: DomNode, depth: number, acc: { s: string }): void {
  if (n.type === 'text') {
    acc.s += n.data ?? '';
  } else if (n.type === 'tag' && n.name && !SKIP.has(n.name) && depth < MAX_DEPTH) {
    const block = BLOCK.has(n.name);
    if (block) acc.s += '\n';
    const kids = n.children;
    if (kids) for (let i = 0; i < kids.length; i++) cellParts(kids[i] as DomNode, depth + 1, acc);
    if (block) acc.s += '\n';
  }
}

/**
 * `s` without control marks, its whitespace runs made one space, trimmed — computed as a slice
 * when the only whitespace between its first and last visible characters is lone spaces (most
 * cells: `\n商业企业\n`), by the regexes otherwise.
 */
function collapse(s: string): string {
  let first = -1;
  let last = -1;
  // Whitespace since the last visible character: 0 none, 1 one plain space, 2 anything else.
  let gap = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x1c && c <= 0x1f) return collapseSlow(s);
    if (isSpace(c)) {
      gap = gap === 0 && c === 32 ? 1 : 2;
      continue;
    }
    if (first < 0) first = i;
    else if (gap === 2) return collapseSlow(s);
    gap = 0;
    last = i;
  }
  return first < 0 ? '' : s.slice(first, last + 1);
}

function collapseSlow(s: string): string {
  return s
    .replace(CONTROL, '')
    .replace(/[\u00a0\u3000\s]+/g, ' ')
    .trim();
}

/** A cell's text: its paragraphs and line breaks joined by one space, whitespace collapsed. */
function cellText(node: DomNode): string {
  const acc = { s: '' };
  const kids = node.children;
  if (kids) for (let i = 0; i < kids.length; i++) cellParts(kids[i] as DomNode, 0, acc);
  return collapse(acc.s);
}

function rowsOf(table: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const walk = (n: DomNode, depth: number) => {
    for (const c of n.children ?? []) {
      if (c.type !== 'tag') continue;
      if (c.name === 'tr') out.push(c);
      else if (c.name !== 'table' && depth < 4) walk(c, depth + 1);
    }
  };
  walk(table, 0);
  return out;
}

function span(v: string | undefined): number {
  const n = Number.parseInt(v ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** The grid of one table, covered positions as SPAN_MARK. */
export function tableGrid(table: DomNode): string[][] {
  const grid: string[][] = [];
  rowsOf(table).forEach((tr, r) => {
    grid[r] ??= [];
    let col = 0;
    for (const td of tr.children ?? []) {
      if (td.type !== 'tag' || (td.name !== 'td' && td.name !== 'th')) continue;
      const row = grid[r] as string[];
      while (row[col] !== undefined) col++;
      const rs = span(td.attribs?.rowspan);
      const cs = span(td.attribs?.colspan);
      const text = cellText(td);
      for (let i = 0; i < rs; i++) {
        grid[r + i] ??= [];
        const g = grid[r + i] as string[];
        for (let j = 0; j < cs; j++)
          if (g[col + j] === undefined) g[col + j] = i === 0 && j === 0 ? text : SPAN_MARK;
      }
      col += cs;
    }
  });
  return grid.map((row) => Array.from(row, (c) => c ?? ''));
}

/** A parsed document: the root of its DOM. */
export type Html = DomNode;

/** htmlparser2's DOM (cheerio's non-parse5 path: several times faster, as forgiving of broken markup). */
export function slowParse(html: string): Html {
  return cheerio
    .load(html, { xml: { xmlMode: false, decodeEntities: true } })
    .root()[0] as unknown as DomNode;
}

/** The parsed document, or null when it is too big or too table-heavy to build a DOM for. */
export function loadHtml(html: string): Html | null {
  if (html.length > MAX_DOM_CHARS) return null;
  let tables = 0;
  for (let i = html.indexOf('<table'); i >= 0 && tables <= MAX_TABLES; i = html.indexOf('<table', i + 6))
    tables++;
  if (tables > MAX_TABLES) return null;
  return fastParse(html) ?? slowParse(html);
}

/**
 * The document as lines of text, tables as html-grid rows. With `only` (a node of `$`), only that
 * element's text: tables elsewhere are still counted, so a cell's source table is the document's
 * n-th <table> whichever part of the page was read.
 */
export function domToText($: Html, only?: DomNode): string {
  const out: string[] = [];
  let line = '';
  let tables = 0;
  // Spaces, a tab or &nbsp; alone next to a <br> (a pre-wrap paragraph's empty cell:
  // `12<br> <br>7`, `12<br>&nbsp;</p>`) are kept as a line of one space, which a stream
  // tokenizer reads as a possible empty cell. A bare newline of the markup's layout is not.
  let afterBr = false;
  let spaced = false;
  const flush = (br = false) => {
    if (line.trim() !== '') out.push(line);
    else if (spaced && (br || afterBr)) out.push(' ');
    line = '';
    spaced = false;
  };
  // Lines already given by the pre-wrap element being read: a blank line before the first is
  // the markup's layout, after it a possible empty cell.
  let wrapLines = 0;
  const walk = (n: DomNode, depth: number, pre: boolean, inside: boolean, wrap = false) => {
    if (n.type === 'text') {
      if (!inside) return;
      const data = (n.data ?? '').replace(CONTROL, '');
      if (wrap && !pre) {
        // `white-space:pre-wrap` with literal newlines: each is a line break, and a line of
        // spaces (or an empty one) between two is kept as one space, like `<br> <br>`.
        const parts = data.split(/\r\n|\r|\n/);
        for (let i = 0; i < parts.length; i++) {
          const part = parts[i] as string;
          if (i > 0) {
            if (line.trim() !== '') {
              out.push(line);
              wrapLines++;
            } else if (wrapLines > 0) out.push(' ');
            line = '';
            spaced = false;
            afterBr = true;
          }
          if (!spaced && part.length < 40 && SPACED.test(part)) spaced = true;
          line += part;
        }
        return;
      }
      if (!pre) {
        if (!spaced && data.length < 40 && SPACED.test(data)) spaced = true;
        line += data.replace(/[\r\n]+/g, ' ');
        return;
      }
      // <pre> holds text as typed (a report pasted as text): its lines are lines.
      const parts = data.split(/\r?\n/);
      parts.forEach((p, i) => {
        if (i > 0) {
          out.push(line);
          line = '';
        }
        line += p;
      });
      return;
    }
    if ((n.type !== 'tag' && n.type !== 'root') || (n.name && SKIP.has(n.name)) || depth > MAX_DEPTH) return;
    const within = inside || n === only;
    if (n.name === 'table') {
      // Counted all the same: a cell's source table is the document's n-th <table>.
      const t = tables++;
      if (!within) return;
      flush();
      afterBr = false;
      const grid = tableGrid(n);
      // The page's metadata block is chrome: lines of `label<TAB>value`, never a report table
      // (a grid row in a section of text rows would make the whole section read as HTML).
      if (isMetaBlockGrid(grid)) {
        for (const row of grid) {
          const line = row.filter((c) => c !== SPAN_MARK && c.trim() !== '').join('\t');
          if (line !== '') out.push(line);
        }
        return;
      }
      for (const row of grid) out.push(`${ROW_MARK}${t}${ROW_MARK}${row.join(CELL_SEP)}`);
      return;
    }
    const block = within && n.name !== undefined && BLOCK.has(n.name);
    if (block && n.name === 'br') {
      flush(true);
      afterBr = true;
      return;
    }
    if (block) {
      flush();
      afterBr = false;
    }
    const wraps = !wrap && n.name !== 'pre' && PRE_WRAP.test(n.attribs?.style ?? '');
    if (wraps) wrapLines = 0;
    for (const c of n.children ?? []) walk(c, depth + 1, pre || n.name === 'pre', within, wrap || wraps);
    if (block) {
      flush();
      afterBr = false;
    }
  };
  walk($, 0, false, only === undefined);
  flush();
  return out.join('\n');
}

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Linear fallback for oversized markup: block tags become line breaks, other tags vanish. */
export function stripTags(html: string): string {
  return html
    .replace(/<\/?(?:p|div|br|li|tr|td|th|h[1-6]|table|section|article)\b[^>]{0,2000}>/gi, '\n')
    .replace(/<[^>]{0,2000}>/g, '')
    .replace(/&(#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e.startsWith('#')) {
        const n = Number(e.slice(1));
        return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(CONTROL, '');
}

export function htmlToText(html: string): string {
  const $ = loadHtml(html);
  return $ ? domToText($) : stripTags(html);
}

const HTML_TAG = /<(?:html|body|table|tr|td|p|div|br|span|h[1-6])[\s>/]/i;

export function looksLikeHtml(input: string): boolean {
  // Plain text mostly holds no `<` at all: indexOf says so faster than the case-blind regex.
  const lt = input.indexOf('<');
  if (lt < 0 || lt >= 200_000) return false;
  return HTML_TAG.test(input.length > 200_000 ? input.slice(lt, 200_000) : input.slice(lt));
}
