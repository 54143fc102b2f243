/**
 * Print HTML pages to PDF with headless Chromium (playwright-core driving the machine's
 * chromium, as the crawler's renderer does), the way people "save as PDF" a report page. The
 * page is written to a temporary directory and opened from file://, so its @font-face rules can
 * load the npm font from disk.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../crawlers/render/browser-pool.ts';

export const CHROMIUM_PATH = process.env.XXGK_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why PDFs cannot be printed here, or null when Chromium is installed. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (set XXGK_CHROMIUM_PATH): the Chromium-printed PDF corpus needs it`;
}

export interface Printer {
  /** The page printed to PDF bytes (A4 unless the page's @page says otherwise). */
  print(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export async function openPrinter(): Promise<Printer> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', ...CHROMIUM_ARGS],
  });
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-print-'));
  const page = await browser.newPage();
  let n = 0;
  return {
    async print(html) {
      const file = join(dir, `page-${n++}.html`);
      writeFileSync(file, html);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      // Web fonts load asynchronously: print only once they are in.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      rmSync(file, { force: true });
      return new Uint8Array(pdf);
    },
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
