/**
 * An outage the test switches on and off: the chosen request targets (path and query, exactly as
 * requested) answer 503 on every hit until it ends, so the crawler's retries cannot get through, as
 * when a portal's page 3 is broken for a night. `Retry-After: 0` keeps those retries quick.
 */
import type { ServerResponse } from 'node:http';

export class Outage {
  private targets = new Set<string>();

  /** Replaces the targets that are down; an empty list ends the outage. */
  set(targets: readonly string[]): void {
    this.targets = new Set(targets);
  }

  covers(target: string): boolean {
    return this.targets.has(target);
  }
}

export function sendOutage(res: ServerResponse): void {
  const body = 'Service Unavailable';
  res.writeHead(503, {
    'retry-after': '0',
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
