/**
 * Looks at a chart page as a reader does: headless Chromium opens `index.html` (and every `.svg`
 * file) from disk, and for each figure we count the data marks in the DOM, take a screenshot, take
 * another with the marks hidden, and count the pixels the marks changed. A chart that is empty
 * (no marks, or marks that paint nothing: zero size, transparent, white on white), broken (an SVG
 * the browser can't parse, a page that throws) or not self-contained (a request leaving file://)
 * shows up in `pageProblems`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../crawlers/render/browser-pool.ts';

export const CHROMIUM = process.env.XXGK_CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', ...CHROMIUM_ARGS],
  });
}

export interface FigureCheck {
  name: string;
  /** Data marks in the DOM with a tooltip. */
  marks: number;
  /** Of those, marks with a non-empty box on screen. */
  sized: number;
  /** Pixels that change when the marks are hidden: what the marks paint. */
  markPixels: number;
  /** Share of the figure's pixels that are not white (text, axes, marks). */
  ink: number;
  /** The "no data" panel is shown. */
  noData: boolean;
}

export interface PageCheck {
  figures: FigureCheck[];
  /** Console errors, uncaught exceptions, SVG files that don't parse. */
  errors: string[];
  /** Requests to anything but the page's own files. */
  external: string[];
  /** Standalone `.svg` files: marks counted the same way. */
  files: Record<string, number>;
}

const MARK = '[ecmeta_ssr_type="chart"]:has(> title)';

/** Pixel statistics of one or two PNG screenshots, decoded by the browser's own canvas. */
async function pixelStats(
  page: Page,
  shot: Buffer,
  without: Buffer,
): Promise<{ ink: number; changed: number }> {
  return page.evaluate(
    async ([a, b]) => {
      const decode = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, c.width, c.height);
      };
      const [x, y] = await Promise.all([decode(a), decode(b)]);
      let ink = 0;
      let changed = 0;
      const n = x.width * x.height;
      const same = x.width === y.width && x.height === y.height;
      for (let i = 0; i < n * 4; i += 4) {
        const [r, g, bl] = [x.data[i]!, x.data[i + 1]!, x.data[i + 2]!];
        if (r < 245 || g < 245 || bl < 245) ink++;
        if (
          !same ||
          Math.abs(r - y.data[i]!) + Math.abs(g - y.data[i + 1]!) + Math.abs(bl - y.data[i + 2]!) > 24
        ) {
          changed++;
        }
      }
      return { ink: ink / Math.max(1, n), changed };
    },
    [shot.toString('base64'), without.toString('base64')] as const,
  );
}

export async function checkChartsPage(browser: Browser, dir: string, svgFiles: string[]): Promise<PageCheck> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  const external: string[] = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      external.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    const figures: FigureCheck[] = [];
    for (const fig of await page.locator('figure').all()) {
      const name = (await fig.getAttribute('id')) ?? '?';
      const svg = fig.locator('svg').first();
      const counts = await svg.evaluate((el, sel) => {
        const marks = Array.from(el.querySelectorAll(sel));
        return {
          marks: marks.length,
          sized: marks.filter((m) => {
            const r = m.getBoundingClientRect();
            return r.width > 0 && r.height > 0;
          }).length,
          noData: (el.textContent ?? '').includes('暂无数据'),
        };
      }, MARK);
      const shot = await fig.screenshot({ animations: 'disabled' });
      await fig.evaluate((el, sel) => {
        el.querySelectorAll<SVGElement>(sel).forEach((m) => {
          m.style.visibility = 'hidden';
        });
      }, MARK);
      const without = await fig.screenshot({ animations: 'disabled' });
      await fig.evaluate((el, sel) => {
        el.querySelectorAll<SVGElement>(sel).forEach((m) => {
          m.style.visibility = '';
        });
      }, MARK);
      const px = await pixelStats(page, shot, without);
      figures.push({ name, ...counts, markPixels: px.changed, ink: px.ink });
    }
    const files: Record<string, number> = {};
    for (const file of svgFiles) {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const root = await page.evaluate(() => ({
        tag: document.documentElement.localName,
        parseError: document.getElementsByTagName('parsererror').length > 0,
      }));
      if (root.tag !== 'svg' || root.parseError) {
        errors.push(`${file}: not a well-formed SVG (${root.parseError ? 'parser error' : `<${root.tag}>`})`);
      }
      files[file] = await page.locator(MARK).count();
    }
    return { figures, errors, external, files };
  } finally {
    await context.close();
  }
}

/** What a reader would call broken, given the charts that were written and their mark counts. */
export function pageProblems(check: PageCheck, expected: Array<{ name: string; marks: number }>): string[] {
  const out = [...check.errors, ...check.external.map((u) => `external request: ${u}`)];
  const names = check.figures.map((f) => f.name);
  if (names.join() !== expected.map((e) => e.name).join()) {
    out.push(`figures ${names.join(', ')} ≠ charts ${expected.map((e) => e.name).join(', ')}`);
  }
  for (const e of expected) {
    const f = check.figures.find((x) => x.name === e.name);
    if (!f) continue;
    if (f.marks !== e.marks) out.push(`${e.name}: ${f.marks} marks on the page, ${e.marks} drawn`);
    if (f.ink < 0.01) out.push(`${e.name}: blank (${(f.ink * 100).toFixed(2)}% ink)`);
    if (e.marks === 0) {
      if (!f.noData) out.push(`${e.name}: no marks and no "no data" panel`);
      continue;
    }
    if (f.sized === 0) out.push(`${e.name}: every mark has an empty box`);
    // A mark of a nonzero value paints at least a few pixels; all of them together at least one per mark.
    if (f.markPixels < Math.min(e.marks, 50)) {
      out.push(`${e.name}: the marks paint ${f.markPixels} pixels (${e.marks} marks)`);
    }
  }
  for (const [file, marks] of Object.entries(check.files)) {
    const name = file.replace(/^.*\/|\.svg$/g, '');
    const e = expected.find((x) => x.name === name);
    if (e && e.marks !== marks) out.push(`${file}: ${marks} marks, ${e.marks} drawn`);
  }
  return out;
}

/** The page with one figure's SVG replaced (self-tests of the checker). */
export function withFigure(html: string, name: string, edit: (svg: string) => string): string {
  const re = new RegExp(`(<figure id="${name}">\\n)(<svg[\\s\\S]*?</svg>)`);
  if (!re.test(html)) throw new Error(`no figure ${name}`);
  return html.replace(re, (_, head: string, svg: string) => head + edit(svg));
}

export const readPage = (dir: string) => readFileSync(join(dir, 'index.html'), 'utf8');
