/**
 * The lists a source asks to walk: its explicit `lists` plus the links found on its directory pages,
 * each with the source's list style overlaid by the entry's own fields.
 */
import * as cheerio from 'cheerio';
import type { ListStyle, Source } from '../../config/sources/schema.ts';
import type { Fetcher } from '../types.ts';
import { absoluteUrl } from './list-item.ts';
import { fetchText } from './page.ts';
import { toSimplified } from './simplified.ts';

export interface ResolvedList {
  url: string;
  agency: string | null;
  style: ListStyle & { render: 'static' | 'browser' };
}

export function resolveEntry(
  source: Source,
  entry: Source['lists'][number] | { path: string; agency?: string },
): ResolvedList {
  const { path, agency, ...overrides } = entry as Source['lists'][number];
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const style = { ...source.list, ...defined, json: { ...source.list.json, ...overrides.json } } as ListStyle;
  return {
    url: new URL(path, source.baseUrl).toString(),
    agency: agency ?? null,
    style: { ...style, render: style.render ?? source.render },
  };
}

/**
 * A list named by its URL (a queued job carries only that) back to its style: the explicit entry
 * with that URL, else a list found on the directory (source style plus agency).
 */
export function listByUrl(source: Source, target: { url: string; agency: string | null }): ResolvedList {
  for (const e of source.lists) {
    const r = resolveEntry(source, e);
    if (r.url === target.url) return r;
  }
  return resolveEntry(source, { path: target.url, ...(target.agency ? { agency: target.agency } : {}) });
}

/** Directory links matching `linkText` (in simplified characters); the agency is the nearest heading-like text before the link. */
export function parseDirectory(
  html: string,
  pageUrl: string,
  dir: NonNullable<Source['directory']>,
): Array<{ path: string; agency?: string }> {
  const $ = cheerio.load(html);
  const match = new RegExp(dir.linkText);
  const out: Array<{ path: string; agency?: string }> = [];
  $(dir.linkSelector).each((_, el) => {
    const a = $(el);
    const text = (a.attr('title') ?? a.text()).trim();
    if (!match.test(toSimplified(text))) return;
    const url = absoluteUrl(a.attr('href'), pageUrl);
    if (!url) return;
    const agency =
      a.attr('data-agency') ??
      a.closest('[data-agency]').attr('data-agency') ??
      a.parent().find('h3, h4, strong').first().text().trim();
    out.push({ path: url, ...(agency ? { agency } : {}) });
  });
  return out;
}

export async function resolveLists(
  source: Source,
  fetcher: Fetcher,
  onError: (url: string, err: unknown) => void,
): Promise<ResolvedList[]> {
  const lists = source.lists.map((e) => resolveEntry(source, e));
  for (const path of source.directory?.paths ?? []) {
    const url = new URL(path, source.baseUrl).toString();
    try {
      const html = await fetchText(fetcher, url, {
        render: source.render === 'browser',
        encoding: source.encoding,
      });
      for (const entry of parseDirectory(html, url, source.directory!))
        lists.push(resolveEntry(source, entry));
    } catch (err) {
      onError(url, err);
    }
  }
  const seen = new Set<string>();
  return lists.filter((l) => !seen.has(l.url) && seen.add(l.url));
}
