/** robots.txt: one path is off limits; the log proves whether a crawler respected it. */
import type { ServerResponse } from 'node:http';
import { ROBOTS_DISALLOWED } from '../site.ts';

export function sendRobots(res: ServerResponse): void {
  const body = `User-agent: *\nDisallow: ${ROBOTS_DISALLOWED}\nDisallow: /search/\n`;
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
