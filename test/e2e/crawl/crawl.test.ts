/**
 * The whole crawl against the local portal, faults on: three sources (static gzjkq directory, a
 * TRS list that needs the browser, a JSON endpoint) crawled at once through one fetcher stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlResult } from '../../../crawlers/crawl.ts';
import { createBrowserPool } from '../../../crawlers/render/browser-pool.ts';
import type { HttpStack } from '../../../crawlers/stack.ts';
import type { BrowserPool } from '../../../crawlers/types.ts';
import { decodeBytes } from '../../../extractors/decode.ts';
import { type RemotePortal, startPortalProcess } from '../../portal/remote.ts';
import type { RequestLog } from '../../portal/server.ts';
import { portalSources } from '../../portal/sources.ts';
import type { PortalTruth } from '../../portal/truth.ts';
import { CHROMIUM, crawlAll, gaps, type Stored, testStack, USER_AGENT } from './harness.ts';

const INTERVAL = 30;
/** The limiter's clock has millisecond resolution; the server's timestamps are sub-millisecond. */
const JITTER = 1.5;

let portal: RemotePortal;
/** The server's request log after the first crawl. */
let log: RequestLog[];
let truth: PortalTruth;
let browser: BrowserPool;
let stack: HttpStack;
const store = new Map<string, Stored>();
let results: Map<string, CrawlResult>;
/** URLs the browser pool was asked to render. */
const rendered: string[] = [];

beforeAll(async () => {
  // In its own process, so its arrival timestamps do not wait on the crawler's work.
  portal = await startPortalProcess({ seed: 7, agencies: 8, faults: true, prewarm: true });
  truth = await portal.truth();
  const pool = createBrowserPool({ executablePath: CHROMIUM, size: 1 });
  browser = {
    render: (req) => {
      rendered.push(req.url);
      return pool.render(req);
    },
    close: () => pool.close(),
  };
  const sources = portalSources(portal.url, truth, INTERVAL);
  stack = testStack(sources, { browser });
  results = await crawlAll(sources, stack, store);
  log = await portal.requests();
});

afterAll(async () => {
  await stack?.close();
  await browser?.close();
  await portal?.close();
});

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
const allRefs = () => [...results.values()].flatMap((r) => r.refs);
const allFailures = () => [...results.values()].flatMap((r) => r.failures);

