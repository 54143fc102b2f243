/**
 * Walks one list page by page, in the list's paging style, yielding each page's items. The consumer
 * stops the walk by returning early (incremental crawls stop at the first known item). A walk ends
 * at the page count the list states, at a missing page, or at a page with nothing new (CMSs answer
 * any page number past the end with the last page, or an empty one).
 */
import type { Source } from '../../config/sources/schema.ts';
import { isFetchError } from '../errors.ts';
import type { Fetcher } from '../types.ts';
import {
  numberedPageUrl,
  parseCreatePageHTML,
  parseDatastore,
  parseHtmlList,
  statedPageCount,
} from './list-html.ts';
import type { ListItem } from './list-item.ts';
import { parseJsonList, queryPageUrl } from './list-json.ts';
import type { ResolvedList } from './lists.ts';
import { fetchText } from './page.ts';

export interface ListPage {
  pageUrl: string;
  items: ListItem[];
}

export interface ParsedPage {
  items: ListItem[];
  /** Pages the list has, as this page states it; null when it does not say. */
  pageCount: number | null;
}

const isNotFound = (err: unknown) => isFetchError(err) && err.code === 'fetch.http_404';

/** One page's text → its items and stated page count, in the list's format. */
export function parseListPage(text: string, pageUrl: string, style: ResolvedList['style']): ParsedPage {
  if (style.format === 'json') {
    const page = parseJsonList(text, pageUrl, style);
    // An item count divides by the page size, which the first page shows when there is more than one.
    const fromTotal =
      page.total !== null && page.items.length > 0 ? Math.ceil(page.total / page.items.length) : null;
    return { items: page.items, pageCount: page.pageCount ?? fromTotal };
  }
  const items =
    style.format === 'datastore' ? parseDatastore(text, pageUrl, style) : parseHtmlList(text, pageUrl, style);
  return { items, pageCount: statedPageCount(text) };
}

/** The URL of the list's first page, as the walk fetches it. */
export function firstPageUrl(list: Pick<ResolvedList, 'url' | 'style'>): string {
  const { paging } = list.style;
  return paging.style === 'query' ? queryPageUrl(list.url, paging.param, paging.first) : list.url;
}

/**
 * URLs of pages 2, 3… as far as they can be named from the first page: all of them for
 * createPageHTML; for numbered and query paging, a generator the walk stops when the list ends.
 */
export function* laterPageUrls(
  list: Pick<ResolvedList, 'url' | 'style'>,
  firstHtml: string,
  maxPages: number,
): Generator<string> {
  const { paging } = list.style;
  if (paging.style === 'createPageHTML') {
    const pages = parseCreatePageHTML(firstHtml, list.url) ?? [list.url];
    yield* pages.slice(1, maxPages);
  } else if (paging.style === 'numbered') {
    for (let n = paging.start, i = 1; i < maxPages; n++, i++)
      yield numberedPageUrl(list.url, paging.template, n);
  } else if (paging.style === 'query') {
    for (let n = paging.first + 1, i = 1; i < maxPages; n++, i++)
      yield queryPageUrl(list.url, paging.param, n);
  }
}

export async function* walkList(
  list: ResolvedList,
  source: Source,
  fetcher: Fetcher,
): AsyncGenerator<ListPage> {
  const { style } = list;
  const load = (url: string) =>
    fetchText(fetcher, url, {
      render: style.render === 'browser',
      waitFor: style.waitFor,
      encoding: source.encoding,
    });
  const seen = new Set<string>();
  /** A page that adds nothing new ends the walk (CMSs that answer any page number with the last page). */
  const fresh = (items: ListItem[]) => items.filter((i) => !seen.has(i.url) && seen.add(i.url)).length > 0;

  const firstUrl = firstPageUrl(list);
  const text = await load(firstUrl);
  const first = parseListPage(text, firstUrl, style);
  if (style.format !== 'html' && first.items.length === 0) return;
  fresh(first.items);
  yield { pageUrl: firstUrl, items: first.items };
  if (style.paging.style === 'none') return;

  // A stated count saves probing for the missing page after the last.
  const limit = Math.min(first.pageCount ?? source.maxPages, source.maxPages);
  let walked = 1;
  for (const pageUrl of laterPageUrls(list, text, source.maxPages)) {
    if (walked >= limit) return;
    walked++;
    let page: ParsedPage;
    try {
      page = parseListPage(await load(pageUrl), pageUrl, style);
    } catch (err) {
      if (isNotFound(err) && style.paging.style !== 'createPageHTML') return; // past the last page
      throw err;
    }
    if (!fresh(page.items)) return;
    yield { pageUrl, items: page.items };
  }
}
