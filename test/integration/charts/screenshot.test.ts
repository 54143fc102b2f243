/**
 * The chart page as a reader sees it, in headless Chromium: charts written from a real dataset
 * (seeds + generated reports on PostgreSQL) must each draw every mark they claim, the marks must
 * paint pixels, nothing may throw or reach outside the page. The checker itself is shown to catch
 * an emptied chart, invisible marks, a broken SVG file, a script error and an external resource.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WrittenCharts, writeCharts } from '../../../db/charts/index.ts';
import { loadReport, migrate } from '../../../db/index.ts';
import { EXTRACTOR_VERSION } from '../../../extractors/index.ts';
import { makePgDb } from '../db/pg-helpers.ts';
import { generatedReports, seedReports } from './dataset.ts';
import {
  checkChartsPage,
  launchChromium,
  type PageCheck,
  pageProblems,
  readPage,
  withFigure,
} from './page-check.ts';

describe('chart pages in headless Chromium', () => {
  let browser: Browser;
  let out: string;
  let written: WrittenCharts;
  let check: PageCheck;
  const svgFiles = () => written.files.filter((f) => f.endsWith('.svg'));
  const expected = () => written.charts.map((c) => ({ name: c.name, marks: c.marks }));

  beforeAll(async () => {
    const { db, cleanup } = await makePgDb();
    try {
      await migrate(db);
      for (const r of [...seedReports(), ...generatedReports()]) {
        await loadReport(db, r.record, {
          sourceUrl: `file:///charts/${r.file}`,
          extractorVersion: EXTRACTOR_VERSION,
        });
      }
      out = mkdtempSync(join(tmpdir(), 'xxgk-chart-shot-'));
      written = await writeCharts(db, out, { agency: '赣州市财政局', now: new Date('2026-01-01T00:00:00Z') });
    } finally {
      await cleanup();
    }
    browser = await launchChromium();
    check = await checkChartsPage(browser, out, svgFiles());
  });

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('every chart draws its marks, and they paint pixels; no error, no request leaves the page', () => {
    expect(written.charts.filter((c) => c.marks > 0).length).toBe(written.charts.length);
    expect(pageProblems(check, expected())).toEqual([]);
    for (const f of check.figures) expect(f.markPixels, f.name).toBeGreaterThan(f.marks);
  });

  describe('the checker fails on broken pages', () => {
    /** A copy of the written charts with index.html (and optionally one file) changed. */
    async function problemsOf(edit: (html: string) => string, file?: { name: string; text: string }) {
      const dir = mkdtempSync(join(tmpdir(), 'xxgk-chart-broken-'));
      try {
        for (const f of readdirSync(out)) copyFileSync(join(out, f), join(dir, f));
        writeFileSync(join(dir, 'index.html'), edit(readPage(out)));
        if (file) writeFileSync(join(dir, file.name), file.text);
        const files = svgFiles().map((f) => join(dir, f.slice(out.length + 1)));
        return pageProblems(await checkChartsPage(browser, dir, files), expected());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it('a chart whose marks were lost', async () => {
      const p = await problemsOf((h) =>
        withFigure(h, 'applications', (svg) =>
          svg.replace(/<path[^>]*ecmeta_ssr_type="chart"[^>]*><title>[^<]*<\/title><\/path>/g, ''),
        ),
      );
      expect(p.join('\n')).toMatch(/^applications: 0 marks on the page, \d+ drawn$/m);
    });

    it('marks that paint nothing (transparent)', async () => {
      const p = await problemsOf((h) =>
        withFigure(h, 'appeals', (svg) =>
          svg
            .replace(/(ecmeta_ssr_type="chart")/g, '$1 fill-opacity="0" stroke="none"')
            .replace(/ fill="[^"]*"([^>]*fill-opacity)/g, '$1'),
        ),
      );
      expect(p.join('\n')).toMatch(/^appeals: the marks paint \d+ pixels/m);
    });

    it('an SVG file that does not parse, a script error, an external resource', async () => {
      const p = await problemsOf(
        (h) =>
          h.replace(
            '</body>',
            '<img src="http://127.0.0.1:9/x.png"><script>throw new Error("chart script failed")</script></body>',
          ),
        {
          name: 'status.svg',
          text: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
        },
      );
      const text = p.join('\n');
      expect(text).toMatch(/status\.svg: not a well-formed SVG/);
      expect(text).toMatch(/page error: chart script failed/);
      expect(text).toMatch(/external request: http:\/\/127\.0\.0\.1:9\/x\.png/);
    });
  });
});
