/** The run's pure controls: stall detection, rate and ETA, the heartbeat line, the end-of-run summary, signals. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { formatHeartbeat, Heartbeat } from '../../../pipeline/control/heartbeat.ts';
import { clock, RateMeter } from '../../../pipeline/control/rate.ts';
import { onShutdownSignals, ShutdownRequested, signalExitCode } from '../../../pipeline/control/signals.ts';
import { describeStall, quietFor, StallDetector } from '../../../pipeline/control/stall.ts';
import { formatRunSummary, type RunSummary } from '../../../pipeline/control/summary.ts';

const job = (id: string, startedAt: number) => ({
  id,
  stage: 'fetch',
  label: `fetch http://p/${id}`,
  url: `http://p/${id}`,
  startedAt,
});

describe('StallDetector', () => {
  it('stalls only after the timeout without progress, naming jobs running at least that long', () => {
    const d = new StallDetector(1000);
    const running = [job('old', 0), job('young', 900)];
    expect(d.observe('a', running, 0)).toBeNull();
    expect(d.observe('a', running, 999)).toBeNull();
    const s = d.observe('a', running, 1000);
    expect(s).toEqual({ idleMs: 1000, stuck: [{ ...job('old', 0), runningMs: 1000 }] });
    expect(describeStall(s!)).toBe(
      'stalled: no progress for 1.0 s; stuck: fetch http://p/old (running 1.0 s)',
    );
  });

  it('starts counting again on any progress, and after a reset', () => {
    const d = new StallDetector(1000);
    const running = [job('a', 0)];
    d.observe('m1', running, 0);
    expect(d.observe('m2', running, 1500)).toBeNull();
    expect(d.observe('m2', running, 2400)).toBeNull();
    expect(d.observe('m2', running, 2500)).not.toBeNull();
    d.reset(2500);
    expect(d.observe('m2', running, 3000)).toBeNull();
    expect(d.observe('m2', running, 3500)?.idleMs).toBe(1000);
  });

  it('is no stall while no job runs (waiting out a backoff, or for workers) or when switched off', () => {
    const d = new StallDetector(1000);
    d.observe('m', [], 0);
    expect(d.observe('m', [], 10_000)).toBeNull();
    const off = new StallDetector(0);
    off.observe('m', [job('a', 0)], 0);
    expect(off.observe('m', [job('a', 0)], 1e9)).toBeNull();
  });

  it('gives a scan until its own time limit before calling it stuck; other jobs the stall timeout', () => {
    const timeouts = { default: 300_000, listWalk: 3_600_000, ocr: 3000 };
    expect(quietFor('ocr', timeouts)).toBe(3000);
    expect(quietFor('fetch', timeouts)).toBe(0);
    expect(quietFor('discover', timeouts)).toBe(0);
    const d = new StallDetector(1000);
    const scan = { ...job('scan', 0), stage: 'ocr', quietMs: quietFor('ocr', timeouts) };
    const fetch = { ...job('page', 0), quietMs: quietFor('fetch', timeouts) };
    d.observe('m', [scan, fetch], 0);
    expect(d.observe('m', [scan, fetch], 1000)?.stuck.map((j) => j.id)).toEqual(['page']);
    d.reset(1000);
    expect(d.observe('m', [scan], 2999)).toBeNull();
    expect(d.observe('m', [scan], 3000)?.stuck.map((j) => j.id)).toEqual(['scan']);
  });

  it('names the longest-running first, ten at most', () => {
    const d = new StallDetector(10);
    const running = Array.from({ length: 12 }, (_, i) => job(`j${i}`, i));
    d.observe('m', running, 0);
    const s = d.observe('m', running, 100)!;
    expect(s.stuck.map((j) => j.id)).toEqual(running.map((j) => j.id));
    expect(describeStall(s)).toMatch(/fetch http:\/\/p\/j9 \(running 91 ms\); and 2 more$/);
  });
});

describe('RateMeter', () => {
  it('measures over the sliding window and gives an ETA', () => {
    const m = new RateMeter(10_000);
    expect(m.perSecond()).toBeNull();
    m.add(0, 0);
    expect(m.perSecond()).toBeNull();
    m.add(5_000, 10);
    expect(m.perSecond()).toBe(2);
    expect(m.etaMs(30)).toBe(15_000);
    // An hour later, a faster pace: the window forgets the start.
    m.add(3_600_000, 10);
    m.add(3_610_000, 110);
    expect(m.perSecond()).toBe(10);
    expect(m.etaMs(0)).toBe(0);
  });

  it('has no ETA while nothing moves', () => {
    const m = new RateMeter();
    m.add(0, 5);
    m.add(1000, 5);
    expect(m.perSecond()).toBe(0);
    expect(m.etaMs(3)).toBeNull();
  });

  it('prints elapsed time as a fixed-width clock', () => {
    expect([clock(0), clock(61_500), clock(3_723_000)]).toEqual(['00:00:00', '00:01:01', '01:02:03']);
  });
});

describe('heartbeat', () => {
  const p = (fetched: number) => ({
    discovered: 50,
    fetched,
    extracted: fetched,
    loaded: fetched - 1,
    failed: 1,
  });

  it('says elapsed time, counters, rate and ETA from the fetches queued', () => {
    const hb = new Heartbeat(1_000);
    hb.sample(1_000, p(0));
    hb.sample(6_000, p(10));
    const line = hb.line(11_000, p(20), 40);
    expect(line).toEqual({ elapsedMs: 10_000, progress: p(20), perSecond: 2, pending: 40, etaMs: 20_000 });
    expect(formatHeartbeat(line)).toBe(
      'crawl: 00:00:10 · discovered 50 · stored 20 · extracted 20 · loaded 19 · failed 1 · 2.0 docs/s · queued 40 · ETA 20 s',
    );
  });

  it('says what it does not know yet', () => {
    const hb = new Heartbeat(0);
    expect(formatHeartbeat(hb.line(0, p(0), null), 'demo')).toBe(
      'demo: 00:00:00 · discovered 50 · stored 0 · extracted 0 · loaded -1 · failed 1 · rate ?',
    );
    hb.sample(0, p(0));
    expect(formatHeartbeat(hb.line(5_000, p(0), 3))).toMatch(/0\.0 docs\/s · queued 3 · ETA \?$/);
  });
});

describe('end-of-run summary', () => {
  const run = (status: string, error: string | null = null) => ({
    source: 'gzjkq',
    status,
    discovered: 10,
    fetched: 9,
    extracted: 8,
    loaded: 8,
    failed: 1,
    error,
  });
  const base: RunSummary = {
    reason: 'done',
    elapsedMs: 125_000,
    runs: [run('done')],
    stages: {
      discover: { done: 2, failed: 0, retried: 0, timedOut: 0 },
      fetch: { done: 9, failed: 1, retried: 3, timedOut: 1 },
    },
  };

  it('says how long, what was stored, per-stage outcomes, retries and why it ended', () => {
    expect(formatRunSummary(base)).toBe(
      [
        'crawl finished in 2 min 5 s (ended: done)',
        '  discovered 10 · stored 9 · extracted 8 · loaded 8 · failed 1',
        '  jobs done: discover 2, fetch 9',
        '  jobs failed: fetch 1',
        '  retries: 3 (fetch 3) · over the job time limit: 1 (fetch 1)',
        '  gzjkq: done',
        '',
      ].join('\n'),
    );
  });

  it('names a stall and an interruption, and leaves out per-stage lines when other processes ran the jobs', () => {
    const stalled = formatRunSummary({
      ...base,
      reason: 'stalled',
      stages: {},
      stall: 'stalled: no progress for 2.0 s; stuck: fetch http://p/1 (running 2.1 s)',
      runs: [run('stalled', 'stalled: …')],
    });
    expect(stalled).toMatch(/^crawl ended on a stall after 2 min 5 s \(ended: stalled\)\n/);
    expect(stalled).toContain(
      '\n  stalled: no progress for 2.0 s; stuck: fetch http://p/1 (running 2.1 s)\n',
    );
    expect(stalled).not.toContain('jobs done');
    const stopped = formatRunSummary({ ...base, reason: 'interrupted', signal: 'SIGINT' }, { runs: false });
    expect(stopped).toMatch(/^crawl interrupted by SIGINT after 2 min 5 s \(ended: interrupted\)\n/);
    expect(stopped).not.toContain('gzjkq: done');
    expect(stopped).toContain('nothing stored is lost');
    expect(formatRunSummary({ ...base, runs: [run('failed', 'lists failed')] })).toMatch(
      /^crawl finished with failures in/,
    );
  });
});

describe('shutdown signals', () => {
  it('exit codes are 128 + the signal number', () => {
    expect(signalExitCode('SIGINT')).toBe(130);
    expect(signalExitCode('SIGTERM')).toBe(143);
  });

  it('aborts on the first signal, hands the second to onSecond, and removes its handlers', () => {
    const target = new EventEmitter();
    const seen: string[] = [];
    const s = onShutdownSignals({
      target: target as never,
      onFirst: (sig) => seen.push(`first ${sig}`),
      onSecond: (sig) => seen.push(`second ${sig}`),
    });
    expect(s.received()).toBeNull();
    expect(s.exitCode()).toBeUndefined();
    target.emit('SIGTERM');
    expect(s.signal.aborted).toBe(true);
    expect(s.signal.reason).toBeInstanceOf(ShutdownRequested);
    expect(s.received()).toBe('SIGTERM');
    expect(s.exitCode()).toBe(143);
    target.emit('SIGINT');
    expect(seen).toEqual(['first SIGTERM', 'second SIGINT']);
    expect(s.exitCode()).toBe(143);
    s.dispose();
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });
});
