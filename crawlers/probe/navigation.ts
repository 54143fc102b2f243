/**
 * Finding the list from elsewhere: the 年度报告 column linked from a home page, a list endpoint named
 * in a shell page's scripts, and a directory page (部门信息公开目录) that links this list's siblings.
 */
import * as cheerio from 'cheerio';
import { absoluteUrl, squash } from '../discover/list-item.ts';
import { toSimplified } from '../discover/simplified.ts';
import { PAGE_PARAM } from './paging.ts';

export interface ColumnLink {
  url: string;
  text: string;
}

/** Names a 年度报告 column goes by; a year in the text means an item, not a column. */
const COLUMN = /(政府)?信息公开(工作)?(年度报告|年报)|^(年度报告|年报)(专栏)?$|政务公开年报/;

/** Links to the annual-report column, best first (政府信息公开… before a bare 年报). */
export function findColumnLinks(html: string, pageUrl: string): ColumnLink[] {
  const $ = cheerio.load(html);
  const here = new URL(pageUrl);
  const out: Array<ColumnLink & { points: number }> = [];
  $('a[href]').each((_, el) => {
    const a = $(el);
    const text = toSimplified(squash(a.attr('title') || a.text()));
    if (text.length > 20 || /\d{4}/.test(text) || !COLUMN.test(text)) return;
    const url = absoluteUrl(a.attr('href'), pageUrl);
    if (!url || url === pageUrl || new URL(url).origin !== here.origin) return;
    if (out.some((o) => o.url === url)) return;
    out.push({ url, text, points: (/政府信息公开/.test(text) ? 2 : 0) + (/年度报告/.test(text) ? 1 : 0) });
  });
  return out.sort((a, b) => b.points - a.points).map(({ url, text }) => ({ url, text }));
}

/** Quoted URLs in inline scripts that look like a list endpoint (a page parameter, or a REST-ish path). */
export function scriptEndpoints(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  const here = new URL(pageUrl);
  const out = new Set<string>();
  $('script:not([src])').each((_, el) => {
    for (const m of $(el)
      .text()
      .matchAll(/["']((?:https?:\/\/|\/)[^"'\s<>]+)["']/g)) {
      const url = absoluteUrl(m[1], pageUrl);
      if (!url) continue;
      const u = new URL(url);
      if (u.origin !== here.origin || /\.(js|css|png|jpe?g|gif)$/i.test(u.pathname)) continue;
      const paged = [...u.searchParams.keys()].some((k) => PAGE_PARAM.test(k) || /^paramJson$/i.test(k));
      if (paged || /\/rest\/|dataproxy|\/api[-/]|getPageInfo|infolist/i.test(u.pathname)) out.add(url);
    }
  });
  return [...out];
}

/** Links of the page's breadcrumb (当前位置 …), nearest parent last; the site root is left out. */
export function breadcrumbLinks(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  const crumb = $(
    '[class*="position"], [class*="crumb"], [class*="location"], [id*="position"], [id*="crumb"], [id*="location"], [class*="dqwz"]',
  )
    .filter((_, el) => $(el).find('a[href]').length > 0)
    .first();
  const urls: string[] = [];
  crumb.find('a[href]').each((_, el) => {
    const url = absoluteUrl($(el).attr('href'), pageUrl);
    if (!url) return;
    const u = new URL(url);
    if (u.pathname === '/' || /^\/index\.s?html?$/.test(u.pathname) || url === pageUrl) return;
    if (!urls.includes(url)) urls.push(url);
  });
  return urls;
}

/** A URL's shape: digits folded, so `/jkqxxgk/c110055/list.shtml` and `/jkqxxgk/c110060/list.shtml` match. */
const shape = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`.replace(/\d+/g, '#');
};

export interface SiblingColumns {
  /** The link text every sibling column has (e.g. 年度报告). */
  linkText: string;
  lists: string[];
}

/**
 * On a directory page, the columns like this list: links with the same text as the link to it, to URLs
 * of the same shape. At least three (this one and two others) make a directory worth declaring.
 */
export function siblingColumns(html: string, pageUrl: string, listUrl: string): SiblingColumns | null {
  const $ = cheerio.load(html);
  const links = $('a[href]')
    .toArray()
    .map((el) => ({
      url: absoluteUrl($(el).attr('href'), pageUrl),
      text: squash($(el).attr('title') || $(el).text()),
    }));
  const own = links.find((l) => l.url === listUrl);
  if (!own?.text) return null;
  const lists = [
    ...new Set(
      links.filter((l) => l.url && l.text === own.text && shape(l.url) === shape(listUrl)).map((l) => l.url!),
    ),
  ];
  return lists.length >= 3 ? { linkText: own.text, lists } : null;
}
