/**
 * startFamilyPortal(): one imitation site of a CMS family on a free loopback port — its home page,
 * its 年度报告 column in the family's markup and paging, detail pages and downloads — with the faults
 * its items carry (503 bursts with Retry-After, a truncated answer, a slow page, a dead link, a list
 * page that fails at first, an item listed twice) and a robots.txt. Every request is logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notFound } from '../faults/broken.ts';
import { sendRobots } from '../faults/robots.ts';
import { burst, delay, HitCounter, SLOW_MS, truncate } from '../faults/transient.ts';
import { logRequest, type RequestLog } from '../server.ts';
import type { FamilyDefinition, Reply } from './family.ts';
import { FAMILIES, type FamilyName } from './registry.ts';
import { FamilySite } from './site.ts';

export interface FamilyPortalOptions {
  family: FamilyName;
  seed?: number;
  /** Markup, paging and download variations of the family (0, 1, 2…). */
  variant?: number;
  faults?: boolean;
}

export interface FamilyTruth {
  family: FamilyName;
  variant: number;
  /** The preset a declaration for this site should start from. */
  preset: string;
  /** The 年度报告 column's first page (what a user hands the probe). */
  listUrl: string;
  homeUrl: string;
  pageSize: number;
  pageCount: number;
  reports: Array<{
    url: string;
    /** Where the report's tables are: the page, or its attachment. */
    documentUrl: string;
    title: string;
    kind: 'page' | 'docx' | 'doc';
    expect: 'stored' | 'fetch.http_404';
  }>;
  nonReports: Array<{ url: string; title: string }>;
  /** URLs listed twice. */
  duplicates: string[];
}

export interface FamilyPortal {
  url: string;
  truth: FamilyTruth;
  requests: RequestLog[];
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status ?? 200, { ...reply.headers, 'content-length': body.length });
  res.end(body);
}

export async function startFamilyPortal(opts: FamilyPortalOptions): Promise<FamilyPortal> {
  const variant = opts.variant ?? 0;
  const family = FAMILIES[opts.family] as FamilyDefinition;
  const site = new FamilySite(opts.family, {
    seed: opts.seed ?? 1,
    variant,
    faults: opts.faults ?? true,
    traditional: family.traditional?.includes(variant % family.variants) ?? false,
  });
  const app = family.build(site);
  const byDetail = new Map(site.items.map((i) => [i.detailPath, i]));
  const hits = new HitCounter();
  const requests: RequestLog[] = [];

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const url = new URL(target, `http://${req.headers.host ?? 'portal'}`);
    if (url.pathname === '/robots.txt') return sendRobots(res);
    if (app.burstTargets.includes(target) && burst(res, hits.next(target))) return;
    const item = byDetail.get(url.pathname);
    if (item?.fault === 'not-found') return notFound(res);
    if (item?.fault === 'burst' && burst(res, hits.next(target))) return;
    if (item?.fault === 'slow') await delay(SLOW_MS);
    const reply = await app.route(url);
    if (!reply) return notFound(res);
    if (item?.fault === 'truncated' && reply.status === undefined) {
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
      if (truncate(res, body, reply.headers?.['content-type'] ?? 'text/html', hits.next(target))) return;
    }
    send(res, reply);
  }

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    logRequest(requests, req, res);
    route(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const abs = (p: string) => new URL(p, base).toString();
  const listed = site.listing();
  const truth: FamilyTruth = {
    family: opts.family,
    variant,
    preset: app.preset,
    listUrl: abs(app.listPath),
    homeUrl: abs(app.homePath),
    pageSize: site.pageSize,
    pageCount: site.pageCount(),
    reports: site.reports().map((r) => ({
      url: abs(r.detailPath),
      documentUrl: abs(r.attachmentPath ?? r.detailPath),
      title: r.title,
      kind: r.kind,
      expect: r.fault === 'not-found' ? 'fetch.http_404' : 'stored',
    })),
    nonReports: site.items
      .filter((i) => !i.isReport)
      .map((i) => ({ url: abs(i.detailPath), title: i.title })),
    duplicates: [...new Set(listed.filter((i, k) => listed.indexOf(i) !== k).map((i) => abs(i.detailPath)))],
  };
  return {
    url: base,
    truth,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
