/**
 * The incremental stop rule: the plain cases, then a model of one list over many crawls (reports
 * published between and during walks, walks that die after some page, list jobs re-run within a
 * run, fetches that never happen) in which no report may ever be missed by a completed walk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RefSighting } from '../../../db/index.ts';
import { mayStopAt, type WalkHistory } from '../../../pipeline/stages/stop-rule.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const handled = (firstSeen: number, state: RefSighting['state'] = 'fetched'): RefSighting => ({
  state,
  firstSeen: at(firstSeen),
});

describe('mayStopAt', () => {
  const history: WalkHistory = { lastCompletedStartedAt: at(100), runStartedAt: at(200) };

  it('stops at a handled ref first seen before the last completed walk started', () => {
    expect(mayStopAt(handled(99), history)).toBe(true);
    expect(mayStopAt(handled(50, 'failed'), history)).toBe(true);
    expect(mayStopAt(handled(50, 'skipped'), history)).toBe(true);
  });

  it('goes on past a ref never seen, or seen but never fetched', () => {
    expect(mayStopAt(null, history)).toBe(false);
    expect(mayStopAt(handled(50, 'new'), history)).toBe(false);
  });

  it('goes on past a ref first seen by the last completed walk itself, or later', () => {
    expect(mayStopAt(handled(100), history)).toBe(false);
    expect(mayStopAt(handled(150), history)).toBe(false);
  });

  it('walks to the end when no walk of the list ever completed', () => {
    expect(mayStopAt(handled(1), { lastCompletedStartedAt: null, runStartedAt: at(200) })).toBe(false);
  });

  it('goes on past a ref first seen by this run, whatever the list history says', () => {
    // A completed walk of this very run (the job ran twice) does not make this run's refs stop points.
    const sameRun: WalkHistory = { lastCompletedStartedAt: at(300), runStartedAt: at(200) };
    expect(mayStopAt(handled(250), sameRun)).toBe(false);
    expect(mayStopAt(handled(199), sameRun)).toBe(true);
    expect(mayStopAt(handled(250), { lastCompletedStartedAt: at(300), runStartedAt: null })).toBe(true);
  });
});

/** One list, newest first, and the database's view of it, on a clock that ticks at every event. */
class Model {
  clock = 0;
  published = 0;
  /** Item ids, newest first; each id's publication time in `publishedAt`. */
  list: number[] = [];
  publishedAt = new Map<number, number>();
  refs = new Map<number, RefSighting>();
  lastCompletedStartedAt: Date | null = null;
  runStartedAt: Date | null = null;
  pagesRead = 0;

  constructor(readonly pageSize: number) {}

  tick(): Date {
    return at(++this.clock);
  }

  publish(n: number): void {
    for (let i = 0; i < n; i++) {
      const id = ++this.published;
      this.publishedAt.set(id, this.tick().getTime());
      this.list.unshift(id);
    }
  }

  startRun(): void {
    this.runStartedAt = this.tick();
    // The source job's sweep: refs recorded but never fetched are fetched now.
    for (const r of this.refs.values()) if (r.state === 'new') r.state = 'fetched';
  }

  /**
   * One list job, as pipeline/stages/discover.ts and crawlers' discoverList/walkList run it:
   * `dieAfter` pages then an error (null: no error), `during[k]` reports published before page k is
   * read, `unfetched` refs whose fetch never happens in this run. Returns the walk's start if it completed.
   */
  walk(w: { dieAfter: number | null; during: number[]; unfetched: boolean }): Date | null {
    const startedAt = this.tick();
    const history: WalkHistory = {
      lastCompletedStartedAt: this.lastCompletedStartedAt,
      runStartedAt: this.runStartedAt,
    };
    const emitted = new Set<number>();
    for (let page = 0; ; page++) {
      if (w.dieAfter !== null && page >= w.dieAfter) return null;
      this.publish(w.during[page] ?? 0);
      const items = this.list.slice(page * this.pageSize, (page + 1) * this.pageSize);
      // walkList: past the last page (the pager states the count), or a page with nothing new, is the end.
      if (items.length === 0) break;
      this.pagesRead++;
      if (items.every((id) => emitted.has(id))) break;
      let stop = false;
      for (const id of items) {
        if (emitted.has(id)) continue;
        if (mayStopAt(this.refs.get(id) ?? null, history)) {
          stop = true;
          break;
        }
        emitted.add(id);
        if (!this.refs.has(id))
          this.refs.set(id, { state: w.unfetched ? 'new' : 'fetched', firstSeen: this.tick() });
      }
      if (stop) break;
    }
    if (this.lastCompletedStartedAt === null || startedAt > this.lastCompletedStartedAt)
      this.lastCompletedStartedAt = startedAt;
    return startedAt;
  }

  missedBefore(time: Date): number[] {
    return this.list.filter((id) => this.publishedAt.get(id)! < time.getTime() && !this.refs.has(id));
  }
}

const PAGE = 5;
const walkArb = fc.record({
  dieAfter: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 2 }),
  // Fewer than a page at a time: a whole page of already-seen items is how walkList recognises a
  // CMS that answers any page number with the last page, and would end the walk there.
  during: fc.array(fc.integer({ min: 0, max: PAGE - 1 }), { maxLength: 4 }),
  unfetched: fc.boolean(),
});
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('publish' as const), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    kind: fc.constant('run' as const),
    attempts: fc.array(walkArb, { minLength: 1, maxLength: 3 }),
  }),
);

describe('the stop rule over many crawls of one list', () => {
  it('a completed walk leaves no report listed before it started unrecorded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.array(stepArb, { maxLength: 25 }), (initial, steps) => {
        const m = new Model(PAGE);
        m.publish(initial);
        for (const step of steps) {
          if (step.kind === 'publish') {
            m.publish(step.n);
            continue;
          }
          // A run: its list job, re-run after each attempt that died (a SIGKILLed worker, a 5xx page).
          m.startRun();
          for (const attempt of step.attempts) {
            const completed = m.walk(attempt);
            if (completed) expect(m.missedBefore(completed)).toEqual([]);
          }
        }
        const last = m.walk({ dieAfter: null, during: [], unfetched: false });
        expect(m.missedBefore(last!)).toEqual([]);
        expect(m.list.filter((id) => !m.refs.has(id))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('once two walks have completed, a nightly walk reads one page again', () => {
    const m = new Model(PAGE);
    m.publish(23);
    m.startRun();
    expect(m.walk({ dieAfter: 2, during: [], unfetched: false })).toBeNull();
    // The walk that died left pages 3–5 unread; the next run must read them, not stop on page 1.
    m.startRun();
    m.pagesRead = 0;
    expect(m.walk({ dieAfter: null, during: [], unfetched: false })).not.toBeNull();
    expect(m.pagesRead).toBe(5);
    expect(m.refs.size).toBe(23);
    m.startRun();
    m.pagesRead = 0;
    m.publish(2);
    m.walk({ dieAfter: null, during: [], unfetched: false });
    expect(m.pagesRead).toBe(1);
    expect(m.refs.size).toBe(25);
  });
});
