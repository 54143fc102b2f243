/**
 * Walks one list page by page, in the list's paging style, yielding each page's items. The consumer
 * stops the walk by returning early (incremental crawls stop at the first known item).
 */
import type { Source } from '../../config/sources/schema.ts';
import { isFetchError } from '../errors.ts';
import type { Fetcher } from '../types.ts';
import { numberedPageUrl, parseCreatePageHTML, parseHtmlList } from './list-html.ts';
import type { ListItem } from './list-item.ts';
import { parseJsonList, queryPageUrl } from './list-json.ts';
import type { ResolvedList } from './lists.ts';
import { fetchText } from './page.ts';

export interface ListPage {
  pageUrl: string;
  items: ListItem[];
}

const isNotFound = (err: unknown) => isFetchError(err) && err.code === 'fetch.http_404';

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

  if (style.format === 'json') {
    const paging = style.paging.style === 'query' ? style.paging : { param: 'page', first: 1 };
    let count: number | null = null;
    for (let n = paging.first, i = 0; i < source.maxPages; n++, i++) {
      const pageUrl = queryPageUrl(list.url, paging.param, n);
      const { items, pageCount } = parseJsonList(await load(pageUrl), pageUrl, style.json);
      count ??= pageCount;
      if (items.length === 0 || !fresh(items)) return;
      yield { pageUrl, items };
      if (count !== null && i + 1 >= count) return;
    }
    return;
  }

  const html = await load(list.url);
  const first = parseHtmlList(html, list.url, style);
  fresh(first);
  yield { pageUrl: list.url, items: first };

  if (style.paging.style === 'createPageHTML') {
    const pages = (parseCreatePageHTML(html, list.url) ?? [list.url]).slice(1, source.maxPages);
    for (const pageUrl of pages) {
      const items = parseHtmlList(await load(pageUrl), pageUrl, style);
      if (!fresh(items)) return;
      yield { pageUrl, items };
    }
  } else if (style.paging.style === 'numbered') {
    // A pager that states the count (共5页) saves probing for the missing page after the last.
    const stated = Number(html.match(/共\s*(\d+)\s*页/)?.[1] ?? Number.NaN);
    const limit = Number.isFinite(stated) && stated > 0 ? Math.min(stated, source.maxPages) : source.maxPages;
    for (let n = style.paging.start, i = 1; i < limit; n++, i++) {
      const pageUrl = numberedPageUrl(list.url, style.paging.template, n);
      let items: ListItem[];
      try {
        items = parseHtmlList(await load(pageUrl), pageUrl, style);
      } catch (err) {
        if (isNotFound(err)) return; // past the last page
        throw err;
      }
      if (!fresh(items)) return;
      yield { pageUrl, items };
    }
  }
}
