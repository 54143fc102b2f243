/** The fetcher against single portal routes: each fault on its own, with the exact outcome. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type FetcherOptions } from '../../../crawlers/http/fetcher.ts';
import { createBrowserPool } from '../../../crawlers/render/browser-pool.ts';
import type { Clock } from '../../../crawlers/types.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import type { PortalTruth, TruthReport } from '../../portal/truth.ts';
import { CHROMIUM, USER_AGENT } from './harness.ts';

let portal: Portal;
let truth: PortalTruth;

beforeAll(async () => {
  portal = await startPortal({ seed: 3, agencies: 6, faults: true });
  truth = portal.truth;
});
afterAll(async () => {
  await portal?.close();
});

const make = (o: Partial<FetcherOptions> = {}) =>
  createFetcher({
    userAgent: USER_AGENT,
    allowHosts: (h) => h === '127.0.0.1',
    allowPrivate: true,
    backoff: { baseMs: 10, maxMs: 5000 },
    ...o,
  });
const withFault = (f: TruthReport['fault']) => truth.reports.find((r) => r.fault === f)!;
const hitsOf = (url: string) =>
  portal.requests.filter((q) => q.path === new URL(url).pathname + new URL(url).search);

/** Records sleeps and returns at once: retries without waiting out Retry-After. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
}

describe('fetcher faults', () => {
  it('honours Retry-After on a 503 burst, then succeeds', async () => {
    const clock = recordingClock();
    const f = make({ clock });
    const r = withFault('burst');
    const doc = await f.fetch(r.url);
    expect(doc.status).toBe(200);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(hitsOf(r.url).map((q) => q.status)).toEqual([503, 503, 200]);
    await f.close();
  });

  it('retries a truncated body (retryable), and reports it when out of retries', async () => {
    const r = withFault('truncated');
    const strict = make({ retries: 0 });
    await expect(strict.fetch(r.url)).rejects.toMatchObject({ code: 'fetch.truncated', retryable: true });
    // The portal truncates only the first answer: a second try gets the whole page.
    const doc = await make().fetch(r.url);
    expect(Number(doc.headers['content-length'])).toBe(doc.bytes.length);
    await strict.close();
  });

  it('times out on a slow page with a short timeout, and gets it with a normal one', async () => {
    const r = withFault('slow');
    const impatient = make({ timeoutMs: 100, retries: 1 });
    await expect(impatient.fetch(r.url)).rejects.toMatchObject({ code: 'fetch.timeout', retryable: true });
    const doc = await make({ timeoutMs: 5000 }).fetch(r.url);
    expect(doc.status).toBe(200);
    await impatient.close();
  });

  it('detects a redirect loop without retrying it', async () => {
    const r = withFault('redirect-loop');
    const before = hitsOf(r.url).length;
    await expect(make().fetch(r.url)).rejects.toMatchObject({
      code: 'fetch.redirect_loop',
      retryable: false,
    });
    expect(portal.requests.filter((q) => q.path.startsWith(new URL(r.url).pathname)).length - before).toBe(2);
  });

  it('gives a 404 as a non-retryable error naming the URL', async () => {
    const r = withFault('not-found');
    await expect(make().fetch(r.url)).rejects.toMatchObject({
      code: 'fetch.http_404',
      retryable: false,
      message: expect.stringContaining(r.url),
    });
    expect(hitsOf(r.url)).toHaveLength(1);
  });

  it('does not follow an open redirect off the configured hosts', async () => {
    const f = make();
    await expect(
      f.fetch(`${portal.url}/go?url=${encodeURIComponent('http://example.com/steal')}`),
    ).rejects.toMatchObject({
      code: 'fetch.host_not_allowed',
    });
    await expect(
      f.fetch(`${portal.url}/go?url=${encodeURIComponent('http://localhost:1/')}`),
    ).rejects.toMatchObject({
      code: 'fetch.host_not_allowed',
    });
  });

  it('refuses loopback unless the source allows private addresses', async () => {
    const f = make({ allowPrivate: false });
    await expect(f.fetch(`${portal.url}/robots.txt`)).rejects.toMatchObject({
      code: 'fetch.private_address',
    });
  });

  it('aborts a body over the size cap', async () => {
    const r = truth.reports.find((x) => x.kind === 'page' && !x.fault)!;
    await expect(make({ maxBytes: 2000 }).fetch(r.url)).rejects.toMatchObject({
      code: 'fetch.too_large',
      retryable: false,
    });
  });

  it('fails a 412 challenge clearly when there is no browser to solve it', async () => {
    const r = withFault('challenge');
    await expect(make({ retries: 0 }).fetch(r.url)).rejects.toMatchObject({ code: 'fetch.challenge_failed' });
  });

  it('solves the 412 challenge once in Chromium, then reuses the cookie statically', async () => {
    const browser = createBrowserPool({ executablePath: CHROMIUM, size: 1 });
    const f = make({ browser });
    try {
      const challenged = truth.reports.filter((x) => x.fault === 'challenge' && x.kind === 'page');
      const before = portal.requests.filter((q) => q.status === 412).length;
      for (const r of challenged.slice(0, 3)) {
        const doc = await f.fetch(r.url);
        expect(doc.status).toBe(200);
        expect(doc.rendered).toBe(false);
        expect(Buffer.from(doc.bytes).toString('latin1')).toContain('<table');
      }
      // One 412 for the static try, one for the browser's first load; none after the cookie is set.
      expect(portal.requests.filter((q) => q.status === 412).length - before).toBe(2);
    } finally {
      await f.close();
      await browser.close();
    }
  });
});
