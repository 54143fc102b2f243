/** URL → page or fault. One branch per kind of page; faults live in faults/, pages in pages/. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import iconv from 'iconv-lite';
import { notFound, redirectLoop, redirectTo } from './faults/broken.ts';
import { hasClearance, sendChallenge } from './faults/challenge.ts';
import type { Hang } from './faults/hang.ts';
import { type Outage, sendOutage } from './faults/outage.ts';
import { sendRobots } from './faults/robots.ts';
import { burst, delay, type HitCounter, SLOW_MS, truncate } from './faults/transient.ts';
import { buildAttachment, encodeItemPage, renderItemHtml } from './pages/detail.ts';
import { renderDirectory, renderJsonList, renderStaticList, renderTrsList } from './pages/lists.ts';
import { buildScanImage } from './pages/scans.ts';
import type { Site } from './site.ts';

export interface RouteContext {
  site: Site;
  seed: number;
  hits: HitCounter;
  outage: Outage;
  hang: Hang;
  attachmentCache: Map<string, Promise<{ body: Buffer; contentType: string }>>;
  /** Pre-rendered detail pages (prewarm); others are rendered per request, keeping memory flat. */
  pageCache: Map<string, { body: Buffer; contentType: string }>;
  /** robots.txt `Crawl-delay` in seconds, when the portal asks for one. */
  crawlDelay?: number;
}

function send(res: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': contentType, 'content-length': buf.length });
  res.end(buf);
}

const HTML = 'text/html; charset=utf-8';

export async function route(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://portal');
  const path = url.pathname;
  const { site } = ctx;

  if (ctx.hang.covers(req.url ?? '/')) return ctx.hang.hold(req, res);
  if (ctx.outage.covers(req.url ?? '/')) return sendOutage(res);
  if (path === '/robots.txt') return sendRobots(res, ctx.crawlDelay);
  if (site.challengePrefixes.some((p) => path.startsWith(p)) && !hasClearance(req, ctx.seed))
    return sendChallenge(res, ctx.seed);
  if (site.burstPaths.has(path) && burst(res, ctx.hits.next(path))) return;

  // An open redirect (old portals' 外链跳转): the crawler must not follow it off the configured hosts.
  if (path === '/go') return redirectTo(res, url.searchParams.get('url') ?? '/');
  if (path === '/jkqxxgk/bmxxgkml/index.shtml') return send(res, 200, renderDirectory(site.lists), HTML);

  let m = path.match(/^\/jkqxxgk\/(c\d+)\/list(?:_(\d+))?\.shtml$/);
  if (m) {
    const list = site.lists.find((l) => l.kind === 'static' && l.code === m![1]);
    const page = list && renderStaticList(list, Number(m[2] ?? 0));
    if (!page) return notFound(res);
    if (!list.gbk) return send(res, 200, page, HTML);
    return send(
      res,
      200,
      iconv.encode(page.replace('<meta charset="utf-8">', ''), 'gbk'),
      'text/html; charset=GBK',
    );
  }
  m = path.match(/^\/trs\/(c\d+)\/index(?:_(\d+))?\.html$/);
  if (m) {
    const list = site.lists.find((l) => l.kind === 'trs' && l.code === m![1]);
    const page = list && renderTrsList(list, Number(m[2] ?? 0));
    return page ? send(res, 200, page, HTML) : notFound(res);
  }
  if (path === '/jcms/api/list') {
    const list = site.lists.find((l) => l.kind === 'json' && l.code === url.searchParams.get('col'));
    if (!list) return notFound(res);
    return send(
      res,
      200,
      renderJsonList(list, Number(url.searchParams.get('page') ?? 1) - 1),
      'application/json; charset=utf-8',
    );
  }

  const attachment = site.attachments.get(path);
  if (attachment) {
    const built = ctx.attachmentCache.get(path) ?? buildAttachment(attachment);
    ctx.attachmentCache.set(path, built);
    const { body, contentType } = await built;
    return send(res, 200, body, contentType);
  }

  m = path.match(/^(.+)-(\d+)\.(?:png|jpg)$/);
  const scanned = m ? site.scanPages.get(m[1]!) : undefined;
  if (m && scanned) {
    const image = await buildScanImage(scanned, Number(m[2]));
    return image ? send(res, 200, image.body, image.contentType) : notFound(res);
  }

  const item = site.byPath.get(path);
  if (!item) return notFound(res);
  switch (item.fault) {
    case 'not-found':
      return notFound(res);
    case 'redirect-loop':
      return redirectLoop(res, url);
    case 'slow':
      await delay(SLOW_MS);
      break;
    case 'burst':
      if (burst(res, ctx.hits.next(path))) return;
      break;
  }
  const { body, contentType } = ctx.pageCache.get(path) ?? encodeItemPage(item, renderItemHtml(item));
  if (item.fault === 'truncated' && truncate(res, body, contentType, ctx.hits.next(path))) return;
  return send(res, 200, body, contentType);
}
