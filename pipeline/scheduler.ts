/**
 * The nightly crawl: one BullMQ job scheduler per source that drops an incremental discover job
 * into the discover queue at the cron time (default 02:00 Asia/Shanghai). Workers pick it up like
 * any other job; the discover stage opens the run's summary row itself. Needs Redis: without it
 * there is no process that outlives the command to fire the schedule (use cron + `xxgk crawl`).
 */
import { CronExpressionParser } from 'cron-parser';
import { NonRetryableError } from '../config/errors.ts';
import { isTimeZone } from '../config/settings.ts';
import type { Source } from '../config/sources/schema.ts';
import type { BullQueue } from './queue/bullmq.ts';

const PREFIX = 'nightly-';

export interface ScheduleEntry {
  id: string;
  source: string;
  pattern: string | null;
  tz: string | null;
  next: Date | null;
  /** The next run as a clock in the schedule's own zone shows it: `2026-12-04T02:00:00+08:00`. */
  nextLocal: string | null;
}

export class ScheduleError extends NonRetryableError {}

/**
 * Refuses a pattern or zone BullMQ would refuse only once Redis is reached (or, for a zone, accept
 * and never fire). Parsed with cron-parser, the library BullMQ computes the next run with, so what
 * passes here is what the scheduler accepts. `where` names the flag or variable it came from.
 */
export function checkSchedule(
  pattern: string,
  tz: string,
  where: { pattern: string; tz: string } = { pattern: 'cron', tz: 'tz' },
): Date {
  let next: Date | null = null;
  try {
    next = CronExpressionParser.parse(pattern, { tz }).next().toDate();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    // cron-parser blames the pattern for an unknown zone ("CronDate: unhandled timestamp: Invalid Date").
    if (!isTimeZone(tz))
      throw new ScheduleError(
        'schedule.tz',
        `${where.tz}: "${tz}" is not a time zone (an IANA name such as Asia/Shanghai)`,
      );
    throw new ScheduleError(
      'schedule.cron',
      `${where.pattern}: "${pattern}" is not a cron pattern (${why}); e.g. "0 0 2 * * *" = 02:00 every day`,
    );
  }
  return next;
}

/** `2026-12-04T02:00:00+08:00`: the wall-clock time in `tz`, with its offset from UTC. */
export function inZone(date: Date, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  // longOffset is `GMT+08:00`, or plain `GMT` at UTC+0.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Installs or updates each source's scheduler, and removes those of sources no longer declared. */
export async function upsertSchedules(
  queue: BullQueue,
  sources: Source[],
  opts: { pattern: string; tz: string },
): Promise<ScheduleEntry[]> {
  const discover = queue.queue('discover');
  const wanted = new Set(sources.map((s) => PREFIX + s.id));
  for (const s of sources) {
    await discover.upsertJobScheduler(
      PREFIX + s.id,
      { pattern: opts.pattern, tz: opts.tz },
      { name: 'discover', data: { runId: null, source: s.id, full: false } },
    );
  }
  for (const existing of await discover.getJobSchedulers(0, -1)) {
    const id = existing.id ?? existing.key;
    if (id.startsWith(PREFIX) && !wanted.has(id)) await discover.removeJobScheduler(id);
  }
  return listSchedules(queue);
}

export async function listSchedules(queue: BullQueue): Promise<ScheduleEntry[]> {
  const all = await queue.queue('discover').getJobSchedulers(0, -1, true);
  return all
    .map((j) => {
      const id = j.id ?? j.key;
      const next = j.next ? new Date(j.next) : null;
      const tz = j.tz ?? null;
      return {
        id,
        source: id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id,
        pattern: j.pattern ?? null,
        tz,
        next,
        nextLocal: next ? inZone(next, tz && isTimeZone(tz) ? tz : 'UTC') : null,
      };
    })
    .sort((a, b) => a.source.localeCompare(b.source));
}

export async function removeSchedules(queue: BullQueue): Promise<void> {
  const discover = queue.queue('discover');
  for (const j of await discover.getJobSchedulers(0, -1)) await discover.removeJobScheduler(j.id ?? j.key);
}
