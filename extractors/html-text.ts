/**
 * HTML → the text the rest of the extractor reads: block elements become lines, and each
 * `<table>` becomes one line per row in the html-grid form (rowspan/colspan resolved, covered
 * positions marked so they are never read as blank values). Cheerio (parse5) parses whatever
 * the portals serve, broken markup included; a hand-written parser would not.
 */
import * as cheerio from 'cheerio';
import { CELL_SEP, ROW_MARK, SPAN_MARK } from './tokenize/html-grid.ts';

interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const SKIP = new Set(['script', 'style', 'noscript', 'head', 'template', 'select', 'option', 'button', 'iframe', 'svg']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer',
  'table', 'tbody', 'thead', 'blockquote', 'pre', 'dd', 'dt', 'dl', 'hr', 'form', 'center', 'title', 'nav', 'aside', 'main',
]);
const MAX_SPAN = 64;
const CONTROL = /[\u001c-\u001f]/g;

function cellText(node: DomNode): string {
  const parts: string[] = [];
  const walk = (n: DomNode) => {
    if (n.type === 'text') parts.push(n.data ?? '');
    else if (n.type === 'tag' && n.name && !SKIP.has(n.name)) {
      if (BLOCK.has(n.name)) parts.push('\n');
      for (const c of n.children ?? []) walk(c);
      if (BLOCK.has(n.name)) parts.push('\n');
    }
  };
  for (const c of node.children ?? []) walk(c);
  return parts
    .join('')
    .replace(CONTROL, '')
    .split('\n')
    .map((l) => l.replace(/[\u00a0\u3000\s]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join(' ');
}

function rowsOf(table: DomNode): DomNode[] {
  const out: DomNode[] = [];
  const walk = (n: DomNode) => {
    for (const c of n.children ?? []) {
      if (c.type !== 'tag') continue;
      if (c.name === 'tr') out.push(c);
      else if (c.name !== 'table') walk(c);
    }
  };
  walk(table);
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
        const g = (grid[r + i] ??= []);
        for (let j = 0; j < cs; j++) if (g[col + j] === undefined) g[col + j] = i === 0 && j === 0 ? text : SPAN_MARK;
      }
      col += cs;
    }
  });
  return grid.map((row) => Array.from(row, (c) => c ?? ''));
}

/** The document as lines of text, tables as html-grid rows. */
export function htmlToText(html: string): string {
  const $ = cheerio.load(html);
  const out: string[] = [];
  let line = '';
  let tables = 0;
  const flush = () => {
    if (line.trim() !== '') out.push(line);
    line = '';
  };
  const walk = (n: DomNode) => {
    if (n.type === 'text') {
      line += (n.data ?? '').replace(CONTROL, '').replace(/[\r\n]+/g, ' ');
      return;
    }
    if ((n.type !== 'tag' && n.type !== 'root') || (n.name && SKIP.has(n.name))) return;
    if (n.name === 'table') {
      flush();
      const t = tables++;
      for (const row of tableGrid(n)) out.push(`${ROW_MARK}${t}${ROW_MARK}${row.join(CELL_SEP)}`);
      return;
    }
    const block = n.name !== undefined && BLOCK.has(n.name);
    if (block) flush();
    for (const c of n.children ?? []) walk(c);
    if (block) flush();
  };
  walk($.root()[0] as unknown as DomNode);
  flush();
  return out.join('\n');
}

export function looksLikeHtml(input: string): boolean {
  return /<(?:html|body|table|tr|td|p|div|br|span|h[1-6])[\s>/]/i.test(input.length > 200_000 ? input.slice(0, 200_000) : input);
}
