/** Reads the items of an HTML list page (static or browser-rendered) with the source's selectors. */
import * as cheerio from 'cheerio';
import type { ListStyle } from '../../config/sources/schema.ts';
import { absoluteUrl, type ListItem, normalizeDate } from './list-item.ts';

export function parseHtmlList(
  html: string,
  pageUrl: string,
  style: Pick<ListStyle, 'itemSelector' | 'linkSelector' | 'dateSelector'>,
): ListItem[] {
  const $ = cheerio.load(html);
  const items: ListItem[] = [];
  $(style.itemSelector).each((_, el) => {
    const li = $(el);
    const a = li.find(style.linkSelector).first();
    const url = absoluteUrl(a.attr('href'), pageUrl);
    if (!url) return;
    const title = (a.attr('title') ?? a.text()).replace(/\s+/g, ' ').trim();
    if (!title) return;
    const dateText = style.dateSelector ? li.find(style.dateSelector).first().text() : '';
    items.push({ url, title, date: normalizeDate(dateText) ?? normalizeDate(li.text()) });
  });
  return items;
}

/**
 * TRS WCM pagers are a script call, `createPageHTML(count, current, "index", "html")`: the pages are
 * index.html, index_1.html … index_{count-1}.html next to the first one.
 */
export function parseCreatePageHTML(html: string, pageUrl: string): string[] | null {
  const m = html.match(/createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']/);
  if (!m) return null;
  const count = Number(m[1]);
  const [prefix, suffix] = [m[3]!, m[4]!];
  const urls: string[] = [];
  for (let n = 0; n < count; n++)
    urls.push(new URL(n === 0 ? `${prefix}.${suffix}` : `${prefix}_${n}.${suffix}`, pageUrl).toString());
  return urls;
}

/** Page n (n ≥ 1) of a numbered list: `list_{n}.shtml` resolved next to the first page. */
export function numberedPageUrl(firstUrl: string, template: string, n: number): string {
  return new URL(template.replace('{n}', String(n)), firstUrl).toString();
}
