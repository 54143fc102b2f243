/**
 * A small pool of Chromium pages (playwright-core driving Debian's chromium), launched lazily on the
 * first render, so sources that never need a browser never start one. Each render gets a fresh context
 * (clean cookies), bounded by `size` concurrent renders.
 */
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
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
}

export function createBrowserPool(opts: BrowserPoolOptions): BrowserPool {
  const size = Math.max(1, opts.size ?? 2);
  const launcher = opts.launcher ?? chromium;
  let browser: Promise<Browser> | null = null;
  let active = 0;
  const waiting: Array<() => void> = [];

  const getBrowser = () => {
    browser ??= launcher.launch({ executablePath: opts.executablePath, headless: true, args: CHROMIUM_ARGS });
    return browser;
  };

  async function slot(): Promise<() => void> {
    if (active >= size) await new Promise<void>((r) => waiting.push(r));
    active++;
    return () => {
      active--;
      waiting.shift()?.();
    };
  }

  async function render(req: RenderRequest): Promise<RenderResult> {
    const release = await slot();
    const b = await getBrowser();
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
      }));
      return { finalUrl: page.url(), status, html, cookies };
    } finally {
      await context.close().catch(() => undefined);
      release();
    }
  }

  return {
    render,
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b).close();
    },
  };
}
