/**
 * A dry run of discovery (after Scrapy's `check`/`parse`): a source's lists resolved as a crawl would,
 * and the first page of each read with the declared selectors — the items it would keep and skip and
 * why, the page count the list states and the next page the walk would fetch. Nothing is stored.
 */
import { describeError } from '../../config/errors.ts';
import type { Source } from '../../config/sources/schema.ts';
import type { Fetcher } from '../types.ts';
import type { ListItem } from './list-item.ts';
import { type ResolvedList, resolveLists } from './lists.ts';
import { fetchText } from './page.ts';
import { makeTitleJudge, type TitleVerdict } from './title-filter.ts';
import { firstPageUrl, laterPageUrls, parseListPage } from './walk.ts';

export interface ListCheck {
  url: string;
  agency: string | null;
  pageUrl: string;
  items: Array<ListItem & TitleVerdict>;
  pageCount: number | null;
  next: string | null;
  error: string | null;
}

export interface SourceCheck {
  id: string;
  lists: number;
  checked: ListCheck[];
  /** Directory pages or lists that could not be read. */
  errors: string[];
}

export async function checkList(source: Source, list: ResolvedList, fetcher: Fetcher): Promise<ListCheck> {
  const pageUrl = firstPageUrl(list);
  const base = { url: list.url, agency: list.agency, pageUrl };
  try {
    const text = await fetchText(fetcher, pageUrl, {
      render: list.style.render === 'browser',
      waitFor: list.style.waitFor,
      encoding: source.encoding,
    });
    const page = parseListPage(text, pageUrl, list.style);
    const judge = makeTitleJudge(source.titleFilter);
    const next =
      list.style.paging.style === 'none' || page.pageCount === 1
        ? null
        : (laterPageUrls(list, text, source.maxPages).next().value ?? null);
    return {
      ...base,
      items: page.items.map((i) => ({ ...i, ...judge(i.title) })),
      pageCount: page.pageCount,
      next,
      error: page.items.length === 0 ? 'no items: the selectors find nothing on this page' : null,
    };
  } catch (err) {
    return { ...base, items: [], pageCount: null, next: null, error: describeError(err) };
  }
}

export async function checkSource(
  source: Source,
  fetcher: Fetcher,
  opts: { maxLists?: number } = {},
): Promise<SourceCheck> {
  const errors: string[] = [];
  const lists = await resolveLists(source, fetcher, (url, err) =>
    errors.push(`${url}: ${describeError(err)}`),
  );
  const checked: ListCheck[] = [];
  for (const list of lists.slice(0, opts.maxLists ?? 1)) checked.push(await checkList(source, list, fetcher));
  if (lists.length === 0 && errors.length === 0) errors.push('no lists: declare `lists` or a `directory`');
  return { id: source.id, lists: lists.length, checked, errors };
}

export function formatCheck(source: Source, c: SourceCheck): string {
  const out = [
    `${source.id}${source.preset ? ` (preset ${source.preset})` : ''} ${source.baseUrl}: declaration valid`,
  ];
  out.push(`  lists: ${c.lists}${c.checked.length < c.lists ? ` (first ${c.checked.length} checked)` : ''}`);
  for (const e of c.errors) out.push(`  error: ${e}`);
  for (const l of c.checked) {
    out.push(`  list ${l.url}${l.agency ? ` (${l.agency})` : ''}`);
    if (l.error && l.items.length === 0) {
      out.push(`    error: ${l.error}`);
      continue;
    }
    const kept = l.items.filter((i) => i.keep).length;
    out.push(
      `    page 1 (${l.pageUrl}): ${l.items.length} items, ${kept} kept, ${l.items.length - kept} skipped; ${l.pageCount === null ? 'page count not stated' : `${l.pageCount} page(s) stated`}`,
    );
    for (const i of l.items)
      out.push(
        `      ${i.keep ? 'keep' : 'skip'}  ${i.date ?? '          '}  ${i.title}  (${i.reason})  ${i.url}`,
      );
    out.push(`    next page: ${l.next ?? 'none'}`);
  }
  return `${out.join('\n')}\n`;
}

/** A check fails when a list cannot be read, shows no items, or a directory page fails. */
export const checkFailed = (c: SourceCheck) => c.errors.length > 0 || c.checked.some((l) => l.error !== null);
