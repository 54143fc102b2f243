/**
 * The fetcher against what a careless or hostile server sends, and a machine without Chromium:
 * a malformed Location (on the portal), cookies scoped by Path and expiring (a small server of its
 * own, whose log is the proof), robots.txt Crawl-delay measured at the portal in its own process,
 * and a bad XXGK_CHROMIUM_PATH (missing, broken, then fixed without a restart).
 */
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type FetcherOptions } from '../../../crawlers/http/fetcher.ts';
import { createBrowserPool } from '../../../crawlers/render/browser-pool.ts';
import { createHttpStack } from '../../../crawlers/stack.ts';
import { type RemotePortal, startPortalProcess } from '../../portal/remote.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import { portalSources } from '../../portal/sources.ts';
import { CHROMIUM, gaps, USER_AGENT } from './harness.ts';

const make = (o: Partial<FetcherOptions> = {}) =>
  createFetcher({
    userAgent: USER_AGENT,
    allowHosts: (h) => h === '127.0.0.1',
    allowPrivate: true,
    backoff: { baseMs: 10, maxMs: 1000 },
    ...o,
  });

describe('a malformed Location header', () => {
  const hits: string[] = [];
  let base: string;
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    // A proxy in front of a portal that writes the port twice: no URL parser accepts the target.
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const port = (server.address() as AddressInfo).port;
      res.writeHead(302, {
        location: `http://127.0.0.1:${port}:${port}/xxgk/list.shtml`,
        'content-length': 0,
      });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('is a coded, non-retryable fetch error naming the page and the header, after one request', async () => {
    const url = `${base}/xxgk/index.shtml`;
    const f = make();
    const err = await f.fetch(url).catch((e) => e);
    expect(err).toMatchObject({ code: 'fetch.bad_redirect', retryable: false, url, status: 302 });
    const port = new URL(base).port;
    expect(err.message).toContain(
      `[GET] "${url}": malformed Location "http://127.0.0.1:${port}:${port}/xxgk/list.shtml"`,
    );
    expect(hits).toEqual(['/xxgk/index.shtml']);
    await f.close();
  });
});

describe('cookies follow Path, Domain and expiry (RFC 6265)', () => {
  const seen: Array<{ path: string; cookie: string }> = [];
  let base: string;
  let server: ReturnType<typeof createServer>;
  const pastDate = new Date(Date.UTC(2000, 0, 1)).toUTCString();
  const futureDate = new Date(Date.UTC(2099, 0, 1)).toUTCString();
  const answers: Record<string, string[]> = {
    '/xxgk/login': [
      'site=1; Path=/',
      'scoped=2; Path=/xxgk/c1',
      `later=3; Expires=${futureDate}`,
      'gone=4; Max-Age=0',
      `stale=5; Expires=${pastDate}`,
      'other=6; Domain=example.org; Path=/',
    ],
    '/xxgk/logout': [`site=; Path=/; Expires=${pastDate}`],
  };
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ path, cookie: String(req.headers.cookie ?? '') });
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': answers[path] ?? [] });
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends each cookie only where it belongs, and never an expired one', async () => {
    const f = make();
    const cookieAt = async (path: string) => {
      await f.fetch(base + path);
      return seen.at(-1)!.cookie.split('; ').filter(Boolean).sort();
    };
    expect(await cookieAt('/xxgk/login')).toEqual([]);
    expect(await cookieAt('/xxgk/c1/list.shtml')).toEqual(['later=3', 'scoped=2', 'site=1']);
    // Path=/xxgk/c1 does not cover /xxgk/c10 (path-match is by segment) nor /xxgk.
    expect(await cookieAt('/xxgk/c10/list.shtml')).toEqual(['later=3', 'site=1']);
    // Without a Path attribute the default path is the setting URL's folder (/xxgk).
    expect(await cookieAt('/index.html')).toEqual(['site=1']);
    // An expiry in the past deletes a cookie the jar holds.
    await cookieAt('/xxgk/logout');
    expect(await cookieAt('/xxgk/c1/x.shtml')).toEqual(['later=3', 'scoped=2']);
    await f.close();
  });
});

describe('robots.txt Crawl-delay', () => {
  let portal: RemotePortal;
  const DELAY_S = 0.15;
  beforeAll(async () => {
    portal = await startPortalProcess({
      seed: 12,
      agencies: 3,
      faults: false,
      seeds: false,
      prewarm: true,
      crawlDelay: DELAY_S,
    });
  });
  afterAll(() => portal?.close());

  it('is a floor on the per-host interval: arrivals at the server are at least the delay apart', async () => {
    const truth = await portal.truth({ cells: false });
    const pages = truth.reports.filter((r) => r.kind === 'page').map((r) => r.url);
    // The source asks for 10 ms between requests; robots.txt asks for 150 ms, and wins.
    const stack = createHttpStack(portalSources(portal.url, truth, 10), {
      userAgent: USER_AGENT,
      retries: 0,
    });
    const before = (await portal.requests()).length;
    const queue = pages.slice(0, 6);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let u = queue.shift(); u; u = queue.shift()) await stack.fetcher.fetch(u);
      }),
    );
    await stack.close();
    const log = (await portal.requests()).slice(before);
    expect(log[0]!.path).toBe('/robots.txt');
    const times = log.slice(1).map((q) => q.time);
    expect(times).toHaveLength(6);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(DELAY_S * 1000 - 1.5);
  });
});

describe('a missing or broken Chromium (bad XXGK_CHROMIUM_PATH)', () => {
  let portal: Portal;
  let dir: string;
  let trsList: string;
  beforeAll(async () => {
    portal = await startPortal({ seed: 4, agencies: 3, faults: false, seeds: false });
    trsList = portal.truth.lists.find((l) => l.kind === 'trs')!.url;
    dir = mkdtempSync(join(tmpdir(), 'xxgk-chromium-'));
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing executable fails every render at once with fetch.browser_unavailable; none waits for a slot', async () => {
    const path = join(dir, 'no-such-chromium');
    const browser = createBrowserPool({ executablePath: path, size: 1 });
    const f = make({ browser });
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => f.fetch(trsList, { render: true, waitFor: '#list li' })),
    );
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason;
      expect(err).toMatchObject({ code: 'fetch.browser_unavailable', retryable: false, url: trsList });
      expect(err.message).toContain(`Chromium unavailable: not found at ${path}`);
      expect(err.message).toContain('XXGK_CHROMIUM_PATH');
    }
    await f.close();
    await browser.close();
  });

  it('a Chromium that dies at launch fails with its reason; once fixed, the same pool renders', async () => {
    const path = join(dir, 'chromium');
    writeFileSync(path, '#!/bin/sh\necho "chromium: error while loading shared libraries" >&2\nexit 127\n');
    chmodSync(path, 0o755);
    const browser = createBrowserPool({ executablePath: path, size: 1, relaunchAfterMs: 0 });
    const f = make({ browser, retries: 0 });
    const err = await f.fetch(trsList, { render: true, waitFor: '#list li' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'fetch.browser_unavailable' });
    expect(err.message).toContain(`${path} did not start`);
    // The operator installs Chromium where the setting points: no restart needed.
    rmSync(path);
    symlinkSync(CHROMIUM, path);
    const doc = await f.fetch(trsList, { render: true, waitFor: '#list li' });
    expect(doc.rendered).toBe(true);
    expect(Buffer.from(doc.bytes).toString('utf8')).toContain('<li');
    await f.close();
    await browser.close();
  });
});
