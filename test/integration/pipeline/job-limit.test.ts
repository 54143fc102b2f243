/** The job time limit on BullMQ (real Redis): the worker fails the hung job, retries it, and takes the next. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ActiveJobs } from '../../../pipeline/control/active-jobs.ts';
import { JobTally } from '../../../pipeline/control/tally.ts';
import { FetchPayload } from '../../../pipeline/payloads.ts';
import type { StageDeps } from '../../../pipeline/ports.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';
import { registerStages, type StageHandlers } from '../../../pipeline/runner.ts';
import { recordingStore, stageDeps } from '../../support/stage-deps.ts';

const REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const open: BullQueue[] = [];
afterEach(async () => {
  for (const q of open.splice(0)) {
    await q.obliterate().catch(() => {});
    await q.close();
  }
});

const recordingDeps = (calls: string[]): StageDeps => stageDeps(recordingStore({ calls, withArgs: true }));

describe('job time limit on BullMQ (real Redis)', () => {
  it('fails a hung job with job.timeout naming its page, retries it, and the worker takes the next job', async () => {
    const q = new BullQueue({
      redisUrl: REDIS,
      prefix: `t-${randomUUID()}`,
      retry: { fetch: { attempts: 2, backoffMs: 10 } },
    });
    open.push(q);
    const attempts: Record<string, number> = {};
    const handlers: StageHandlers = {
      discover: async () => ({ next: [], summary: {} }),
      fetch: async (p) => {
        attempts[p.url] = (attempts[p.url] ?? 0) + 1;
        if (p.url.endsWith('/hang')) await new Promise(() => {});
        return { next: [], summary: {} };
      },
      extract: async () => ({ next: [], summary: {} }),
      ocr: async () => ({ next: [], summary: {} }),
      load: async () => ({ next: [], summary: {} }),
    };
    const calls: string[] = [];
    const jobs = new ActiveJobs();
    registerStages(
      q,
      recordingDeps(calls),
      { discover: 1, fetch: 1, extract: 1, ocr: 1, load: 1 },
      handlers,
      ['fetch'],
      {
        jobs,
        timeouts: { default: 300, listWalk: 0, ocr: 0 },
        tally: new JobTally(),
      },
    );
    const data = (path: string) =>
      FetchPayload.parse({ runId: 1, source: 's', url: `http://127.0.0.1/${path}` });
    await q.add('fetch', data('hang'), 'f.hang');
    await q.add('fetch', data('ok'), 'f.ok');
    await waitForIdle(q, { pollMs: 50 });
    expect(attempts).toEqual({ 'http://127.0.0.1/hang': 2, 'http://127.0.0.1/ok': 1 });
    const [failed] = await q.failed('fetch');
    expect(failed?.id).toBe('f.hang');
    expect(failed?.reason).toMatch(
      /fetch http:\/\/127\.0\.0\.1\/hang: no result within 300 ms \(job time limit\)/,
    );
    expect(calls.filter((c) => c.startsWith('recordFetchFailure'))).toEqual([
      'recordFetchFailure({"source":"s","url":"http://127.0.0.1/hang","kind":"detail","parentUrl":null}, job.timeout, fetch http://127.0.0.1/hang: no result within 300 ms (job time limit))',
    ]);
    expect(jobs.list()).toEqual([]);
  });
});
