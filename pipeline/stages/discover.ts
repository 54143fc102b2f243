/** discover: walk a source's list pages, remember every link, ask for the new ones to be fetched. */
import { type DiscoverPayload, type NextJob, jobIds } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import type { StageResult } from './result.ts';

export async function discoverStage(p: DiscoverPayload, deps: StageDeps): Promise<StageResult> {
  const source = deps.source(p.source);
  const next: NextJob[] = [];
  let seen = 0;
  let created = 0;
  for await (const ref of deps.discover(source, { full: p.full, isKnown: (url) => deps.store.isKnownRef(url) })) {
    seen++;
    const r = await deps.store.upsertRef(ref);
    if (r.created) created++;
    // A known ref still in state `new` was never fetched (a crawl died before): fetch it now.
    if (!(p.full || r.created || r.state === 'new')) continue;
    next.push({
      stage: 'fetch',
      jobId: jobIds.fetch(ref.url, p.full ? `r${p.runId ?? 'adhoc'}` : undefined),
      data: {
        runId: p.runId,
        source: p.source,
        url: ref.url,
        parentUrl: ref.parentUrl,
        kind: ref.kind,
        force: p.full,
        hints: { title: ref.title, publishedOn: ref.date },
      },
    });
  }
  await deps.store.bumpRun(p.runId, 'discovered', created);
  deps.logger.info({ source: p.source, seen, created, toFetch: next.length }, 'discovered');
  return { next, summary: { seen, created, toFetch: next.length } };
}
