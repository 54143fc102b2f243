/** discover: walk a source's list pages, remember every link, ask for the new ones to be fetched. */
import { describeError } from '../../config/errors.ts';
import type { DocumentRef } from '../../crawlers/types.ts';
import { type DiscoverPayload, jobIds, type NextJob } from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import type { StageResult } from './result.ts';

export async function discoverStage(payload: DiscoverPayload, deps: StageDeps): Promise<StageResult> {
  const source = deps.source(payload.source);
  // A scheduled crawl arrives without a run: it opens its own summary row.
  const runId =
    payload.runId ?? (await deps.store.startRun(payload.source, payload.full ? 'full' : 'incremental'));
  const p = { ...payload, runId };
  const next: NextJob[] = [];
  let pending: NextJob[] = [];
  let toFetch = 0;
  let seen = 0;
  let created = 0;
  let counted = 0;
  // Progress is counted as the walk goes, with each batch handed to the fetchers.
  const flush = async () => {
    if (deps.emit && pending.length > 0) await deps.emit(pending);
    pending = [];
    await deps.store.bumpRun(p.runId, 'discovered', created - counted);
    counted = created;
  };
  const listErrors: string[] = [];
  const onError = (url: string, err: unknown) => {
    listErrors.push(`${url}: ${describeError(err)}`);
    deps.logger.warn({ url, err: describeError(err) }, 'list failed');
  };
  const emitted = new Set<string>();
  const want = (ref: DocumentRef) => {
    emitted.add(ref.url);
    toFetch++;
    (deps.emit ? pending : next).push({
      stage: 'fetch',
      jobId: jobIds.fetch(ref.url, p.full ? `r${p.runId ?? 'adhoc'}` : undefined),
      data: {
        runId: p.runId,
        source: p.source,
        url: ref.url,
        parentUrl: ref.parentUrl,
        kind: ref.kind,
        force: p.full,
        hints: { title: ref.title || null, publishedOn: ref.date },
      },
    });
  };
  for await (const ref of deps.discover(source, {
    full: p.full,
    isKnown: (url) => deps.store.isKnownRef(url),
    onError,
  })) {
    seen++;
    const r = await deps.store.upsertRef(ref);
    if (r.created) created++;
    // A known ref still in state `new` was never fetched (a crawl died before): fetch it now.
    if (!(p.full || r.created || r.state === 'new')) continue;
    want(ref);
    if (pending.length >= 25) await flush();
  }
  // An incremental walk stops at the first handled ref of each list; refs recorded by a crawl that
  // died before enqueuing their fetch sit behind it. Sweep them up (job ids dedupe the rest).
  for (const ref of await deps.store.unfetchedRefs(p.source)) if (!emitted.has(ref.url)) want(ref);
  await flush();
  if (listErrors.length > 0) {
    await deps.store.bumpRun(p.runId, 'failed', listErrors.length);
    await deps.store.failRun(p.runId, `lists failed: ${listErrors.join('; ')}`);
  }
  deps.logger.info({ source: p.source, seen, created, toFetch }, 'discovered');
  return { next, summary: { runId, seen, created, toFetch, listErrors: listErrors.length } };
}
