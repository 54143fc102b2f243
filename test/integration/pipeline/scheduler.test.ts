import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { defineSource } from '../../../config/sources/load.ts';
import { BullQueue } from '../../../pipeline/queue/bullmq.ts';
import { listSchedules, removeSchedules, upsertSchedules } from '../../../pipeline/scheduler.ts';

const REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const source = (id: string) => defineSource({ id, baseUrl: `https://${id}.example.gov.cn/` });
const open: BullQueue[] = [];

afterEach(async () => {
  for (const q of open.splice(0)) {
    await removeSchedules(q);
    await q.obliterate();
    await q.close();
  }
});

describe('nightly schedule (real Redis)', () => {
  it('installs one scheduler per source at 02:00 Asia/Shanghai, idempotently, and drops removed sources', async () => {
    const q = new BullQueue({ redisUrl: REDIS, prefix: `t-${randomUUID()}` });
    open.push(q);
    const opts = { pattern: '0 0 2 * * *', tz: 'Asia/Shanghai' };
    await upsertSchedules(q, [source('alpha'), source('beta')], opts);
    const again = await upsertSchedules(q, [source('alpha'), source('beta')], opts);
    expect(again.map((e) => e.source)).toEqual(['alpha', 'beta']);
    for (const e of again) {
      expect(e.pattern).toBe('0 0 2 * * *');
      expect(e.tz).toBe('Asia/Shanghai');
      // 02:00 in Shanghai (UTC+8) is 18:00 UTC of the day before, within the next 24 hours.
      expect(e.next!.getUTCHours()).toBe(18);
      expect(e.next!.getUTCMinutes()).toBe(0);
      expect(e.next!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
      expect(e.next!.getTime()).toBeGreaterThan(Date.now());
    }
    const after = await upsertSchedules(q, [source('beta')], opts);
    expect(after.map((e) => e.source)).toEqual(['beta']);
    expect((await listSchedules(q)).map((e) => e.source)).toEqual(['beta']);
  });

  it('the scheduled job is an incremental discover of its source without a run (the stage opens one)', async () => {
    const q = new BullQueue({ redisUrl: REDIS, prefix: `t-${randomUUID()}` });
    open.push(q);
    // Every second, so the test sees a job produced by the scheduler itself.
    await upsertSchedules(q, [source('gamma')], { pattern: '* * * * * *', tz: 'Asia/Shanghai' });
    const seen: unknown[] = [];
    q.process('discover', async (data) => void seen.push(data), { concurrency: 1 });
    const t0 = Date.now();
    while (seen.length === 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 100));
    expect(seen[0]).toEqual({ runId: null, source: 'gamma', full: false });
  });
});
