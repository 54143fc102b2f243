/**
 * The runner puts the four stage handlers on a JobQueue: it validates payloads, gives each job a
 * logger carrying job, source and URL, enqueues the follow-up jobs a stage returns, and records a
 * job's final failure where the operator will look (fetch_failures, extraction_failures, crawl_runs).
 */

import { describeError, isXxgkError, NonRetryableError, RetryableError } from '../config/errors.ts';
import { ActiveJobs } from './control/active-jobs.ts';
import {
  JobInterruptedError,
  JobTimeoutError,
  type JobTimeouts,
  jobLabel,
  timeoutFor,
  withTimeLimit,
} from './control/job-limit.ts';
import { quietFor } from './control/stall.ts';
import { JobTally } from './control/tally.ts';
import { limitConcurrency } from './limit.ts';
import {
  type FetchPayload,
  fetchTargets,
  jobIds,
  type NextJob,
  PAYLOADS,
  type PayloadOf,
  parsePayload,
  STAGES,
  type Stage,
} from './payloads.ts';
import type { StageDeps } from './ports.ts';
import type { JobInfo, JobQueue } from './queue/types.ts';
import { discoverStage } from './stages/discover.ts';
import { extractStage } from './stages/extract.ts';
import { fetchStage } from './stages/fetch.ts';
import { loadStage } from './stages/load.ts';
import { ocrStage } from './stages/ocr.ts';
import type { StageResult } from './stages/result.ts';
import { LOAD_BATCH } from './store/batch-loader.ts';

export class InvalidPayloadError extends NonRetryableError {}
/** The queue gave a job up (it stalled more often than allowed): recorded like a final failure. */
export class QueueLostError extends RetryableError {}

export type StageHandlers = { [S in Stage]: (p: PayloadOf<S>, deps: StageDeps) => Promise<StageResult> };

export const STAGE_HANDLERS: StageHandlers = {
  discover: discoverStage,
  fetch: fetchStage,
  extract: extractStage,
  ocr: ocrStage,
  load: loadStage,
};

export type Concurrency = Record<Stage, number>;

/**
 * Pages of one list page per fetch job on BullMQ (StageDeps.fetchBatch): each queue job costs two
 * Redis scripts and the worker's bookkeeping, a sixth of the crawl's main thread and Redis's CPU
 * with a job per page. The in-process queue's jobs cost next to nothing: a job per page there.
 */
export const FETCH_BATCH = 8;

/**
 * Jobs a stage takes at once. Extract jobs (when they load inline) and load jobs spend most of
 * their time waiting for their batch to commit, so the queue hands out enough of them to fill
 * batches; the extraction itself stays at `concurrency.extract` (wiring.ts limits it) and the
 * batches under way at `concurrency.load`.
 */
export function queueSlots(stage: Stage, concurrency: Concurrency, inline: Inline): number {
  const waiting = concurrency.load * LOAD_BATCH;
  if (stage === 'load') return waiting;
  if (stage === 'extract' && inline.load) return concurrency.extract + waiting;
  if (stage === 'fetch' && inline.extract) return concurrency.fetch + waiting;
  return concurrency[stage];
}

/**
 * Which follow-ups run inside the job that asks for them. A process that runs every stage from
 * fetch on does a document's fetch, extraction and load in one job: no queue round trips between
 * them (BullMQ's were a fifth of a crawl's CPU), no record through pipeline_extractions. Safety is
 * the same: the job ends only when its document is loaded, and a job killed before that runs again
 * (every stage is idempotent). A follow-up that fails inline is enqueued as a job of its own, so
 * its retries and its failure record are its own stage's.
 */
export interface Inline {
  extract: boolean;
  load: boolean;
}

export function inlineFor(only: readonly Stage[]): Inline {
  const load = only.includes('extract') && only.includes('load');
  return { load, extract: load && only.includes('fetch') };
}

/**
 * What the runner needs to keep jobs from hanging: the time limits (0: none) and the registry of
 * this process's running jobs (the stall check reads it, shutdown fails what is in it). Built by
 * wiring.ts from the settings; the default (tests) has no limits.
 */
export interface RunControl {
  jobs: ActiveJobs;
  timeouts: JobTimeouts;
  /** What this process's jobs came to, for the end-of-run summary. */
  tally: JobTally;
}

export function defaultRunControl(): RunControl {
  return { jobs: new ActiveJobs(), timeouts: { default: 0, listWalk: 0, ocr: 0 }, tally: new JobTally() };
}

