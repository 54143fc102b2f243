/** Faults that do not pass: a redirect loop and a missing page. A crawler records them as failed. */
import type { ServerResponse } from 'node:http';

/** path → path?loop=1 → path → … */
export function redirectLoop(res: ServerResponse, url: URL): void {
  const target = url.searchParams.has('loop') ? url.pathname : `${url.pathname}?loop=1`;
  res.writeHead(302, { location: target, 'content-length': 0 });
  res.end();
}

/**
 * A Location no URL parser accepts: the port written twice, as a misconfigured proxy in front of a
 * portal does (`http://host:8080:8080/…`).
 */
export function badRedirect(res: ServerResponse, url: URL, host: string): void {
  const [name, port = '80'] = host.split(':');
  res.writeHead(302, { location: `http://${name}:${port}:${port}${url.pathname}`, 'content-length': 0 });
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
