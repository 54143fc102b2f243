/**
 * The 加速乐-style anti-bot challenge: without the clearance cookie, HTTP 412 and a script that sets
 * it and reloads. Only a client that runs JavaScript gets through.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hex32 } from '../site.ts';

export const CLEARANCE_COOKIE = '__jsl_clearance';

export function clearanceToken(seed: number): string {
  return hex32(seed, 'clearance').slice(0, 20);
}

export function hasClearance(req: IncomingMessage, seed: number): boolean {
  const cookie = req.headers.cookie ?? '';
  return cookie.split(/;\s*/).includes(`${CLEARANCE_COOKIE}=${clearanceToken(seed)}`);
}

export function sendChallenge(res: ServerResponse, seed: number): void {
  const token = clearanceToken(seed);
  // Split so the token is computed, not readable by a regex over the page.
  const parts = [token.slice(0, 7), token.slice(7, 13), token.slice(13)];
  const body = `<html><head><script>var _p=${JSON.stringify(parts)};document.cookie='${CLEARANCE_COOKIE}='+_p.join('')+';path=/';location.reload();</script></head><body></body></html>`;
  res.writeHead(412, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
