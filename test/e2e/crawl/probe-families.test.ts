/**
 * The done-criterion of "any portal in one command": on an imitation of each CMS family (several
 * variants each: column ids, page sizes, markup, paging, downloads, encodings, with faults on),
 * `xxgk sources probe LIST_URL --write FILE` writes a declaration that, unedited, crawls every report
 * of the site exactly once and keeps no non-report; probing from the home page (or a shell page)
 * finds the same list. The command itself runs for the home pages and the written-file checks; the
 * variants run the same probe in this process (starting Node and tsx 18 more times only costs time).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSources } from '../../../config/sources/load.ts';
import type { Source } from '../../../config/sources/schema.ts';
import { appendToSourcesFile } from '../../../config/sources/write.ts';
import { attachmentType } from '../../../crawlers/attachments.ts';
import { crawlSource } from '../../../crawlers/crawl.ts';
import { formatProbe } from '../../../crawlers/probe/format.ts';
import { FAMILIES, FAMILY_NAMES, type FamilyName } from '../../portal/families/index.ts';
import { type FamilyTruth, startFamilyPortal } from '../../portal/families/server.ts';
import { discoveredUrls, noWait, probeLocal, type Stored, testStack } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'xxgk-probe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let files = 0;
const nextFile = () => join(tmp, `sources-${++files}.json`);
const probeArgs = (url: string, file: string) => [
  join(ROOT, 'bin/xxgk.mjs'),
  ...['sources', 'probe', url, '--write', file, '--allow-private', '--interval', '0', '--no-browser'],
];

/** `xxgk sources probe URL --write FILE` as a user runs it; returns the file's sources. */
async function probeCli(url: string): Promise<{ sources: Source[]; stdout: string; file: string }> {
  const file = nextFile();
  const { stdout } = await run(process.execPath, probeArgs(url, file), {
    cwd: ROOT,
    env: { ...process.env, XXGK_LOG_LEVEL: 'warn' },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`probe of ${url} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  });
  return { sources: loadSources(file), stdout, file };
}

/**
 * The same in this process (what the command runs, minus starting Node): the report is written with
 * the command's writer and read back from the file, so the crawl uses the declaration as written.
 */
async function probeHere(url: string): Promise<{ sources: Source[]; stdout: string; file: string }> {
  const report = await probeLocal(url);
  const stdout = formatProbe(report);
  if (!report.declaration) throw new Error(`probe of ${url} wrote nothing:\n${stdout}`);
  const file = nextFile();
  appendToSourcesFile(file, report.declaration);
  return { sources: loadSources(file), stdout, file };
}

/**
 * The crawl's own politeness interval (the declaration's 1 s) is what a real site gets; the local
 * portal is crawled without waiting between requests so the suite stays quick. Nothing else differs.
 */
async function crawl(source: Source) {
  // A generous per-request timeout: a report page is generated on request, and on a loaded machine
  // that can take seconds; the faults under test (a 400 ms slow page, 503 bursts) are far below it.
  const stack = testStack([source], { limiter: noWait(), timeoutMs: 60_000 });
  const store = new Map<string, Stored>();
  try {
    const result = await crawlSource(source, {
      fetcher: stack.fetcher,
      store: async (doc, ref) => void store.set(ref.url, { doc, ref }),
      concurrency: 4,
    });
    return { result, store };
  } finally {
    await stack.close();
  }
}

const MAGIC = { docx: [0x50, 0x4b], doc: [0xd0, 0xcf] } as const;

async function probeAndCrawl(family: FamilyName, variant: number, seed: number): Promise<FamilyTruth> {
  const portal = await startFamilyPortal({ family, variant, seed, faults: true });
  const { truth } = portal;
  try {
    const { sources, stdout } = await probeHere(truth.listUrl);
    expect(sources, stdout).toHaveLength(1);
    const [source] = sources;
    expect(source!.preset, stdout).toBe(truth.preset);
    const { result, store } = await crawl(source!);
    const where = `${family} v${variant} seed ${seed}\n${stdout}`;

    // Every report exactly once, nothing else.
    const details = result.refs.filter((r) => r.kind === 'detail').map((r) => r.url);
    expect(details.sort(), where).toEqual(truth.reports.map((r) => r.url).sort());
    expect(new Set(details).size).toBe(details.length);
    const requested = new Set(portal.requests.map((q) => new URL(q.path, portal.url).toString()));
    for (const n of truth.nonReports)
      expect(requested.has(n.url), `${where}\nrequested ${n.title}`).toBe(false);

    // Every reachable report's document stored: the page, or its attachment with its true type.
    for (const r of truth.reports.filter((x) => x.expect === 'stored')) {
      const stored = store.get(r.documentUrl);
      expect(
        stored,
        `${where}\n${r.kind} ${r.documentUrl}\nfailures: ${result.failures.map((f) => `${f.url} ${f.message}`).join('; ')}`,
      ).toBeDefined();
      if (r.kind === 'page') continue;
      expect([...stored!.doc.bytes.subarray(0, 2)]).toEqual([...MAGIC[r.kind]]);
      expect(attachmentType(stored!.doc)?.ext, r.documentUrl).toBe(r.kind);
      // A report the list links as a file is fetched as the list's item; others from their page.
      expect(stored!.ref).toMatchObject(
        r.documentUrl === r.url ? { kind: 'detail' } : { kind: 'attachment', parentUrl: r.url },
      );
    }
    // Only the site's footer download is never taken for an attachment.
    expect([...store.keys()].filter((u) => u.includes('/help/'))).toEqual([]);
    // The broken link is the only failure, with its reason.
    expect(result.failures.map((f) => [f.url, f.code]).sort(), where).toEqual(
      truth.reports
        .filter((r) => r.expect !== 'stored')
        .map((r) => [r.url, r.expect])
        .sort(),
    );
    // The faults were met (503 bursts answered), and robots.txt was read.
    expect(portal.requests.some((q) => q.status === 503)).toBe(true);
    expect(portal.requests.some((q) => q.path === '/robots.txt')).toBe(true);
    return truth;
  } finally {
    await portal.close();
  }
}

describe.concurrent.each(FAMILY_NAMES)(
  '%s: probe the list URL, crawl with the declaration as written',
  (family) => {
    const variants = Array.from({ length: FAMILIES[family].variants }, (_, v) => v);
    it.each(variants)(
      'variant %i',
      async (variant) => {
        const truth = await probeAndCrawl(family, variant, 11 + variant);
        expect(truth.reports.length).toBeGreaterThan(5);
        expect(truth.nonReports.length).toBeGreaterThan(2);
      },
      120_000,
    );

    it('from the home page (and any shell page), the probe finds the same list', async () => {
      const portal = await startFamilyPortal({ family, variant: 1, seed: 5, faults: true });
      try {
        const { sources, stdout } = await probeCli(portal.truth.homeUrl);
        expect(stdout).toMatch(/is not the list: followed its link/);
        expect(await discoveredUrls(sources[0]!), stdout).toEqual(
          portal.truth.reports.map((r) => r.url).sort(),
        );
      } finally {
        await portal.close();
      }
    }, 120_000);
  },
);

describe('sites whose size meets a quirk of their family', () => {
  it('大汉 jpage: a list no longer than one datastore group (page 1 holds every record, page 2 nothing new)', async () => {
    const truth = await probeAndCrawl('hanweb', 3, 60);
    expect(truth.pageCount).toBeLessThanOrEqual(3);
  }, 120_000);
});

describe('the written file', () => {
  it('holds a short declaration: the preset and what differs from it', async () => {
    const portal = await startFamilyPortal({ family: 'hanweb', variant: 0, seed: 3 });
    try {
      const { file } = await probeCli(portal.truth.listUrl);
      const written = JSON.parse(readFileSync(file, 'utf8')) as {
        $schema: string;
        sources: Array<Record<string, unknown>>;
      };
      expect(written.$schema).toMatch(/config\/sources\/sources\.schema\.json$/);
      const [entry] = written.sources;
      expect(Object.keys(entry!).sort()).toEqual([
        'allowPrivate',
        'baseUrl',
        'id',
        'lists',
        'name',
        'preset',
      ]);
      expect(entry!.lists).toEqual([
        { path: expect.stringMatching(/^\/col\/col\d+\/index\.html\?uid=\d+$/) },
      ]);
      // A second probe of the same list refuses to write the same id twice.
      await expect(
        run(process.execPath, probeArgs(portal.truth.listUrl, file), { cwd: ROOT }),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('already declares a source') });
    } finally {
      await portal.close();
    }
  }, 120_000);
});
