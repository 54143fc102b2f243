/**
 * Reads the items of an HTML list page (static or browser-rendered) with the source's selectors, the
 * records of a 大汉 JCMS datastore, and the page counts pagers state in the page's own bytes.
 */
import * as cheerio from 'cheerio';
import type { ListStyle } from '../../config/sources/schema.ts';
import { type ListItem, readItem } from './list-item.ts';

type Selectors = Pick<ListStyle, 'itemSelector' | 'linkSelector' | 'dateSelector'>;

export function parseHtmlList(html: string, pageUrl: string, style: Selectors): ListItem[] {
  const $ = cheerio.load(html);
  const items: ListItem[] = [];
  $(style.itemSelector).each((_, el) => {
    const item = readItem($, el, pageUrl, style);
    if (item) items.push(item);
  });
  return items;
}

/**
 * 大汉 JCMS keeps a column's records in the page itself, for its pager script to show:
 * `<script type="text/xml"><datastore>…<recordset><record><![CDATA[<li>…</li>]]></record>…`. The same
 * `<record>`s come back from its `dataproxy.jsp` as XML. Each record's fragment is one item.
 */
export function datastoreRecords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<record>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([\s\S]*?))\s*<\/record>/gi)) {
    out.push(m[1] ?? m[2] ?? '');
  }
  return out;
}

/** Items of HTML fragments (datastore records, JSON strings): one item per fragment. */
export function parseFragments(
  fragments: string[],
  pageUrl: string,
  style: Pick<ListStyle, 'linkSelector' | 'dateSelector'>,
): ListItem[] {
  const items: ListItem[] = [];
  for (const fragment of fragments) {
    const $ = cheerio.load(`<div id="xxgk-record">${fragment}</div>`);
    const item = readItem($, $('#xxgk-record')[0]!, pageUrl, style);
    if (item) items.push(item);
  }
  return items;
}

export function parseDatastore(
  html: string,
  pageUrl: string,
  style: Pick<ListStyle, 'linkSelector' | 'dateSelector'>,
): ListItem[] {
  return parseFragments(datastoreRecords(html), pageUrl, style);
}

export interface PageHtmlCall {
  count: number;
  /** Zero-based number of the page the call was made on. */
  current: number;
  prefix: string;
  suffix: string;
}

const ARG = String.raw`\s*("[^"]*"|'[^']*'|[\w$.]+)\s*`;
const CREATE_PAGE_HTML = new RegExp(`createPageHTML\\((${ARG}(?:,${ARG})*)\\)`, 'g');

/** `var countPage = 7` style assignments a TRS template makes before calling createPageHTML. */
function numericVar(html: string, name: string): number | null {
  const m = html.match(
    new RegExp(`(?:var|let|const)?\\s*\\b${name.replace(/[$.]/g, '\\$&')}\\s*=\\s*(\\d+)`),
  );
  return m ? Number(m[1]) : null;
}

/**
 * TRS WCM pagers are a script call whose arguments say everything, read here without running it:
 * `createPageHTML(7, 0, "index", "html")` (count, zero-based current, prefix, suffix);
 * `createPageHTML('page_div', 7, 1, 'index', 'html', 100)` (an element id first, current one-based,
 * the item count last); the numbers may be variables assigned earlier (`var countPage = 7`).
 */
export function readCreatePageHTML(html: string): PageHtmlCall | null {
  // The first call whose arguments resolve: a page that defines the function shows its parameters first.
  for (const m of html.matchAll(CREATE_PAGE_HTML)) {
    const call = readCall(html, m[1]!);
    if (call) return call;
  }
  return null;
}

function readCall(html: string, argText: string): PageHtmlCall | null {
  const value = (a: string): number | string | null => {
    if (/^["']/.test(a)) return a.slice(1, -1);
    if (/^\d+$/.test(a)) return Number(a);
    return numericVar(html, a);
  };
  const vals = argText.split(',').map((a) => value(a.trim()));
  // With an element id first, the numbers start at the second argument and `current` is one-based.
  const idFirst = typeof vals[0] === 'string' && typeof vals[1] === 'number';
  const [count, current, prefix, suffix] = idFirst ? vals.slice(1, 5) : vals.slice(0, 4);
  if (typeof count !== 'number' || typeof current !== 'number') return null;
  return {
    count,
    current: idFirst ? Math.max(0, current - 1) : current,
    prefix: typeof prefix === 'string' && prefix ? prefix : 'index',
    suffix: typeof suffix === 'string' && suffix ? suffix : 'html',
  };
}

/** Every page a createPageHTML pager names: index.html, index_1.html … index_{count-1}.html. */
export function parseCreatePageHTML(html: string, pageUrl: string): string[] | null {
  const call = readCreatePageHTML(html);
  if (!call) return null;
  const urls: string[] = [];
  for (let n = 0; n < Math.max(1, call.count); n++)
    urls.push(
      new URL(
        n === 0 ? `${call.prefix}.${call.suffix}` : `${call.prefix}_${n}.${call.suffix}`,
        pageUrl,
      ).toString(),
    );
  return urls;
}

/**
 * The page count a page states, in the ways pagers state it: a createPageHTML call, 大汉's
 * `totalRecord`/`perPage` (jpage options or variables, `<totalrecord>` in proxy XML), `totalPage`-like
 * variables, or the text `共N页`. Null when it states none (the walk then goes until a page is
 * missing, empty or repeats).
 */
export function statedPageCount(html: string): number | null {
  const call = readCreatePageHTML(html);
  if (call) return Math.max(1, call.count);
  const num = (re: RegExp) => {
    const m = html.match(re);
    return m ? Number(m[1]) : null;
  };
  const total = num(/\btotal_?record["']?\s*[:=]\s*["']?(\d+)/i) ?? num(/<totalrecord>\s*(\d+)/i);
  const per = num(/\bper_?page["']?\s*[:=]\s*["']?(\d+)/i) ?? num(/<perpage>\s*(\d+)/i);
  if (total !== null && per) return Math.max(1, Math.ceil(total / per));
  const pages =
    num(/\b(?:total_?page|page_?count|count_?page|total_?pages)["']?\s*[:=]\s*["']?(\d+)/i) ??
    num(/<totalpage>\s*(\d+)/i) ??
    num(/共\s*(\d+)\s*[页頁]/);
  return pages !== null && pages > 0 ? pages : null;
}

/** Page n (n ≥ 1) of a numbered list: `list_{n}.shtml` resolved next to the first page. */
export function numberedPageUrl(firstUrl: string, template: string, n: number): string {
  return new URL(template.replace('{n}', String(n)), firstUrl).toString();
}
