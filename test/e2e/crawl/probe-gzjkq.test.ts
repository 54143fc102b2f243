/**
 * The done-criterion on the gzjkq portal (the local portal, faults on): `xxgk sources probe` on one
 * agency's 年度报告 list sees the directory (部门信息公开目录) that links every agency's column and
 * declares it; the declaration, as written, crawls every report of those columns exactly once (the
 * JS challenge solved in the browser, the unfetchable ones failing with their reason) and no
 * non-report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../../config/sources/load.ts';
import type { Source } from '../../../config/sources/schema.ts';
import { appendToSourcesFile } from '../../../config/sources/write.ts';
import type { CrawlResult } from '../../../crawlers/crawl.ts';
import { crawlSource } from '../../../crawlers/crawl.ts';
import { formatProbe } from '../../../crawlers/probe/format.ts';
import type { ProbeReport } from '../../../crawlers/probe/index.ts';
import { createBrowserPool } from '../../../crawlers/render/browser-pool.ts';
import type { BrowserPool } from '../../../crawlers/types.ts';
import { type Portal, startPortal } from '../../portal/server.ts';
import type { PortalTruth } from '../../portal/truth.ts';
import { CHROMIUM, noWait, probeLocal, type Stored, testStack } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xxgk-probe-gzjkq-'));
let portal: Portal;
let truth: PortalTruth;
let report: ProbeReport;
let source: Source;
let result: CrawlResult;
let browser: BrowserPool;
const store = new Map<string, Stored>();

beforeAll(async () => {
  portal = await startPortal({ seed: 7, agencies: 8, faults: true });
  truth = portal.truth;
  const listUrl = truth.lists.find((l) => l.kind === 'static' && !l.gbk)!.url;
  report = await probeLocal(listUrl);
  if (!report.declaration) throw new Error(formatProbe(report));
  const file = join(tmp, 'sources.json');
  appendToSourcesFile(file, report.declaration);
  [source] = loadSources(file) as [Source];
  browser = createBrowserPool({ executablePath: CHROMIUM, size: 1 });
  const stack = testStack([source], { browser, limiter: noWait() });
  try {
    result = await crawlSource(source, {
      fetcher: stack.fetcher,
      store: async (doc, ref) => void store.set(ref.url, { doc, ref }),
      concurrency: 4,
    });
  } finally {
    await stack.close();
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The lists the portal's directory links: its static ones (not the TRS and JSON lists, which no directory names). */
const directoryLists = () => new Set(truth.lists.filter((l) => l.kind === 'static').map((l) => l.url));

describe('probe of one gzjkq list', () => {
  it('recognises the family and declares the directory that links every agency column', () => {
    expect(report.family?.preset, formatProbe(report)).toBe('gzjkq');
    expect(report.declaration).toMatchObject({
      preset: 'gzjkq',
      directory: { paths: ['/jkqxxgk/bmxxgkml/index.shtml'], linkText: '^年度报告$' },
    });
    expect(report.directory?.lists).toBe(directoryLists().size);
    expect(report.paging?.paging).toEqual({ style: 'numbered', template: 'list_{n}.shtml', start: 1 });
  });

  it('crawls every report of the directory exactly once with the declaration as written, no non-report', () => {
    const lists = directoryLists();
    const expected = truth.reports.filter((r) => lists.has(r.listUrl)).map((r) => r.url);
    const details = result.refs.filter((r) => r.kind === 'detail').map((r) => r.url);
    expect(details.sort()).toEqual([...new Set(expected)].sort());
    expect(new Set(details).size).toBe(details.length);
    const requested = new Set(portal.requests.map((q) => new URL(q.path, portal.url).toString()));
    for (const n of truth.nonReports) expect(requested.has(n.url), n.title).toBe(false);
  });

  it('stores every reachable report, attachments included, and fails only the unfetchable ones', () => {
    const lists = directoryLists();
    const reports = truth.reports.filter((r) => lists.has(r.listUrl));
    const missing = reports.filter((r) => r.expect === 'stored' && !store.has(r.documentUrl));
    expect(missing.map((r) => `${r.kind} ${r.fault} ${r.documentUrl}`)).toEqual([]);
    expect(reports.some((r) => r.kind !== 'page')).toBe(true);
    expect(result.failures.map((f) => [f.url, f.code]).sort()).toEqual(
      reports
        .filter((r) => r.expect !== 'stored')
        .map((r) => [r.url, r.expect])
        .sort(),
    );
    // The 412-challenged agency was reached through the browser.
    expect(portal.requests.some((q) => q.status === 412)).toBe(true);
    expect(reports.filter((r) => r.fault === 'challenge').every((r) => store.has(r.documentUrl))).toBe(true);
  });
});
