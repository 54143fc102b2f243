/**
 * Faults that pass: 503 bursts with Retry-After, a truncated first answer, and slowness.
 * Each is keyed by path and counts its own hits, so a retry sees the next behaviour.
 */
import type { ServerResponse } from 'node:http';

export const BURST_LENGTH = 2;
export const SLOW_MS = 400;

export class HitCounter {
  private hits = new Map<string, number>();
  next(path: string): number {
    const n = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, n);
    return n;
  }
}

/** 503 with `Retry-After: 1` for the first BURST_LENGTH hits; true when it answered. */
export function burst(res: ServerResponse, hit: number): boolean {
  if (hit > BURST_LENGTH) return false;
  res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' });
  res.end('Service Unavailable');
  return true;
}

/** First hit: Content-Length of the whole body, half of it sent, then the socket is cut. */
export function truncate(res: ServerResponse, body: Buffer, contentType: string, hit: number): boolean {
  if (hit > 1) return false;
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  return true;
}

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
