/**
 * `xxgk schedule`: a bad pattern or zone is refused before Redis is reached, naming where it came
 * from; `--list` shows the next run on the schedule's own clock (and in UTC), not only in UTC.
 */
import { describe, expect, it } from 'vitest';
import { formatSchedules } from '../../../bin/commands/schedule.ts';
import { checkSchedule, inZone, type ScheduleEntry } from '../../../pipeline/scheduler.ts';

describe('checkSchedule', () => {
  it('accepts what BullMQ accepts and returns the next run', () => {
    const next = checkSchedule('0 0 2 * * *', 'Asia/Shanghai');
    // 02:00 in Shanghai is 18:00 UTC.
    expect(next.getUTCHours()).toBe(18);
    expect(checkSchedule('30 3 * * 1-5', 'UTC').getUTCMinutes()).toBe(30);
  });

  it('refuses a bad pattern naming the option and the pattern', () => {
    const where = { pattern: '--cron', tz: '--tz' };
    expect(() => checkSchedule('bogus', 'UTC', where)).toThrow(/^--cron: "bogus" is not a cron pattern/);
    expect(() => checkSchedule('0 0 25 * * *', 'UTC', where)).toThrow(/--cron: .*expected range 0-23/);
    expect(() => checkSchedule('0 0 2 * * *', 'UTC', where)).not.toThrow();
  });

  it('blames an unknown zone on the zone, not on the pattern (cron-parser reports it as a bad date)', () => {
    expect(() =>
      checkSchedule('0 0 2 * * *', 'Mars/Olympus', {
        pattern: 'env XXGK_SCHEDULE_CRON',
        tz: 'env XXGK_SCHEDULE_TZ',
      }),
    ).toThrow(/^env XXGK_SCHEDULE_TZ: "Mars\/Olympus" is not a time zone/);
  });
});

describe('schedule --list', () => {
  const entry = (tz: string, next: string): ScheduleEntry => {
    const d = new Date(next);
    return { id: 'nightly-a', source: 'a', pattern: '0 0 2 * * *', tz, next: d, nextLocal: inZone(d, tz) };
  };

  it('shows the next run in the zone of the schedule, with its offset, and in UTC', () => {
    expect(inZone(new Date('2026-12-03T18:00:00Z'), 'Asia/Shanghai')).toBe('2026-12-04T02:00:00+08:00');
    expect(inZone(new Date('2026-07-01T00:30:00Z'), 'Europe/Paris')).toBe('2026-07-01T02:30:00+02:00');
    expect(inZone(new Date('2026-12-03T18:00:00Z'), 'UTC')).toBe('2026-12-03T18:00:00+00:00');
    const text = formatSchedules([entry('Asia/Shanghai', '2026-12-03T18:00:00Z')]);
    expect(text).toMatch(/Asia\/Shanghai\s+next 2026-12-04T02:00:00\+08:00 \(2026-12-03T18:00:00Z\)\n$/);
  });
});
