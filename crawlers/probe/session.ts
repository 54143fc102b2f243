/**
 * The fetcher a probe (or a check) uses: the project's own stack — scope limited to the probed host,
 * robots.txt, the per-host interval — with the browser pool when Chromium is there.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../../config/logger.ts';
import { defineSource } from '../../config/sources/load.ts';
import type { Source } from '../../config/sources/schema.ts';
import { createBrowserPool } from '../render/browser-pool.ts';
import { createHttpStack } from '../stack.ts';
import type { Fetcher } from '../types.ts';

export interface ProbeSession {
  fetcher: Fetcher;
  canRender: boolean;
  close(): Promise<void>;
}

export interface SessionOptions {
  userAgent: string;
  chromiumPath: string;
  /** Use the browser for lists built by scripts and anti-bot challenges (when Chromium exists). */
  browser: boolean;
  logger?: Logger;
}

export function openSession(sources: Source[], opts: SessionOptions): ProbeSession {
  const canRender = opts.browser && existsSync(opts.chromiumPath);
  const browser = canRender ? createBrowserPool({ executablePath: opts.chromiumPath, size: 1 }) : undefined;
  const stack = createHttpStack(sources, {
    userAgent: opts.userAgent,
    ...(browser ? { browser } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return {
    fetcher: stack.fetcher,
    canRender,
    async close() {
      await stack.close();
      await browser?.close();
    },
  };
}

/** A session for probing one site: its host only, at `intervalMs` between requests. */
export function openProbeSession(
  url: string,
  opts: SessionOptions & { allowPrivate: boolean; intervalMs: number },
): ProbeSession {
  const site = defineSource(
    {
      id: 'probe',
      baseUrl: new URL(url).origin,
      allowPrivate: opts.allowPrivate,
      rateLimit: { minIntervalMs: opts.intervalMs },
    },
    'probe',
  );
  return openSession([site], opts);
}
