import { describe, expect, it } from 'vitest';
import { createRobotsCache } from '../../../crawlers/http/robots.ts';

const ROBOTS = 'User-agent: *\nDisallow: /jkqxxgk/private/\n\nUser-agent: badbot\nDisallow: /\n';

describe('robots cache', () => {
  it('obeys Disallow for the matching user agent', async () => {
    const robots = createRobotsCache(async () => ({ status: 200, text: ROBOTS }));
    expect(await robots.isAllowed('https://h/jkqxxgk/private/a.shtml', 'xxgk')).toBe(false);
    expect(await robots.isAllowed('https://h/jkqxxgk/c1/list.shtml', 'xxgk')).toBe(true);
    expect(await robots.isAllowed('https://h/jkqxxgk/c1/list.shtml', 'badbot')).toBe(false);
  });

  it('fetches robots.txt once per origin, also under concurrency', async () => {
    const asked: string[] = [];
    const robots = createRobotsCache(async (url) => {
      asked.push(url);
      await new Promise((r) => setTimeout(r, 5));
      return { status: 200, text: ROBOTS };
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => robots.isAllowed(`https://h/p${i}`, 'xxgk')));
    await robots.isAllowed('https://other/p', 'xxgk');
    expect(asked).toEqual(['https://h/robots.txt', 'https://other/robots.txt']);
  });

  it('treats a missing robots.txt as allow-all', async () => {
    const robots = createRobotsCache(async () => ({ status: 404, text: '' }));
    expect(await robots.isAllowed('https://h/jkqxxgk/private/a', 'xxgk')).toBe(true);
  });

  it('retries an unreachable robots.txt after the error TTL', async () => {
    let now = 0;
    let calls = 0;
    const robots = createRobotsCache(
      async () => {
        calls++;
        if (calls === 1) throw new Error('ECONNRESET');
        return { status: 200, text: ROBOTS };
      },
      { errorTtlMs: 1000, now: () => now },
    );
    expect(await robots.isAllowed('https://h/jkqxxgk/private/a', 'xxgk')).toBe(true);
    now = 500;
    expect(await robots.isAllowed('https://h/jkqxxgk/private/a', 'xxgk')).toBe(true);
    now = 1500;
    expect(await robots.isAllowed('https://h/jkqxxgk/private/a', 'xxgk')).toBe(false);
    expect(calls).toBe(2);
  });

  it('reads Crawl-delay per agent and host, once robots.txt is loaded, capped', async () => {
    const text = 'User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: slowbot\nCrawl-delay: 3600\n';
    const robots = createRobotsCache(async () => ({ status: 200, text }), { maxCrawlDelayMs: 60_000 });
    expect(robots.crawlDelayMs!('h', 'xxgk')).toBe(0);
    await robots.isAllowed('https://h/a', 'xxgk');
    expect(robots.crawlDelayMs!('h', 'xxgk')).toBe(2500);
    expect(robots.crawlDelayMs!('h', 'slowbot')).toBe(60_000);
    expect(robots.crawlDelayMs!('other', 'xxgk')).toBe(0);
  });

  it('ignores a Crawl-delay that is not a positive number', async () => {
    for (const v of ['fast', '-1', '0', '']) {
      const robots = createRobotsCache(async () => ({
        status: 200,
        text: `User-agent: *\nCrawl-delay: ${v}\n`,
      }));
      await robots.isAllowed('https://h/a', 'xxgk');
      expect(robots.crawlDelayMs!('h', 'xxgk')).toBe(0);
    }
  });
});
