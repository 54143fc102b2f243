/**
 * The local portal: a gzjkq.ganzhou.gov.cn look-alike on a free loopback port, for tests, the bench
 * and `xxgk portal`. Plain node:http; every request is logged (time, path, status, user-agent) so
 * tests can check politeness and robots.txt from the server's side.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Hang } from './faults/hang.ts';
import { Outage } from './faults/outage.ts';
import { HitCounter } from './faults/transient.ts';
import { buildAttachment, docFixtureYears, encodeItemPage, renderItemHtml } from './pages/detail.ts';
import { scanOf } from './pages/scans.ts';
import { route } from './routes.ts';
import { ROBOTS_DISALLOWED, Site } from './site.ts';
import { buildTruth, type PortalTruth } from './truth.ts';

export interface PortalOptions {
  seed?: number;
  /** Agencies with a static gzjkq list (besides the TRS, JSON and seed lists). */
  agencies?: number;
  years?: number[];
  faults?: boolean;
  port?: number;
  /** Multiplies the agencies: scale 40 with 10 agencies serves 2,400 generated reports. */
  scale?: number;
  /** Serve the five seeds (default: when test/fixtures/seeds exists). */
  seeds?: boolean;
  host?: string;
  /**
   * Build every attachment before listening. Building a PDF blocks the event loop for a while; done
   * lazily inside a test that times requests, it would bunch up the arrival timestamps. Detail pages
   * are rendered ahead too, so serving one is a lookup.
   */
  prewarm?: boolean;
  /** Serve some reports only as attachments (default true). */
  attachments?: boolean;
  /** robots.txt asks for this `Crawl-delay` (seconds); none by default. */
  crawlDelay?: number;
  /** One more agency whose three reports are scans (PDF, linked .png pages, <img> .jpg pages); off by default (OCR is slow). */
  scans?: boolean;
}

export interface RequestLog {
  /** Epoch milliseconds with sub-millisecond precision, taken when the request arrived. */
  time: number;
  path: string;
  status: number;
  userAgent: string;
}

export interface Portal {
  url: string;
  readonly truth: PortalTruth;
  /** The same without the expected cells (cheap, for large portals). */
  truthWithoutCells(): PortalTruth;
  requests: RequestLog[];
  /** Adds `n` new annual reports on top of the first lists (incremental crawls find exactly these). */
  publish(n: number): void;
  /**
   * Until called again, these request targets (path and query as requested, e.g.
   * `/jkqxxgk/c110055/list_1.shtml`) answer 503 on every hit; `outage([])` ends it.
   */
  outage(targets: readonly string[]): void;
  /**
   * Until called again, these request targets are accepted and never answered (`hang([])` ends it
   * for later requests); `held()` lists the requests held so far, in order.
   */
  hang(targets: readonly string[]): void;
  held(): string[];
  /** Resolves with the first request held (at once if one already is): the crawl is stuck on it. */
  whenHeld(): Promise<string>;
  close(): Promise<void>;
}

/** Appends the request to `log` on arrival; its status is filled in when the answer ends. */
export function logRequest(log: RequestLog[], req: IncomingMessage, res: ServerResponse): void {
  const entry: RequestLog = {
    time: performance.timeOrigin + performance.now(),
    path: req.url ?? '/',
    status: 0,
    userAgent: String(req.headers['user-agent'] ?? ''),
  };
  log.push(entry);
  res.on('finish', () => (entry.status = res.statusCode));
  res.on('close', () => (entry.status ||= res.statusCode));
}

const SEED_DIRS = [join(import.meta.dirname, '../fixtures/seeds')];

function seedFiles(): string[] {
  const dir = SEED_DIRS.find((d) => existsSync(d));
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(dir, f));
}

export async function startPortal(opts: PortalOptions = {}): Promise<Portal> {
  const seed = opts.seed ?? 20240101;
  const site = new Site({
    seed,
    agencies: (opts.agencies ?? 8) * (opts.scale ?? 1),
    years: opts.years ?? [2019, 2020, 2021, 2022, 2023, 2024],
    faults: opts.faults ?? true,
    seedFiles: opts.seeds === false ? [] : seedFiles(),
    docYears: docFixtureYears(),
    attachments: opts.attachments ?? true,
    scans: opts.scans ?? false,
  });
  const requests: RequestLog[] = [];
  const hits = new HitCounter();
  const outage = new Outage();
  const hang = new Hang();
  const attachmentCache = new Map<string, Promise<{ body: Buffer; contentType: string }>>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    logRequest(requests, req, res);
    route(req, res, {
      site,
      seed,
      hits,
      outage,
      hang,
      attachmentCache,
      pageCache,
      ...(opts.crawlDelay !== undefined ? { crawlDelay: opts.crawlDelay } : {}),
    }).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  };
  const pageCache = new Map<string, { body: Buffer; contentType: string }>();
  // Drawing a scan takes seconds on a busy machine: done before listening, not inside a fetch's timeout.
  await Promise.all(
    site
      .reports()
      .filter((i) => i.kind.startsWith('scan-'))
      .map((i) => scanOf(i)),
  );
  if (opts.prewarm) {
    for (const [path, item] of site.attachments) attachmentCache.set(path, buildAttachment(item));
    await Promise.all(attachmentCache.values());
    for (const [path, item] of site.byPath) pageCache.set(path, encodeItemPage(item, renderItemHtml(item)));
  }
  const server = createServer({ keepAliveTimeout: 5000 }, handler);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    get truth() {
      return buildTruth(site, url, ROBOTS_DISALLOWED);
    },
    truthWithoutCells: () => buildTruth(site, url, ROBOTS_DISALLOWED, { cells: false }),
    requests,
    publish: (n) => void site.publish(n),
    outage: (targets) => outage.set(targets),
    hang: (targets) => hang.set(targets),
    held: () => [...hang.held],
    whenHeld: () => hang.whenHeld(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
