/**
 * discover(): every annual-report link of a source, once. Walks each list (static, JSON, or rendered
 * in the browser), keeps titles that pass the source's filter, drops duplicate links, and on an
 * incremental crawl (`full: false`) stops each list at its first already-known report (lists are
 * newest first). A list that fails is reported through `onError` and the others go on.
 */
import type { Logger } from '../../config/logger.ts';
import { silentLogger } from '../../config/logger.ts';
import type { Source } from '../../config/sources/schema.ts';
import type { DocumentRef, Fetcher } from '../types.ts';
import { resolveLists } from './lists.ts';
import { makeTitleFilter } from './title-filter.ts';
import { walkList } from './walk.ts';

export interface DiscoverDeps {
  fetcher: Fetcher;
  isKnown: (url: string) => Promise<boolean>;
  full: boolean;
  logger?: Logger;
  onError?: (url: string, err: unknown) => void;
}

export async function* discover(source: Source, deps: DiscoverDeps): AsyncGenerator<DocumentRef> {
  const log = deps.logger ?? silentLogger;
  const onError =
    deps.onError ?? ((url: string, err: unknown) => log.warn({ url, err: (err as Error).message }, 'list failed'));
  const isReport = makeTitleFilter(source.titleFilter);
  const emitted = new Set<string>();
  for (const list of await resolveLists(source, deps.fetcher, onError)) {
    let pages = 0;
    try {
      walk: for await (const page of walkList(list, source, deps.fetcher)) {
        pages++;
        for (const item of page.items) {
          if (!isReport(item.title) || emitted.has(item.url)) continue;
          if (!deps.full && (await deps.isKnown(item.url))) break walk;
          emitted.add(item.url);
          yield { source: source.id, url: item.url, title: item.title, date: item.date, listUrl: list.url, kind: 'detail', parentUrl: null };
        }
      }
    } catch (err) {
      onError(list.url, err);
    }
    log.debug({ list: list.url, pages }, 'list walked');
  }
}
