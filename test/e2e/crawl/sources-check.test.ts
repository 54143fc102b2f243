/**
 * `xxgk sources check [ID]` as an operator runs it: the file validated strictly (exit 2 with the file,
 * the key and the nearest valid key), then a dry run of each list's first page — items kept and
 * skipped and why, the next page — exit 1 when a list shows nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FamilyPortal, startFamilyPortal } from '../../portal/families/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const execFileP = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'xxgk-check-'));
let portal: FamilyPortal;

beforeAll(async () => {
  portal = await startFamilyPortal({ family: 'trs', variant: 0, seed: 21, faults: false });
});
afterAll(async () => {
  await portal?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(process.execPath, [join(ROOT, 'bin/xxgk.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, XXGK_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const file = (name: string, sources: unknown[]) => {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify({ sources }));
  return p;
};

const declared = () => ({
  id: 'trs-site',
  preset: 'trs',
  baseUrl: portal.url,
  allowPrivate: true,
  rateLimit: { minIntervalMs: 0 },
  lists: [{ path: new URL(portal.truth.listUrl).pathname }],
  list: { itemSelector: 'div.main > ul.xxgk_list > li', dateSelector: 'span.date' },
});

describe('xxgk sources check', () => {
  it('dry-runs the first page: kept and skipped items with the reason, the page count, the next page', async () => {
    const r = await cli('sources', 'check', 'trs-site', '--file', file('ok.json', [declared()]));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 source(s), all valid');
    expect(r.stdout).toMatch(
      /page 1 \(.*index\.html\): \d+ items, \d+ kept, \d+ skipped; \d+ page\(s\) stated/,
    );
    const firstPage = portal.truth.reports.filter((x) => r.stdout.includes(x.url));
    expect(firstPage.length).toBeGreaterThan(0);
    for (const report of firstPage) expect(r.stdout).toMatch(new RegExp(`keep .*${report.title}`));
    const skipped = portal.truth.nonReports.filter((x) => r.stdout.includes(x.url));
    for (const n of skipped)
      expect(r.stdout).toMatch(
        new RegExp(`skip .*${n.title}.*\\((excluded: "[^"]+"|not an annual-report title)`),
      );
    if (portal.truth.pageCount > 1) expect(r.stdout).toContain(`next page: ${portal.url}/`);
  });

  it('fails (exit 1) when a list shows no items with the declared selectors, saying so', async () => {
    const broken = { ...declared(), list: { itemSelector: 'ul.nothing-here li' } };
    const r = await cli('sources', 'check', '--file', file('broken.json', [broken]));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no items: the selectors find nothing on this page');
  });

  it('rejects a mistyped key before fetching anything (exit 2), naming the file, the key and the nearest valid key', async () => {
    const before = portal.requests.length;
    const bad = file('typo.json', [{ ...declared(), listt: { itemSelector: 'li' } }]);
    const r = await cli('sources', 'check', '--file', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${bad}: sources[0] "trs-site": unknown key "listt" (did you mean "lists" or "list"?)`,
    );
    expect(portal.requests.length).toBe(before);
  });

  it('names an unknown source id', async () => {
    const r = await cli('sources', 'check', 'nope', '--file', file('ok2.json', [declared()]), '--offline');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no source "nope" \(declared: trs-site\)/);
  });
});
