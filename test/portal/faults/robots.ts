/**
 * robots.txt: one path is off limits; the log proves whether a crawler respected it. With a
 * `Crawl-delay` (seconds) the arrival times prove whether it was honoured.
 */
import type { ServerResponse } from 'node:http';
import { ROBOTS_DISALLOWED } from '../site.ts';

export function sendRobots(res: ServerResponse, crawlDelay?: number): void {
  const delay = crawlDelay !== undefined ? `Crawl-delay: ${crawlDelay}\n` : '';
  const body = `User-agent: *\nDisallow: ${ROBOTS_DISALLOWED}\nDisallow: /search/\n${delay}`;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
