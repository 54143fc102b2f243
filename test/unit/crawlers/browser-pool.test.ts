/**
 * The browser pool's slots and launch failures, with an injected launcher (no Chromium needed): every
 * render gives its slot back however it ends, and a failed launch is neither leaked nor remembered
 * for longer than `relaunchAfterMs`. The same with a real bad XXGK_CHROMIUM_PATH: e2e/crawl.
 */
import { EventEmitter } from 'node:events';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BrowserUnavailableError } from '../../../crawlers/errors.ts';
import { type BrowserPoolOptions, createBrowserPool } from '../../../crawlers/render/browser-pool.ts';

/** An executable that exists, so the pool's own check passes and the launcher is what fails. */
const EXISTING = process.execPath;

/** A browser whose every page fails to open (a crashed renderer); emits 'disconnected' on demand. */
function brokenPagesBrowser(): Browser & { die(): void; contexts: number } {
  const events = new EventEmitter();
  const b = {
    contexts: 0,
    on: (e: string, f: () => void) => events.on(e, f),
    async newContext() {
      b.contexts++;
      throw new Error('Target page, context or browser has been closed');
    },
    async close() {},
    die: () => events.emit('disconnected'),
  };
  return b as unknown as Browser & { die(): void; contexts: number };
}

function launcherOf(results: Array<() => Promise<Browser>>) {
  const calls: unknown[] = [];
  const launcher: BrowserPoolOptions['launcher'] = {
    launch: (async (o: unknown) => {
      calls.push(o);
      const next = results[Math.min(calls.length, results.length) - 1]!;
      return next();
    }) as never,
  };
  return { launcher, calls };
}

const failLaunch = () => Promise.reject(new Error('Failed to launch: spawn ENOEXEC\n<launch log>'));

describe('browser pool', () => {
  it('a launch that fails gives the slot back: the third render on a pool of two does not wait forever', async () => {
    const { launcher, calls } = launcherOf([failLaunch]);
    const pool = createBrowserPool({ executablePath: EXISTING, size: 2, launcher, relaunchAfterMs: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => pool.render({ url: `http://h/${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    for (const r of results) {
      const err = (r as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(BrowserUnavailableError);
      expect(err).toMatchObject({ code: 'browser.unavailable', retryable: false, executablePath: EXISTING });
      // One line: the path, the launcher's first line, what to do.
      expect(err.message).toBe(
        `Chromium unavailable: ${EXISTING} did not start (Failed to launch: spawn ENOEXEC); install Debian's chromium or set XXGK_CHROMIUM_PATH`,
      );
    }
    // Not cached (relaunchAfterMs 0): each pair of renders holding the two slots shares one launch
    // attempt, and the next pair tries again: 5 renders, 3 launches.
    expect(calls.length).toBe(3);
    await pool.close();
  });

  it('a missing executable fails without calling the launcher, naming the path', async () => {
    const { launcher, calls } = launcherOf([failLaunch]);
    const pool = createBrowserPool({ executablePath: '/nonexistent/chromium', launcher });
    await expect(pool.render({ url: 'http://h/' })).rejects.toThrow(
      /^Chromium unavailable: not found at \/nonexistent\/chromium; install Debian's chromium or set XXGK_CHROMIUM_PATH$/,
    );
    expect(calls).toHaveLength(0);
  });

  it('remembers a failed launch for relaunchAfterMs only, then launches again', async () => {
    let t = 0;
    const browser = brokenPagesBrowser();
    const { launcher, calls } = launcherOf([failLaunch, async () => browser]);
    const pool = createBrowserPool({
      executablePath: EXISTING,
      size: 1,
      launcher,
      relaunchAfterMs: 30_000,
      now: () => t,
    });
    await expect(pool.render({ url: 'http://h/1' })).rejects.toBeInstanceOf(BrowserUnavailableError);
    t = 29_999;
    await expect(pool.render({ url: 'http://h/2' })).rejects.toBeInstanceOf(BrowserUnavailableError);
    expect(calls).toHaveLength(1);
    t = 30_000;
    // Launched now; its page fails, which is the page's error, not "unavailable".
    const err = await pool.render({ url: 'http://h/3' }).catch((e) => e);
    expect(err).not.toBeInstanceOf(BrowserUnavailableError);
    expect(err.message).toMatch(/has been closed/);
    expect(calls).toHaveLength(2);
    await pool.close();
  });

  it('a page that errors gives its slot back; a browser that died is relaunched', async () => {
    const first = brokenPagesBrowser();
    const second = brokenPagesBrowser();
    const { launcher, calls } = launcherOf([async () => first, async () => second]);
    const pool = createBrowserPool({ executablePath: EXISTING, size: 1, launcher });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => pool.render({ url: `http://h/${i}` })),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(first.contexts).toBe(4);
    expect(calls).toHaveLength(1);
    first.die();
    await pool.render({ url: 'http://h/after' }).catch(() => undefined);
    expect(calls).toHaveLength(2);
    expect(second.contexts).toBe(1);
    await pool.close();
  });

  it('close() after a failed launch does not throw', async () => {
    const { launcher } = launcherOf([failLaunch]);
    const pool = createBrowserPool({ executablePath: EXISTING, launcher });
    await pool.render({ url: 'http://h/' }).catch(() => undefined);
    await expect(pool.close()).resolves.toBeUndefined();
  });
});
