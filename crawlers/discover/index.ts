/**
 * discover(): every annual-report link of a source, once. Walks the lists (static, JSON, or rendered
 * in the browser) a few at a time, keeps titles that pass the source's filter, drops duplicate links,
 * and on an incremental crawl (`full: false`) stops each list at its first report `isKnown` accepts
 * (lists are newest first; see list.ts). A list that fails is reported through `onError` and the
 * others go on.
 */
import type { Logger } from '../../config/logger.ts';
import { silentLogger } from '../../config/logger.ts';
import type { Source } from '../../config/sources/schema.ts';
import type { DocumentRef, Fetcher } from '../types.ts';
import { discoverList } from './list.ts';
import { type ResolvedList, resolveLists } from './lists.ts';
import { makeTitleFilter } from './title-filter.ts';

export { discoverList, type ListWalkDeps } from './list.ts';
export { listByUrl, type ResolvedList, resolveLists } from './lists.ts';

export interface DiscoverDeps {
  fetcher: Fetcher;
  isKnown: (url: string) => Promise<boolean>;
  full: boolean;
  logger?: Logger;
  onError?: (url: string, err: unknown) => void;
  /** Lists walked at the same time (default: the source's concurrency). */
  listConcurrency?: number;
}

export async function* discover(source: Source, deps: DiscoverDeps): AsyncGenerator<DocumentRef> {
  const log = deps.logger ?? silentLogger;
  const onError =
    deps.onError ??
    ((url: string, err: unknown) => log.warn({ url, err: (err as Error).message }, 'list failed'));
  const isReport = makeTitleFilter(source.titleFilter);
  const emitted = new Set<string>();

  // Walkers push refs into a buffer; this generator drains it. A small buffer bound keeps a fast
  // discovery from running far ahead of a slow consumer.
  const buffer: DocumentRef[] = [];
  const consumer: Array<() => void> = [];
  const producers: Array<() => void> = [];
  const wakeAll = (waiters: Array<() => void>) => {
    for (const w of waiters.splice(0)) w();
  };
  const signal = () => wakeAll(consumer);

  async function walk(list: ResolvedList): Promise<void> {
    let pages = 0;
    try {
      for await (const refs of discoverList(source, list, { ...deps, isReport, emitted })) {
        pages++;
        for (const ref of refs) {
          buffer.push(ref);
          signal();
          while (buffer.length > 256) await new Promise<void>((r) => producers.push(r));
        }
      }
    } catch (err) {
      onError(list.url, err);
    }
    log.debug({ list: list.url, pages }, 'list walked');
  }

  const lists = await resolveLists(source, deps.fetcher, onError);
  let running = 0;
  let next = 0;
  const width = Math.max(1, deps.listConcurrency ?? source.concurrency);
  const startMore = () => {
    while (running < width && next < lists.length) {
      running++;
      void walk(lists[next++]!).finally(() => {
        running--;
        startMore();
        signal();
      });
    }
  };
  startMore();
  for (;;) {
    const ref = buffer.shift();
    if (ref) {
      wakeAll(producers);
      yield ref;
      continue;
    }
    if (running === 0 && next >= lists.length) return;
    await new Promise<void>((r) => consumer.push(r));
  }
}
