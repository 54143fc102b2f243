/**
 * One list's reports, page by page: the refs of each page that pass the source's title filter and
 * were not seen before in this walk. An incremental walk (`full: false`) stops at the first report
 * `isKnown` accepts (lists are newest first). Pages are the unit so a caller can record and hand off
 * a page's refs in one go; errors propagate (the caller decides what a failed list means), so the
 * generator ends normally only when the walk is complete: the list's end, or a known report.
 */
import type { Source } from '../../config/sources/schema.ts';
import type { DocumentRef, Fetcher } from '../types.ts';
import type { ResolvedList } from './lists.ts';
import { makeTitleFilter } from './title-filter.ts';
import { walkList } from './walk.ts';

export interface ListWalkDeps {
  fetcher: Fetcher;
  full: boolean;
  /**
   * True when an incremental walk may stop at this URL, i.e. everything below it in the list is
   * already recorded. The caller owns that judgement (the pipeline's rests on when the list's
   * walks last completed: pipeline/stages/stop-rule.ts).
   */
  isKnown: (url: string) => Promise<boolean>;
  /** URLs already emitted (shared by concurrent walks of one source so a link is emitted once). */
  emitted?: Set<string>;
  isReport?: (title: string) => boolean;
}

export async function* discoverList(
  source: Source,
  list: ResolvedList,
  deps: ListWalkDeps,
): AsyncGenerator<DocumentRef[]> {
  const isReport = deps.isReport ?? makeTitleFilter(source.titleFilter);
  const emitted = deps.emitted ?? new Set<string>();
  for await (const page of walkList(list, source, deps.fetcher)) {
    const refs: DocumentRef[] = [];
    let stop = false;
    for (const item of page.items) {
      if (!isReport(item.title) || emitted.has(item.url)) continue;
      if (!deps.full && (await deps.isKnown(item.url))) {
        stop = true;
        break;
      }
      // Checked again: a concurrent walk may have emitted it while isKnown was awaited.
      if (emitted.has(item.url)) continue;
      emitted.add(item.url);
      refs.push({
        source: source.id,
        url: item.url,
        title: item.title,
        date: item.date,
        listUrl: list.url,
        kind: 'detail',
        parentUrl: null,
      });
    }
    if (refs.length > 0) yield refs;
    if (stop) return;
  }
}
