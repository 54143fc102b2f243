/**
 * discover, in two kinds of job on one queue. A source's job resolves its directory into one job
 * per list and sweeps up refs an earlier crawl recorded but never fetched. A list's job walks that
 * list page by page: each page's links are recorded in one batch and the new ones handed to the
 * fetchers at once, so several workers share one source's discovery and fetching starts early.
 * Each list walk is noted in list_walks (started, completed); an incremental walk stops where
 * stop-rule.ts allows, which depends on the list's last completed walk.
 */
import { describeError } from '../../config/errors.ts';
import type { DocumentRef } from '../../crawlers/types.ts';
import {
  type DiscoverPayload,
  type FetchPayload,
  jobIds,
  type ListTarget,
  type NextJob,
} from '../payloads.ts';
import type { StageDeps } from '../ports.ts';
import type { StageResult } from './result.ts';
import { mayStopAt } from './stop-rule.ts';

export async function discoverStage(payload: DiscoverPayload, deps: StageDeps): Promise<StageResult> {
  // A scheduled crawl arrives without a run: it opens its own summary row.
  const runId =
    payload.runId ?? (await deps.store.startRun(payload.source, payload.full ? 'full' : 'incremental'));
  const p = { ...payload, runId };
  return p.list ? walkOneList(p, p.list, deps) : resolveSource(p, deps);
}

type Run = DiscoverPayload & { runId: number };

function fetchJob(p: Run, ref: DocumentRef): NextJob {
  return {
    stage: 'fetch',
    // A full crawl re-fetches what earlier runs fetched, so its ids are scoped to the run.
    jobId: jobIds.fetch(ref.url, p.full ? `r${p.runId}` : undefined),
    data: {
      runId: p.runId,
      source: p.source,
      url: ref.url,
      parentUrl: ref.parentUrl,
      kind: ref.kind,
      force: p.full,
      hints: { title: ref.title || null, publishedOn: ref.date },
    },
  };
}

/**
 * Pages a list page recorded first, in one fetch job: the first is the payload's own page, the
 * others go in `more` (the runner runs each as its own job would, stages/fetch.ts per page).
 */
function fetchBatchJob(p: Run, refs: DocumentRef[]): NextJob {
  if (refs.length === 1) return fetchJob(p, refs[0]!);
  const [first, ...rest] = refs.map((ref) => fetchJob(p, ref));
  const data = first!.data as FetchPayload;
  return {
    stage: 'fetch',
    jobId: jobIds.fetchBatch(
      refs.map((r) => r.url),
      p.full ? `r${p.runId}` : undefined,
    ),
    data: {
      ...data,
      more: rest.map((j) => {
        const { url, parentUrl, kind, hints } = j.data as FetchPayload;
        return { url, parentUrl, kind, hints };
      }),
    },
  };
}

async function resolveSource(p: Run, deps: StageDeps): Promise<StageResult> {
  const source = deps.source(p.source);
  const errors: string[] = [];
  const lists = await deps.lists(source, (url, err) => {
    errors.push(`${url}: ${describeError(err)}`);
    deps.logger.warn({ url, err: describeError(err) }, 'directory failed');
  });
  const next: NextJob[] = lists.map((list) => ({
    stage: 'discover',
    jobId: jobIds.list(p.source, p.runId, list.url),
    data: { runId: p.runId, source: p.source, full: p.full, list },
  }));
  // Refs recorded by a crawl that died before their fetch was enqueued sit behind the first handled
  // ref of their list, where an incremental walk stops; refs fetched by a crawl that died before
  // their report was loaded (an in-process queue dies with its jobs) are `fetched` with nothing
  // after them. Fetch both now: a stored document costs no request, and job ids dedupe the rest.
  const unfetched = await deps.store.unfinishedRefs(p.source);
  for (const ref of unfetched) next.push(fetchJob(p, ref));
  if (errors.length > 0) await noteFailures(p, errors, deps);
  deps.logger.info({ source: p.source, lists: lists.length, unfetched: unfetched.length }, 'lists resolved');
  return {
    next,
    summary: { runId: p.runId, lists: lists.length, unfetched: unfetched.length, listErrors: errors.length },
  };
}

async function walkOneList(p: Run, list: ListTarget, deps: StageDeps): Promise<StageResult> {
  const source = deps.source(p.source);
  const next: NextJob[] = [];
  let seen = 0;
  let created = 0;
  let toFetch = 0;
  let completed = false;
  // Pages this walk put in a batch: a list that shifts while walked shows one again on the next
  // page, still `new`, and a job of its own would fetch it a second time (a batch's id is not its).
  const batched = new Set<string>();
  try {
    // Noted before the first page is read: this start is the cut-off later walks get if this one completes.
    const walk = await deps.store.startListWalk(p.source, list.url, p.runId);
    for await (const refs of deps.walkList(source, list, {
      full: p.full,
      isKnown: async (url) => mayStopAt(await deps.store.refSighting(url), walk),
    })) {
      seen += refs.length;
      const states = await deps.store.upsertRefs(refs);
      const jobs: NextJob[] = [];
      const fresh: DocumentRef[] = [];
      for (const [i, ref] of refs.entries()) {
        const r = states[i]!;
        if (r.created) created++;
        // Recorded first by this walk (the upsert says so to one walk only): no other job names it,
        // so it may share a job with its neighbours, whose id dedupes nothing else.
        if (r.created && (deps.fetchBatch ?? 1) > 1) {
          fresh.push(ref);
          batched.add(ref.url);
        }
        // A known ref still in state `new` was never fetched (a crawl died before): fetch it now.
        else if ((p.full || r.created || r.state === 'new') && !batched.has(ref.url))
          jobs.push(fetchJob(p, ref));
      }
      for (let i = 0; i < fresh.length; i += deps.fetchBatch!)
        jobs.push(fetchBatchJob(p, fresh.slice(i, i + deps.fetchBatch!)));
      toFetch += jobs.length;
      // Handed off as the walk goes; a re-run of this job re-emits and the job ids dedupe.
      if (deps.emit) await deps.emit(jobs);
      else next.push(...jobs);
      await deps.store.bumpRun(p.runId, 'discovered', states.filter((s) => s.created).length);
    }
    // The walk ended by itself (the list's end, or a ref the stop rule allows): it covered the list.
    // One that threw midway is not recorded, so the next incremental walk goes past its pages again.
    await deps.store.completeListWalk(p.source, list.url, walk.startedAt);
    completed = true;
  } catch (err) {
    // A list that cannot be read is the run's failure, not a job to retry forever: the other lists go on.
    await noteFailures(p, [`${list.url}: ${describeError(err)}`], deps);
    deps.logger.warn({ list: list.url, err: describeError(err) }, 'list failed');
  }
  deps.logger.debug({ list: list.url, seen, created, toFetch, completed }, 'list walked');
  return { next, summary: { runId: p.runId, list: list.url, seen, created, toFetch, completed } };
}

async function noteFailures(p: Run, errors: string[], deps: StageDeps): Promise<void> {
  await deps.store.bumpRun(p.runId, 'failed', errors.length);
  await deps.store.failRun(p.runId, `lists failed: ${errors.join('; ')}`);
}
