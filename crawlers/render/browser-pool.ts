/**
 * A small pool of Chromium pages (playwright-core driving Debian's chromium), launched lazily on the
 * first render, so sources that never need a browser never start one. Each render gets a fresh context
 * (clean cookies), bounded by `size` concurrent renders.
 *
 * Faults: a render gives its slot back however it ends (a launch that fails, a context or page that
 * errors, a timeout). A Chromium that cannot start (missing, not executable, crashing at launch)
 * fails renders with `BrowserUnavailableError` naming the path; the failure is remembered only for
 * `relaunchAfterMs`, so a Chromium installed (or a crash that passed) is used again without a
 * restart. A browser that dies later is relaunched on the next render.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser, chromium } from 'playwright-core';
import { BrowserUnavailableError } from '../errors.ts';
import type { BrowserPool, RenderRequest, RenderResult } from '../types.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserPoolOptions {
  executablePath: string;
  size?: number;
  /** Injected launcher (playwright-core's `chromium` by default). */
  launcher?: Pick<typeof chromium, 'launch'>;
  /** How long a launch may take before Chromium counts as broken. */
  launchTimeoutMs?: number;
  /** How long a failed launch is remembered (renders fail at once meanwhile); 0 = try every time. */
  relaunchAfterMs?: number;
  now?: () => number;
}

export function createBrowserPool(opts: BrowserPoolOptions): BrowserPool {
  const size = Math.max(1, opts.size ?? 2);
  // playwright-core loaded on the first launch: 35 MB of heap and seconds of start-up that a crawl
  // without JavaScript-rendered lists or challenges never needs.
  const launcher: Pick<typeof chromium, 'launch'> = opts.launcher ?? {
    launch: async (o) => (await import('playwright-core')).chromium.launch(o),
  };
  const launchTimeoutMs = opts.launchTimeoutMs ?? 30_000;
  const relaunchAfterMs = opts.relaunchAfterMs ?? 30_000;
  const now = opts.now ?? Date.now;
  let browser: Promise<Browser> | null = null;
  let failed: { error: BrowserUnavailableError; at: number } | null = null;
  let active = 0;
  const waiting: Array<() => void> = [];

  async function launch(): Promise<Browser> {
    const path = opts.executablePath;
    try {
      await access(path, constants.X_OK);
    } catch (cause) {
      const why = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not executable';
      throw new BrowserUnavailableError(path, `${why} at ${path}`, cause);
    }
    try {
      return await launcher.launch({
        executablePath: path,
        headless: true,
        args: CHROMIUM_ARGS,
        timeout: launchTimeoutMs,
      });
    } catch (cause) {
      const first = String((cause as Error)?.message ?? cause).split('\n')[0];
      throw new BrowserUnavailableError(path, `${path} did not start (${first})`, cause);
    }
  }

  function getBrowser(): Promise<Browser> {
    if (browser) return browser;
    if (failed && now() - failed.at < relaunchAfterMs) return Promise.reject(failed.error);
    const p = launch().then(
      (b) => {
        failed = null;
        // A crashed or killed browser is replaced on the next render, not handed out dead.
        b.on('disconnected', () => {
          if (browser === p) browser = null;
        });
        return b;
      },
      (err: BrowserUnavailableError) => {
        if (browser === p) browser = null;
        failed = { error: err, at: now() };
        throw err;
      },
    );
    browser = p;
    return p;
  }

  async function slot(): Promise<() => void> {
    while (active >= size) await new Promise<void>((r) => waiting.push(r));
    active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      active--;
      waiting.shift()?.();
    };
  }

  async function renderIn(b: Browser, req: RenderRequest): Promise<RenderResult> {
    const context = await b.newContext({ userAgent: req.userAgent, javaScriptEnabled: true });
    try {
      const page = await context.newPage();
      const timeout = req.timeoutMs ?? 30_000;
      page.setDefaultTimeout(timeout);
      await page.route('**/*', async (route) => {
        const r = route.request();
        // Lists and challenges need documents and scripts; images, fonts and styles are only load.
        if (['image', 'font', 'stylesheet', 'media'].includes(r.resourceType())) return route.abort();
        const done = req.onRequest ? await req.onRequest(r.url()) : () => undefined;
        if (done === false) return route.abort();
        await route.continue().catch(done);
        r.response().then(done, done);
      });
      let status: number | null = null;
      page.on('response', (res) => {
        if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) status = res.status();
      });
      await page.goto(req.url, { waitUntil: 'load', timeout });
      if (req.waitFor) await page.waitForSelector(req.waitFor, { timeout });
      else await page.waitForLoadState('networkidle', { timeout }).catch(() => undefined);
      // A challenge page reloads itself; wait for the navigation it triggers to settle.
      await page.waitForLoadState('load', { timeout });
      const html = await page.content();
      const cookies = (await context.cookies()).map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        expires: c.expires,
        secure: c.secure,
        httpOnly: c.httpOnly,
      }));
      return { finalUrl: page.url(), status, html, cookies };
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  return {
    async render(req) {
      const release = await slot();
      try {
        return await renderIn(await getBrowser(), req);
      } finally {
        release();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await b.then((x) => x.close()).catch(() => undefined);
    },
  };
}
