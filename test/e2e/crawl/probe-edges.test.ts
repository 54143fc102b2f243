/**
 * What the probe does when it cannot fetch its URL (one line naming it), when it cannot decide (it says what it could not find and writes nothing), when
 * the first report's page is broken (it reads the next), and when a list exists only in the browser
 * (it says a browser is needed, and with one, declares `render: browser`).
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSource } from '../../../config/sources/load.ts';
import { formatProbe } from '../../../crawlers/probe/format.ts';
import { createBrowserPool } from '../../../crawlers/render/browser-pool.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import { CHROMIUM, discoveredUrls, probeLocal } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

const REPORTS = [2023, 2022, 2021, 2020, 2019, 2018].map((y) => ({
  title: `区财政局${y}年政府信息公开工作年度报告`,
  date: `${y + 1}-01-20`,
  href: `/art/${y}.html`,
}));
const li = (items: Array<{ title: string; date: string; href: string }>) =>
  items
    .map((i) => `<li><a href="${i.href}" title="${i.title}">${i.title}</a><span>${i.date}</span></li>`)
    .join('\n');
const page = (body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;
const detail = (title: string) =>
  page(
    `<div class="content"><p>${title}</p><p>一、总体情况</p><p>本年度共收到政府信息公开申请10件。</p></div>`,
  );

const PAGES: Record<string, string> = {
  '/pager-js/index.html': page(
    `<ul class="list">${li(REPORTS)}</ul><div class="page"><a href="javascript:goPage(2)">下一页</a></div>`,
  ),
  '/news/index.html': page(
    `<ul class="list">${li(
      ['区政府召开常务会议', '我区开展安全生产检查', '区领导调研重点项目', '区召开经济运行分析会'].map(
        (t, i) => ({
          title: `${t}（第${i + 1}期）`,
          date: `2024-03-0${i + 1}`,
          href: `/news/${i}.html`,
        }),
      ),
    )}</ul>`,
  ),
  '/empty/index.html': page('<p>建设中</p>'),
  '/two/index.html': page(
    `<div id="list"></div><script>var a = '/api/list?col=1&page=1'; var b = '/api/other?col=2&page=1';</script>`,
  ),
  '/broken-first/index.html': page(
    `<ul class="list">${li([{ ...REPORTS[0]!, href: '/gone.html' }, ...REPORTS.slice(1)])}</ul>`,
  ),
  ...Object.fromEntries(REPORTS.map((r) => [r.href, detail(r.title)])),
};
const JSON_PAGES: Record<string, unknown> = {
  '/api/list': {
    total: 30,
    rows: REPORTS.map((r) => ({ title: r.title, url: r.href, date: r.date })),
  },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('User-agent: *\nDisallow: /private/\n');
    }
    if (path === '/down/index.html') {
      res.writeHead(500, { 'content-type': 'text/html' });
      return res.end('<h1>Internal Server Error</h1>');
    }
    if (path === '/file/report.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      return res.end(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
    }
    if (path in JSON_PAGES) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(JSON_PAGES[path]));
    }
    const body = PAGES[path];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const probeUrl = (url: string, browser = false) => probeLocal(url, { browser });

describe('when the probe cannot decide, it says what it could not find and declares nothing', () => {
  it.each([
    ['/pager-js/index.html', /has a pager \(下一页 → javascript:goPage\(2\)\) but no page URL pattern/],
    ['/news/index.html', /a list of 4 item\(s\), none an annual report .*no 年度报告 column link/],
    [
      '/empty/index.html',
      /no list of dated links; no 年度报告 column link; no list endpoint in its scripts; a browser was not available/,
    ],
    ['/two/index.html', /several list endpoints in its scripts .*\/api\/list.*\/api\/other/],
    ['/api/list?x=1', /the answer has 5 pages but the URL has no page parameter/],
  ])('%s', async (path, why) => {
    const report = await probeUrl(`${base}${path}`);
    expect(report.declaration).toBeNull();
    expect(report.problems.join('\n')).toMatch(why);
    expect(formatProbe(report)).toContain('could not decide:');
  });
});

describe('a probe that cannot fetch or read its URL says so in one line naming the URL', () => {
  it.each([
    ['/missing/index.html', /: fetch\.http_404/],
    ['/private/index.html', /: fetch\.robots/],
    ['/down/index.html', /: fetch\.http_5xx: HTTP 500$/],
    ['/file/report.pdf', /report\.pdf: a \.pdf document, not a list page/],
  ])(
    '%s',
    async (path, why) => {
      const url = `${base}${path}`;
      const report = await probeUrl(url);
      expect(report.declaration).toBeNull();
      expect(report.problems).toHaveLength(1);
      const [line] = report.problems as [string];
      expect(line).toMatch(why);
      expect(line).not.toContain('\n');
      expect(line.split(url).length - 1, line).toBe(1);
    },
    60_000,
  );

  // Two CLI starts (node + tsx): on a loaded machine each can take most of a minute.
  it('a refused connection, and the command line: a usage error for a non-URL, exit 1 with the reason for a dead host', async () => {
    const refused = 'http://127.0.0.1:9/col/col1/index.html';
    const report = await probeUrl(refused);
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^cannot fetch http:\/\/127\.0\.0\.1:9\/col\/col1\/index\.html: fetch\.network: .*ECONNREFUSED/,
      ),
    ]);
    const cli = (args: string[]) =>
      run(process.execPath, [join(ROOT, 'bin/xxgk.mjs'), 'sources', 'probe', ...args, '--no-browser'], {
        cwd: ROOT,
        env: { ...process.env, XXGK_LOG_LEVEL: 'warn' },
      }).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const usage = await cli(['col/col1/index.html']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toBe('xxgk: cli.usage: not a URL: "col/col1/index.html"');
    const dead = await cli([refused]);
    expect(dead.code).toBe(1);
    expect(dead.stdout).toContain('could not decide:');
    // Without --allow-private, a loopback address is refused, and the line says how to allow it.
    expect(dead.stdout).toMatch(
      /- cannot fetch http:\/\/127\.0\.0\.1:9\/col\/col1\/index\.html: fetch\.private_address: .*\(a local test portal: --allow-private\)\n/,
    );
  }, 180_000);
});

it("reads the next report when the first one's page is broken, and says so", async () => {
  const report = await probeUrl(`${base}/broken-first/index.html`);
  expect(report.declaration, formatProbe(report)).not.toBeNull();
  expect(report.detailErrors).toEqual([expect.stringMatching(/\/gone\.html: fetch\.http_404/)]);
  expect(report.details[0]?.url).toBe(`${base}/art/2022.html`);
  expect(report.details[0]?.content?.selector).toContain('.content');
});

describe("a list built by a script (the portal's TRS list)", () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await startPortal({ seed: 3, agencies: 2, faults: false, seeds: false });
  });
  afterAll(() => portal.close());
  const trsList = () => portal.truth.lists.find((l) => l.kind === 'trs')!.url;

  it('without a browser: says one is needed and declares nothing', async () => {
    const report = await probeUrl(trsList());
    expect(report.declaration).toBeNull();
    expect(report.problems.join('\n')).toMatch(/a browser was not available to render it/);
  });

  it('with one: declares browser rendering, and the declaration finds every report of the list', async () => {
    const report = await probeUrl(trsList(), true);
    expect(report.render, formatProbe(report)).toBe('browser');
    expect(report.declaration).toMatchObject({ preset: 'trs', list: { render: 'browser' } });
    const browser = createBrowserPool({ executablePath: CHROMIUM, size: 1 });
    try {
      const expected = portal.truth.reports.filter((r) => r.listUrl === trsList()).map((r) => r.url);
      expect(await discoveredUrls(defineSource(report.declaration!), { browser })).toEqual(expected.sort());
    } finally {
      await browser.close();
    }
  });
});
