/**
 * An OCR job the runner abandons (its time limit; a stall or a shutdown) kills its scan child and
 * the engines the child started, instead of leaving them to read on to the child's own deadline.
 * Real runner (local queue), real OCR stage, real child process and engines.
 *
 * No race on the clock: the child is started within milliseconds of the job (its 'spawn' event),
 * while reading this scan takes tens of CPU-seconds, so a 5 s limit always fires while the child
 * runs; the tests then wait on the job's failure (an event), never on a sleep. Whether the child
 * has started an engine by then depends on the machine's load, so a second test abandons the job
 * (as the stall check and shutdown do) once an engine runs.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ocrInChild } from '../../../extractors/ocr/child.ts';
import { DEFAULT_LIMITS } from '../../../extractors/ocr/index.ts';
import { ActiveJobs } from '../../../pipeline/control/active-jobs.ts';
import { JobStalledError, JobTimeoutError } from '../../../pipeline/control/job-limit.ts';
import { JobTally } from '../../../pipeline/control/tally.ts';
import { OcrPayload } from '../../../pipeline/payloads.ts';
import { LocalQueue } from '../../../pipeline/queue/local.ts';
import { waitForIdle } from '../../../pipeline/queue/types.ts';
import { registerStages, type StageHandlers } from '../../../pipeline/runner.ts';
import { ocrStage } from '../../../pipeline/stages/ocr.ts';
import { cleanScanJob, cleanScanPdf } from '../../support/scans/clean-pdf.ts';
import { recordingStore, stageDeps } from '../../support/stage-deps.ts';

let pdf: Uint8Array;

beforeAll(async () => {
  pdf = await cleanScanPdf(5);
}, 120_000);

/** The process and its descendants now (Linux /proc). */
function tree(pid: number): number[] {
  let kids: string[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    // gone between two reads
  }
  return [pid, ...kids.flatMap((k) => tree(Number(k)))];
}

/**
 * Gone, a zombie waiting for its parent, or with SIGKILL pending (the kernel ends it the next time
 * it is scheduled: on a busy machine that may be a moment after its parent's 'close').
 */
function deadOrKilled(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)/gm)].map((m) =>
      BigInt(`0x${m[1]}`),
    );
    return pending.some((p) => (p & (1n << 8n)) !== 0n);
  } catch {
    return true;
  }
}

const noop = async () => ({ next: [], summary: {} });

interface Watch {
  childPid?: number;
  /** The child and its descendants when the job was abandoned, before anything was killed. */
  atAbort: number[];
  aborted?: unknown;
  /** The port's read: settles once the child has exited. */
  read?: Promise<unknown>;
}

/** The OCR stage in the runner on a local queue, its port the wiring's (pipeline/wiring.ts), watched. */
function ocrRunner(ocrTimeoutMs: number) {
  const q = new LocalQueue({ retry: { ocr: { attempts: 1, backoffMs: 1 } } });
  const w: Watch = { atAbort: [] };
  let spawned!: (pid: number) => void;
  const started = new Promise<number>((r) => (spawned = r));
  const doc = { id: 7, bytes: pdf, contentType: 'application/pdf', encoding: null };
  const deps = stageDeps(recordingStore({ calls: [], answers: { getDocument: doc } }), {
    ocrBytes: async (bytes, hints, signal) => {
      // Registered before the port's own listener: sees the processes before they are killed.
      signal?.addEventListener('abort', () => {
        w.aborted = signal.reason;
        if (w.childPid !== undefined) w.atAbort = tree(w.childPid);
      });
      const clean = Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== null));
      const reading = ocrInChild(Array.isArray(bytes) ? bytes : [bytes], clean, {
        limits: DEFAULT_LIMITS,
        deadlineMs: 600_000,
        ...(signal ? { signal } : {}),
        onSpawn: (pid) => {
          w.childPid = pid;
          spawned(pid);
        },
      });
      w.read = reading.catch((e: unknown) => e);
      return (await reading).record;
    },
  });
  const handlers: StageHandlers = { discover: noop, fetch: noop, extract: noop, ocr: ocrStage, load: noop };
  const jobs = new ActiveJobs();
  registerStages(q, deps, { discover: 1, fetch: 1, extract: 1, ocr: 1, load: 1 }, handlers, ['ocr'], {
    jobs,
    timeouts: { default: 0, listWalk: 0, ocr: ocrTimeoutMs },
    tally: new JobTally(),
  });
  const payload = OcrPayload.parse(cleanScanJob);
  return { q, w, jobs, started, add: () => q.add('ocr', payload, 'o1') };
}

/** What every abandoned job must show: its read ended with the job's error, every process it had killed. */
async function expectKilled(w: Watch) {
  // The port's read ends with the job's own error once the child has exited ('close').
  expect(await w.read).toBe(w.aborted);
  expect(w.childPid).toBeDefined();
  expect(w.atAbort[0]).toBe(w.childPid);
  expect(w.atAbort.filter((pid) => !deadOrKilled(pid))).toEqual([]);
}

describe('an abandoned OCR job', () => {
  it('over its time limit: the job fails with job.timeout and its child is killed at once', async () => {
    const { q, w, jobs, add } = ocrRunner(5_000);
    await add();
    await waitForIdle(q, { pollMs: 20 });
    const [failed] = await q.failed('ocr');
    expect(failed?.reason).toMatch(/annual-scan\.pdf: no result within 5\.0 s \(job time limit\)/);
    expect(w.aborted).toBeInstanceOf(JobTimeoutError);
    await expectKilled(w);
    expect(jobs.list()).toEqual([]);
    await q.close();
  }, 180_000);

  it('abandoned while an engine runs: the child and the engines it started are all killed', async () => {
    const { q, w, jobs, started, add } = ocrRunner(0);
    await add();
    const pid = await started;
    // Until the child has started an engine (pdfimages, pdftoppm, Tesseract): a condition, not a time.
    while (tree(pid).length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(jobs.abortAll((j) => new JobStalledError('job.stalled', `${j.label}: stuck`))).toBe(1);
    await waitForIdle(q, { pollMs: 20 });
    expect(w.aborted).toBeInstanceOf(JobStalledError);
    expect(w.atAbort.length).toBeGreaterThanOrEqual(2);
    await expectKilled(w);
    await q.close();
  }, 180_000);
});