export function registerStages(
  queue: JobQueue,
  deps: StageDeps,
  concurrency: Concurrency,
  handlers: StageHandlers = STAGE_HANDLERS,
  only: readonly Stage[] = STAGES,
  control: RunControl = defaultRunControl(),
): void {
  const inline = inlineFor(only);
  const { jobs } = control;
  // Counting a run's progress is the stages' sign of life: a list walk bumps it page by page.
  // (The store's other methods through the prototype: a store need not be a plain object.)
  const store: StageDeps['store'] = Object.create(deps.store, {
    bumpRun: {
      value: (...args: Parameters<StageDeps['store']['bumpRun']>) => {
        jobs.touch();
        return deps.store.bumpRun(...args);
      },
    },
  });
  // Pages of fetch jobs under way at once, whether a job holds one page or several: as many as
  // the queue's fetch slots, so a batch holds no more fetched pages in memory than its slots would.
  const slots = queueSlots('fetch', concurrency, inline);
  const run: Runner = {
    pages: limitConcurrency(slots, <T>(work: () => Promise<T>) => work()) as Runner['pages'],
    queue,
    deps: { ...deps, store, loadInline: inline.load, fetchBatch: queue.kind === 'bullmq' ? FETCH_BATCH : 1 },
    handlers,
    inline,
    control,
  };
  for (const stage of only) {
    queue.process(stage, (data, job) => runJob(run, stage, data, job), {
      concurrency: queueSlots(stage, concurrency, inline),
      onLost: async (data, reason) => {
        const parsed = PAYLOADS[stage].safeParse(data);
        if (parsed.success) {
          await recordFinalFailure(
            stage,
            parsed.data as PayloadOf<Stage>,
            new QueueLostError('queue.stalled', reason),
            deps,
          );
        }
      },
    });
  }
}

interface Runner {
  /** Runs a fetch job's page when one of the fetch stage's page slots is free. */
  pages: <T>(work: () => Promise<T>) => Promise<T>;
  queue: JobQueue;
  deps: StageDeps;
  handlers: StageHandlers;
  inline: Inline;
  control: RunControl;
}

async function runJob<S extends Stage>(
  run: Runner,
  stage: S,
  data: unknown,
  job: JobInfo,
): Promise<Record<string, unknown>> {
  let payload: PayloadOf<S>;
  try {
    payload = parsePayload(stage, data);
  } catch (cause) {
    // A malformed job can never succeed: fail it at once, naming the job.
    throw new InvalidPayloadError(
      'pipeline.payload',
      `job ${job.id} (${stage}): invalid payload: ${describeError(cause)}`,
      { cause },
    );
  }
  if (stage === 'fetch') {
    const pages = fetchTargets(payload as FetchPayload);
    if (pages.length > 1) return runFetchBatch(run, pages, job);
    return run.pages(() => runOne(run, stage, payload, job));
  }
  return runOne(run, stage, payload, job);
}

/**
 * A fetch job of several pages (FetchPayload.more, one list page's new pages): each page runs as
 * its own job would (its own time limit, logger, entry among the running jobs, tally), side by
 * side, and the job ends when every page has ended. A page that fails for a passing reason becomes
 * a fetch job of its own, with the stage's retries and, in the end, its own failure record; one
 * that fails for good is recorded now, as its own job would be. So the queue job fails only when
 * a page cannot be handed on (the queue is down: then it is retried whole, and pages already
 * stored skip the network) or the process winds down.
 */
async function runFetchBatch(
  run: Runner,
  pages: FetchPayload[],
  job: JobInfo,
): Promise<Record<string, unknown>> {
  const results = await Promise.allSettled(
    pages.map((page, i) =>
      run.pages(() =>
        runOne(run, 'fetch', page, { ...job, id: `${job.id}#${i + 1}` }, async (err, logger) => {
          // A page's own job id, as a job per page would have had (a full crawl's scoped to its run).
          const jobId = jobIds.fetchOf(page);
          await enqueueAll(run.queue, [{ stage: 'fetch', jobId, data: page }]);
          logger.warn(
            { err: describeError(err), handedTo: jobId },
            'page failed in its batch: queued as a job of its own',
          );
          return { handedOff: jobId };
        }),
      ),
    ),
  );
  const interrupted = results.find(
    (r): r is PromiseRejectedResult => r.status === 'rejected' && r.reason instanceof JobInterruptedError,
  );
  if (interrupted) throw interrupted.reason;
  const failed = results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ page: pages[i]!, err: r.reason }] : [],
  );
  if (failed.length > 0) {
    // Pages that could not be handed on: the job is retried; on its last attempt they are on record.
    const err = failed[0]!.err;
    if (!(isXxgkError(err) ? err.retryable : true) || job.attempt >= job.maxAttempts)
      for (const f of failed)
        await recordFinalFailure('fetch', f.page, f.err, run.deps).catch((e) =>
          run.deps.logger.error({ err: describeError(e), url: f.page.url }, 'could not record the failure'),
        );
    throw err;
  }
  return { pages: results.map((r) => (r as PromiseFulfilledResult<Record<string, unknown>>).value) };
}

/**
 * One job's work: the handler, its follow-ups (inline or enqueued), its counts. `handOff`, for a
 * page of a batch: what becomes of it when it fails for a passing reason (instead of the queue's
 * retry of the whole job).
 */
