/**
 * A hang the test switches on: the chosen request targets (path and query, exactly as requested)
 * are accepted and never answered — no status, no byte — until the client gives up or the portal
 * closes, as when a portal's backend wedges. What the crawl's job time limit and stall detection
 * exist for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class Hang {
  private targets = new Set<string>();
  /** Requests being held, so a test can wait until the crawl is stuck on one. */
  readonly held: string[] = [];
  private waiters: Array<(target: string) => void> = [];

  /** Replaces the targets that hang; an empty list ends the hang for requests that arrive later. */
  set(targets: readonly string[]): void {
    this.targets = new Set(targets);
  }

  covers(target: string): boolean {
    return this.targets.has(target);
  }

  /** Holds the request; it ends only when its socket does. */
  hold(req: IncomingMessage, _res: ServerResponse): void {
    const target = req.url ?? '/';
    this.held.push(target);
    for (const w of this.waiters.splice(0)) w(target);
  }

  /** Resolves with the first request held (at once if one already is). */
  whenHeld(): Promise<string> {
    if (this.held.length > 0) return Promise.resolve(this.held[0]!);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
