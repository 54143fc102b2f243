/** Faults that do not pass: a redirect loop and a missing page. A crawler records them as failed. */
import type { ServerResponse } from 'node:http';

/** path → path?loop=1 → path → … */
export function redirectLoop(res: ServerResponse, url: URL): void {
  const target = url.searchParams.has('loop') ? url.pathname : `${url.pathname}?loop=1`;
  res.writeHead(302, { location: target, 'content-length': 0 });
  res.end();
}

export function notFound(res: ServerResponse): void {
  const body = '<html><body><h1>404 Not Found</h1></body></html>';
  res.writeHead(404, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function redirectTo(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}