async function runOne<S extends Stage>(
  run: Runner,
  stage: S,
  payload: PayloadOf<S>,
  job: JobInfo,
  handOff?: (err: unknown, logger: StageDeps['logger']) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const { queue, deps, handlers } = run;
  const url = 'url' in payload ? payload.url : undefined;
  const logger = deps.logger.child({ job: job.id, stage, source: payload.source, ...(url ? { url } : {}) });
  const started = Date.now();
  const label = jobLabel(stage, payload);
  const handle = run.control.jobs.start({
    id: job.id,
    stage,
    label,
    url: url ?? null,
    runId: payload.runId ?? null,
    attempt: job.attempt,
    quietMs: quietFor(stage, run.control.timeouts),
  });
  // Aborted when the job is abandoned (its time limit, a stall, a shutdown): what the stage runs
  // for it (the OCR child) is stopped rather than left to run on to its own deadline.
  const abandon = new AbortController();
  const work = async () => {
    const result = await (handlers[stage] as (p: PayloadOf<S>, d: StageDeps) => Promise<StageResult>)(
      payload,
      {
        ...deps,
        logger,
        signal: abandon.signal,
        emit: (jobs) => {
          run.control.jobs.touch();
          return enqueueAll(queue, jobs);
        },
      },
    );
    const inlined = await handOn(run, result.next, logger);
    // Acknowledged only once counted: a job killed before this point counted nothing that survives.
    await deps.store.settleCounts();
    return inlined.length > 0 ? { ...result.summary, inline: inlined } : result.summary;
  };
  try {
    // The limit covers the follow-ups run inline: the queue sees one job, so one limit.
    const summary = await withTimeLimit(work(), {
      timeoutMs: timeoutFor(run.control.timeouts, stage, payload),
      label,
      signal: handle.signal,
      onAbandon: (reason) => abandon.abort(reason),
    });
    logger.debug({ ms: Date.now() - started, ...summary }, 'job done');
    run.control.tally.record(stage, 'done');
    return summary;
  } catch (err) {
    // Cut short by a shutdown: nothing failed, the job runs again in a later crawl.
    if (err instanceof JobInterruptedError) throw err;
    const retryable = isXxgkError(err) ? err.retryable : true;
    const final = !retryable || (!handOff && job.attempt >= job.maxAttempts);
    run.control.tally.record(stage, final ? 'failed' : 'retried', {
      timedOut: err instanceof JobTimeoutError,
    });
    if (!final && handOff) return await handOff(err, logger);
    if (final) {
      await recordFinalFailure(stage, payload, err, deps).catch((e) =>
        logger.error({ err: describeError(e) }, 'could not record the failure'),
      );
      await deps.store.settleCounts();
    }
    logger.warn({ attempt: job.attempt, final, err: describeError(err) }, 'job failed');
    // A page of a batch that failed for good is on record, like its own job's last attempt: the
    // batch's other pages go on.
    if (handOff) return { failed: isXxgkError(err) ? err.code : 'error' };
    throw err;
  } finally {
    handle.end();
  }
}

/** Runs the follow-ups this process takes inline (see `Inline`) and enqueues the others. */
async function handOn(run: Runner, next: NextJob[], logger: StageDeps['logger']): Promise<unknown[]> {
  const now = next.filter(
    (j) => (j.stage === 'extract' && run.inline.extract) || (j.stage === 'load' && run.inline.load),
  );
  await enqueueAll(
    run.queue,
    next.filter((j) => !now.includes(j)),
  );
  const summaries: unknown[] = [];
  for (const j of now) {
    const child = logger.child({ inline: j.jobId, stage: j.stage });
    try {
      const payload = parsePayload(j.stage, j.data);
      const r = await (run.handlers[j.stage] as (p: unknown, d: StageDeps) => Promise<StageResult>)(payload, {
        ...run.deps,
        logger: child,
      });
      summaries.push({ stage: j.stage, ...r.summary });
      await handOn(run, r.next, child);
    } catch (err) {
      child.warn({ err: describeError(err) }, 'inline step failed: queued as a job of its own');
      await enqueueAll(run.queue, [j]);
    }
  }
  return summaries;
}

async function enqueueAll(queue: JobQueue, next: NextJob[]): Promise<void> {
  for (const stage of STAGES) {
    const items = next.filter((j) => j.stage === stage).map((j) => ({ data: j.data, jobId: j.jobId }));
    if (items.length > 0) await queue.addBulk(stage, items as never);
  }
}

async function recordFinalFailure(
  stage: Stage,
  payload: PayloadOf<Stage>,
  err: unknown,
  deps: StageDeps,
): Promise<void> {
  const code = isXxgkError(err) ? err.code : 'error';
  // The code has its own column: the message alone reads better next to it.
  const message = err instanceof Error ? err.message : String(err);
  const { store, extractorVersion } = deps;
  if (stage === 'fetch') {
    // Every page of the job (several when it is a batch the queue gave up on).
    for (const { runId, source, url, kind, parentUrl } of fetchTargets(payload as FetchPayload)) {
      await store.bumpRun(runId, 'failed');
      await store.recordFetchFailure({ source, url, kind, parentUrl }, code, message);
    }
    return;
  }
  await store.bumpRun(payload.runId, 'failed');
  if (stage === 'discover') await store.failRun(payload.runId, message);
  if ('documentId' in payload && (stage === 'extract' || stage === 'ocr' || stage === 'load')) {
    await store.recordExtractionFailure(
      payload.documentId,
      extractorVersion,
      stage === 'load' ? `load.${code}` : code,
      message,
    );
  }
}
