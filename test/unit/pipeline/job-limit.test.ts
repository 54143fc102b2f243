import { describe, expect, it } from 'vitest';
import { ActiveJobs } from '../../../pipeline/control/active-jobs.ts';
import {
  formatMs,
  JobTimeoutError,
  jobLabel,
  timeoutFor,
  withTimeLimit,
} from '../../../pipeline/control/job-limit.ts';

describe('job time limit', () => {
  it('passes a result or an error through untouched', async () => {
    await expect(withTimeLimit(Promise.resolve(7), { timeoutMs: 10_000, label: 'x' })).resolves.toBe(7);
    await expect(
      withTimeLimit(Promise.reject(new Error('boom')), { timeoutMs: 10_000, label: 'x' }),
    ).rejects.toThrow('boom');
  });

  it('fails work that never settles with a retryable job.timeout naming the job', async () => {
    const err: JobTimeoutError = await withTimeLimit(new Promise<never>(() => {}), {
      timeoutMs: 5,
      label: 'fetch http://a/1',
    }).catch((e: JobTimeoutError) => e);
    expect(err).toBeInstanceOf(JobTimeoutError);
    expect(err).toMatchObject({ code: 'job.timeout', retryable: true });
    expect(err.message).toBe('fetch http://a/1: no result within 5 ms (job time limit)');
  });

  it('throws the abort reason, and swallows the abandoned work’s later rejection', async () => {
    const ac = new AbortController();
    let rejectLater!: (e: Error) => void;
    const work = new Promise((_, reject) => (rejectLater = reject));
    const raced = withTimeLimit(work, { timeoutMs: 0, label: 'x', signal: ac.signal });
    ac.abort(new Error('stuck'));
    await expect(raced).rejects.toThrow('stuck');
    // Would be an unhandled rejection (a crash under Node's default) without the swallow.
    rejectLater(new Error('late'));
    await new Promise((r) => setImmediate(r));
  });

  it('picks the limit by stage: list walks and OCR have their own', () => {
    const t = { default: 1, listWalk: 2, ocr: 3 };
    expect(timeoutFor(t, 'fetch', {})).toBe(1);
    expect(timeoutFor(t, 'discover', { list: null })).toBe(1);
    expect(timeoutFor(t, 'discover', { list: { url: 'http://a/l' } })).toBe(2);
    expect(timeoutFor(t, 'ocr', {})).toBe(3);
  });

  it('labels a job by its page, its list or its source', () => {
    expect(jobLabel('fetch', { url: 'http://a/1', source: 's' })).toBe('fetch http://a/1');
    expect(jobLabel('discover', { source: 's', list: { url: 'http://a/l' } })).toBe(
      'discover list http://a/l',
    );
    expect(jobLabel('discover', { source: 's', list: null })).toBe('discover source s');
  });

  it('formats durations for people', () => {
    expect([
      formatMs(250),
      formatMs(2_500),
      formatMs(42_000),
      formatMs(125_000),
      formatMs(7_500_000),
    ]).toEqual(['250 ms', '2.5 s', '42 s', '2 min 5 s', '2 h 5 min']);
  });
});

describe('ActiveJobs', () => {
  it('tracks running jobs on the injected clock and counts every sign of life', () => {
    let now = 1000;
    const jobs = new ActiveJobs(() => now);
    const a0 = jobs.activity();
    const h = jobs.start({
      id: 'f1',
      stage: 'fetch',
      label: 'fetch u',
      url: 'u',
      runId: 1,
      attempt: 1,
      quietMs: 0,
    });
    now = 1500;
    jobs.touch();
    expect(jobs.list()).toEqual([
      {
        key: 1,
        id: 'f1',
        stage: 'fetch',
        label: 'fetch u',
        url: 'u',
        runId: 1,
        attempt: 1,
        quietMs: 0,
        startedAt: 1000,
      },
    ]);
    expect(jobs.activity()).toBe(a0 + 2);
    h.end();
    h.end();
    expect(jobs.list()).toEqual([]);
    expect(jobs.activity()).toBe(a0 + 3);
  });

  it('aborts only the jobs named, once, with the reason made for each', () => {
    const jobs = new ActiveJobs(() => 0);
    const a = jobs.start({
      id: 'a',
      stage: 'fetch',
      label: 'fetch a',
      url: 'a',
      runId: 1,
      attempt: 1,
      quietMs: 0,
    });
    const b = jobs.start({
      id: 'b',
      stage: 'load',
      label: 'load b',
      url: 'b',
      runId: 1,
      attempt: 1,
      quietMs: 0,
    });
    expect(jobs.abort([1], (j) => new Error(j.label))).toBe(1);
    expect(jobs.abort([1], (j) => new Error(j.label))).toBe(0);
    expect(a.signal.reason).toEqual(new Error('fetch a'));
    expect(b.signal.aborted).toBe(false);
    expect(jobs.abortAll((j) => new Error(j.label))).toBe(1);
    expect(b.signal.reason).toEqual(new Error('load b'));
  });
});
