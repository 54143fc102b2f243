import { describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError } from '../../../config/errors.ts';
import { ActiveJobs } from '../../../pipeline/control/active-jobs.ts';
import { JobStalledError } from '../../../pipeline/control/job-limit.ts';
import { JobTally } from '../../../pipeline/control/tally.ts';
import { FetchPayload } from '../../../pipeline/payloads.ts';
import type { PipelineStore, StageDeps } from '../../../pipeline/ports.ts';
import { LocalQueue } from '../../../pipeline/queue/local.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';
import { registerStages, type StageHandlers } from '../../../pipeline/runner.ts';
import { recordingStore as recordingCalls, stageDeps } from '../../support/stage-deps.ts';

/** A store that only records the calls the runner makes on failures. */
function recordingStore() {
  const calls: string[] = [];
  return { store: recordingCalls({ calls, withArgs: true }), calls };
}

const deps = (store: PipelineStore): StageDeps => stageDeps(store);

const fetchJob = (n: number) => ({
  stage: 'fetch' as const,
  jobId: `f${n}`,
  data: FetchPayload.parse({ runId: 1, source: 's', url: `http://127.0.0.1/${n}` }),
});
const concurrency = { discover: 1, fetch: 2, extract: 1, ocr: 1, load: 1 };

describe('runner', () => {
  it('enqueues what a stage returns and what it emits while running, each job once', async () => {
    const q = new LocalQueue({ retry: { fetch: { attempts: 2, backoffMs: 1 } } });
    const fetched: string[] = [];
    const handlers: StageHandlers = {
      discover: async (_p, d) => {
        await d.emit!([fetchJob(1), fetchJob(2)]);
        return { next: [fetchJob(2), fetchJob(3)], summary: {} };
      },
      fetch: async (p) => {
        fetched.push(p.url);
        return { next: [], summary: {} };
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const { store } = recordingStore();
    registerStages(q, deps(store), concurrency, handlers);
    await q.add('discover', { runId: 1, source: 's', full: false, list: null }, 'd1');
    await waitForIdle(q, { pollMs: 2 });
    expect(fetched.sort()).toEqual(['http://127.0.0.1/1', 'http://127.0.0.1/2', 'http://127.0.0.1/3']);
    await q.close();
  });

  it('records a fetch failure once, when it is final, with the code and message', async () => {
    const q = new LocalQueue({ retry: { fetch: { attempts: 3, backoffMs: 1 } } });
    let attempts = 0;
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async () => {
        attempts++;
        throw new RetryableError('fetch.http_503', 'HTTP 503');
      },
      extract: async () => {
        throw new NonRetryableError('input.unsupported', 'not a document');
      },
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const { store, calls } = recordingStore();
    registerStages(q, deps(store), concurrency, handlers);
    await q.add('fetch', fetchJob(1).data, 'f1');
    await q.add(
      'extract',
      { runId: 1, source: 's', documentId: 7, url: 'http://127.0.0.1/7', parentUrl: null, hints: {} },
      'e7',
    );
    await waitForIdle(q, { pollMs: 2 });
    expect(attempts).toBe(3);
    expect(calls.filter((c) => c.startsWith('recordFetchFailure'))).toEqual([
      'recordFetchFailure({"source":"s","url":"http://127.0.0.1/1","kind":"detail","parentUrl":null}, fetch.http_503, HTTP 503)',
    ]);
    expect(calls).toContain('recordExtractionFailure(7, test, input.unsupported, not a document)');
    expect(calls.filter((c) => c === 'bumpRun(1, failed)')).toHaveLength(2);
    await q.close();
  });

  it('runs each page of a batched fetch job as its own job: a passing failure becomes a job of its own, a lasting one is recorded', async () => {
    const q = new LocalQueue({ retry: { fetch: { attempts: 3, backoffMs: 1 } } });
    const attempts: Record<string, number> = {};
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async (p) => {
        expect(p.more ?? []).toEqual([]); // the handler sees one page at a time
        attempts[p.url] = (attempts[p.url] ?? 0) + 1;
        // Page 2 fails once for a passing reason, page 3 for good; pages 1 and 4 work.
        if (p.url.endsWith('/2') && attempts[p.url] === 1)
          throw new RetryableError('fetch.http_503', 'HTTP 503');
        if (p.url.endsWith('/3')) throw new NonRetryableError('fetch.http_404', 'HTTP 404');
        return { next: [], summary: {} };
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const { store, calls } = recordingStore();
    const control = {
      jobs: new ActiveJobs(),
      timeouts: { default: 0, listWalk: 0, ocr: 0 },
      tally: new JobTally(),
    };
    registerStages(q, deps(store), concurrency, handlers, undefined, control);
    const page = (n: number) => ({ url: `http://127.0.0.1/${n}`, hints: { title: `t${n}` } });
    await q.add(
      'fetch',
      FetchPayload.parse({ runId: 1, source: 's', ...page(1), more: [page(2), page(3), page(4)] }),
      'batch',
    );
    await waitForIdle(q, { pollMs: 2 });
    // Page 2 again in a job of its own, by the id a job per page would have had; no page twice else.
    expect(attempts).toEqual({
      'http://127.0.0.1/1': 1,
      'http://127.0.0.1/2': 2,
      'http://127.0.0.1/3': 1,
      'http://127.0.0.1/4': 1,
    });
    expect(calls.filter((c) => c.startsWith('recordFetchFailure'))).toEqual([
      'recordFetchFailure({"source":"s","url":"http://127.0.0.1/3","kind":"detail","parentUrl":null}, fetch.http_404, HTTP 404)',
    ]);
    expect(calls.filter((c) => c === 'bumpRun(1, failed)')).toHaveLength(1);
    // The batch itself succeeded: nothing failed on the queue.
    expect(await q.failed('fetch')).toEqual([]);
    expect(control.tally.snapshot().fetch).toMatchObject({ done: 3, failed: 1, retried: 1 });
    await q.close();
  });

  it('rejects an invalid payload without calling the handler', async () => {
    const q = new LocalQueue();
    let called = false;
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async () => {
        called = true;
        return { next: [], summary: {} };
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    registerStages(q, deps(recordingStore().store), concurrency, handlers);
    await q.add('fetch', { runId: 1, source: 's', url: 'not a url' } as never, 'bad');
    await waitForIdle(q, { pollMs: 2 });
    expect(called).toBe(false);
    expect((await q.failed('fetch'))[0]?.reason).toMatch(/url/i);
    await q.close();
  });

  it('fails a job over its time limit with job.timeout naming stage and URL, retries it, and goes on', async () => {
    const q = new LocalQueue({ retry: { fetch: { attempts: 2, backoffMs: 1 } } });
    const attempts: Record<string, number> = {};
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async (p) => {
        attempts[p.url] = (attempts[p.url] ?? 0) + 1;
        // The hanging page never answers; the others do.
        if (p.url.endsWith('/1')) await new Promise(() => {});
        return { next: [], summary: {} };
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const { store, calls } = recordingStore();
    const jobs = new ActiveJobs();
    const tally = new JobTally();
    registerStages(q, deps(store), { ...concurrency, fetch: 1 }, handlers, undefined, {
      jobs,
      timeouts: { default: 40, listWalk: 0, ocr: 0 },
      tally,
    });
    await q.add('fetch', fetchJob(1).data, 'f1');
    await q.add('fetch', fetchJob(2).data, 'f2');
    await waitForIdle(q, { pollMs: 2 });
    // Retried like any passing fault, then recorded; the one slot was given back for the next page.
    expect(attempts).toEqual({ 'http://127.0.0.1/1': 2, 'http://127.0.0.1/2': 1 });
    const failure = calls.filter((c) => c.startsWith('recordFetchFailure'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/, job\.timeout, fetch http:\/\/127\.0\.0\.1\/1: no result within 40 ms/);
    expect((await q.counts()).fetch).toMatchObject({ completed: 1, failed: 1, active: 0 });
    expect(jobs.list()).toEqual([]);
    // What the end-of-run summary reports: one retry, over the time limit twice, one failure.
    expect(tally.snapshot()).toEqual({ fetch: { done: 1, failed: 1, retried: 1, timedOut: 2 } });
    await q.close();
  });

  it('lists running jobs with their page, and fails the ones aborted as stuck without a retry', async () => {
    const q = new LocalQueue({ retry: { fetch: { attempts: 3, backoffMs: 1 } } });
    let attempts = 0;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async () => {
        attempts++;
        started();
        return new Promise(() => {});
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const { store, calls } = recordingStore();
    const jobs = new ActiveJobs();
    registerStages(q, deps(store), concurrency, handlers, undefined, {
      jobs,
      timeouts: { default: 0, listWalk: 0, ocr: 0 },
      tally: new JobTally(),
    });
    await q.add('fetch', fetchJob(3).data, 'f3');
    await running;
    const [job] = jobs.list();
    expect(job).toMatchObject({ id: 'f3', stage: 'fetch', url: 'http://127.0.0.1/3', runId: 1, attempt: 1 });
    expect(job!.label).toBe('fetch http://127.0.0.1/3');
    jobs.abort([job!.key], (j) => new JobStalledError('job.stalled', `${j.label}: stuck`));
    await waitForIdle(q, { pollMs: 2 });
    expect(attempts).toBe(1);
    expect(calls.filter((c) => c.startsWith('recordFetchFailure'))).toEqual([
      'recordFetchFailure({"source":"s","url":"http://127.0.0.1/3","kind":"detail","parentUrl":null}, job.stalled, fetch http://127.0.0.1/3: stuck)',
    ]);
    await q.close();
  });
});