describe('crawl of the local portal', () => {
  it('finds every annual report exactly once', () => {
    const details = allRefs()
      .filter((r) => r.kind === 'detail')
      .map((r) => r.url);
    const expected = truth.reports.map((r) => r.url).sort();
    expect([...details].sort()).toEqual(expected);
    expect(new Set(details).size).toBe(details.length);
    expect(truth.duplicates.length).toBeGreaterThan(0); // the portal did list something twice
  });

  it('stores every reachable report document (page or attachment), raw', () => {
    const missing = truth.reports.filter((r) => r.expect === 'stored' && !store.has(r.documentUrl));
    expect(missing.map((r) => `${r.kind} ${r.fault} ${r.documentUrl}`)).toEqual([]);
    const magic = { docx: [0x50, 0x4b], pdf: [0x25, 0x50], doc: [0xd0, 0xcf] } as const;
    const attachments = truth.reports.filter((r) => r.kind !== 'page' && r.expect === 'stored');
    expect(new Set(attachments.map((r) => r.kind))).toEqual(new Set(['docx', 'pdf', 'doc']));
    for (const r of attachments) {
      const { doc, ref } = store.get(r.documentUrl)!;
      expect([...doc.bytes.subarray(0, 2)]).toEqual([...magic[r.kind as keyof typeof magic]]);
      expect(ref).toMatchObject({ kind: 'attachment', parentUrl: r.url });
    }
  });

  it('keeps no non-report and never even requests one', () => {
    const requested = new Set(log.map((q) => q.path));
    for (const n of truth.nonReports) {
      expect(store.has(n.url)).toBe(false);
      expect(requested.has(pathOf(n.url))).toBe(false);
    }
  });

  it('records the unfetchable reports as failed, with their reason, and nothing else', () => {
    const failed = allFailures().map((f) => [f.url, f.code]);
    const expected = truth.reports.filter((r) => r.expect !== 'stored').map((r) => [r.url, r.expect]);
    expect(failed.sort()).toEqual(expected.sort());
    expect(expected.map(([, code]) => code).sort()).toEqual([
      'fetch.http_404',
      'fetch.redirect_loop',
      'fetch.robots_disallowed',
    ]);
  });

  it('survives the transient faults: 412 challenge, 503 burst with Retry-After, truncation, slowness', () => {
    const byFault = (f: string) => truth.reports.filter((r) => r.fault === f);
    for (const f of ['challenge', 'burst', 'truncated', 'slow']) {
      expect(byFault(f).length).toBeGreaterThan(0);
      for (const r of byFault(f)) expect(store.has(r.documentUrl), `${f} ${r.url}`).toBe(true);
    }
    expect(log.some((q) => q.status === 412)).toBe(true);
    const burst = pathOf(byFault('burst')[0]!.url);
    const hits = log.filter((q) => q.path === burst);
    expect(hits.map((q) => q.status)).toEqual([503, 503, 200]);
    // Retry-After: 1 was honoured before each retry.
    expect(Math.min(...gaps(hits.map((q) => q.time)))).toBeGreaterThanOrEqual(1000 - JITTER);
    const truncated = log.filter((q) => q.path === pathOf(byFault('truncated')[0]!.url));
    expect(truncated.length).toBe(2);
  });

  it('obeys robots.txt: nothing under the disallowed path was requested', () => {
    expect(log.some((q) => q.path === '/robots.txt')).toBe(true);
    expect(log.filter((q) => q.path.startsWith(truth.robotsDisallowedPrefix))).toEqual([]);
  });

  it('never exceeds the per-host rate, as the server measured it, across three concurrent sources', () => {
    const times = log.map((q) => q.time);
    expect(times.length).toBeGreaterThan(80);
    expect(Math.min(...gaps(times))).toBeGreaterThanOrEqual(INTERVAL - JITTER);
  });

  it('sends the configured User-Agent on every static request', () => {
    const agents = new Set(log.map((q) => q.userAgent));
    expect(agents).toEqual(new Set([USER_AGENT]));
  });

  it('uses the browser only for the JS list and to solve the 412 challenge', () => {
    const trsLists = truth.lists
      .filter((l) => l.kind === 'trs')
      .map((l) => new URL(l.url).pathname.replace(/index\.html$/, ''));
    const challenged = rendered.filter((u) => !trsLists.some((p) => new URL(u).pathname.startsWith(p)));
    expect(rendered.length - challenged.length).toBe(2); // index.html and index_1.html
    expect(challenged).toHaveLength(1); // solved once, then the cookie is reused
    expect(log.find((q) => new URL(challenged[0]!).pathname === q.path)?.status).toBe(412);
  });

  it('reads the JS-rendered TRS list (browser) and the JSON list', () => {
    for (const [kind, id] of [
      ['trs', 'portal-trs'],
      ['json', 'portal-jcms'],
    ] as const) {
      const listUrls = new Set(truth.lists.filter((l) => l.kind === kind).map((l) => l.url));
      const expected = truth.reports
        .filter((r) => listUrls.has(r.listUrl))
        .map((r) => r.url)
        .sort();
      expect(expected.length).toBeGreaterThan(5);
      expect(
        results
          .get(id)!
          .refs.map((r) => r.url)
          .sort(),
      ).toEqual(expected);
    }
    // Both pages of the TRS list were walked.
    expect(log.some((q) => /^\/trs\/c\d+\/index_1\.html$/.test(q.path))).toBe(true);
  });

  it('decodes GBK pages, including the one whose header lies about its charset', () => {
    const gbk = truth.reports.filter(
      (r) => r.encoding !== 'utf-8' && r.expect === 'stored' && r.kind === 'page',
    );
    expect(gbk.some((r) => r.encoding === 'gbk-wrong-header')).toBe(true);
    for (const r of gbk) {
      const { doc } = store.get(r.url)!;
      expect(doc.encoding, r.encoding).toBe('gb18030');
      const text = decodeBytes(doc.bytes, { contentType: doc.contentType ?? undefined }).text;
      expect(text).toContain(r.title);
    }
    const wrong = store.get(gbk.find((r) => r.encoding === 'gbk-wrong-header')!.url)!.doc;
    expect(wrong.contentType).toBe('text/html; charset=utf-8');
  });

  it('reads list pages served in GBK', () => {
    const gbkLists = new Set(truth.lists.filter((l) => l.gbk).map((l) => l.url));
    expect(gbkLists.size).toBeGreaterThan(0);
    const expected = truth.reports.filter((r) => gbkLists.has(r.listUrl));
    const found = allRefs().filter((r) => gbkLists.has(r.listUrl) && r.kind === 'detail');
    expect(found.map((r) => r.title).sort()).toEqual(expected.map((r) => r.title).sort());
  });

  it('keeps each document with its hash and response metadata', () => {
    const { doc } = store.get(truth.reports.find((r) => r.kind === 'page' && r.expect === 'stored')!.url)!;
    expect(doc.status).toBe(200);
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.headers['content-type']).toContain('text/html');
    expect(doc.rendered).toBe(false);
  });

  it('on an incremental crawl, finds only newly published reports and stops at known ones', async () => {
    const known = new Set(allRefs().map((r) => r.url));
    const before = log.length;
    await portal.publish(3);
    const fresh = (await portal.truth()).reports.filter((r) => !known.has(r.url)).map((r) => r.url);
    expect(fresh).toHaveLength(3);
    const second = new Map<string, Stored>();
    const again = await crawlAll(portalSources(portal.url, truth, INTERVAL), stack, second, {
      full: false,
      isKnown: async (url) => known.has(url),
    });
    const found = [...again.values()]
      .flatMap((r) => r.refs)
      .filter((r) => r.kind === 'detail')
      .map((r) => r.url);
    expect(found.sort()).toEqual(fresh.sort());
    const paths = (await portal.requests()).slice(before).map((q) => q.path);
    // Only first pages of lists were read: every list starts with a known report or a new one.
    expect(paths.filter((p) => /list_\d+\.shtml|index_\d+\.html|page=2/.test(p))).toEqual([]);
  });
});
