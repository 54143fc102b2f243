/**
 * The nightly crawl: one BullMQ job scheduler per source that drops an incremental discover job
 * into the discover queue at the cron time (default 02:00 Asia/Shanghai). Workers pick it up like
 * any other job; the discover stage opens the run's summary row itself. Needs Redis: without it
 * there is no process that outlives the command to fire the schedule (use cron + `xxgk crawl`).
 */
import type { Source } from '../config/sources/schema.ts';
import type { BullQueue } from './queue/bullmq.ts';

const PREFIX = 'nightly-';

export interface ScheduleEntry {
  id: string;
  source: string;
  pattern: string | null;
  tz: string | null;
  next: Date | null;
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
      return {
        id,
        source: id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id,
        pattern: j.pattern ?? null,
        tz: j.tz ?? null,
        next: j.next ? new Date(j.next) : null,
      };
    })
    .sort((a, b) => a.source.localeCompare(b.source));
}

export async function removeSchedules(queue: BullQueue): Promise<void> {
  const discover = queue.queue('discover');
  for (const j of await discover.getJobSchedulers(0, -1)) await discover.removeJobScheduler(j.id ?? j.key);
}
