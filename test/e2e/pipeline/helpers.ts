/** Shared by the pipeline's e2e tests: a throwaway database, the CLI as a child process, truth checks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { portalSources } from '../../portal/sources.ts';
import type { PortalTruth } from '../../portal/truth.ts';

export const TEST_PG = process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS = process.env.XXGK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = join(import.meta.dirname, '../../..');

/** A database of its own (worker processes cannot be told a schema, so isolation is per database). */
export async function createTestDatabase(): Promise<{
  url: string;
  client: pg.Client;
  drop(): Promise<void>;
}> {
  const name = `xxgk_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(TEST_PG);
  u.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  return {
    url: u.toString(),
    client,
    async drop() {
      await client.end().catch(() => {});
      const a = new pg.Client({ connectionString: TEST_PG });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The portal's sources as a file the child processes read through XXGK_SOURCES_FILE. */
export function writeSourcesFile(url: string, truth: PortalTruth): { file: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-e2e-'));
  const file = join(dir, 'sources.json');
  writeFileSync(file, JSON.stringify({ sources: portalSources(url, truth) }));
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** XXGK_E2E_LOGS=<dir>: each child's stderr (at debug level) is also written to <dir>/<command>-<pid>.log. */
const LOG_DIR = process.env.XXGK_E2E_LOGS;

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin/xxgk.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, XXGK_LOG_LEVEL: LOG_DIR ? 'debug' : 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (LOG_DIR) {
    const out = createWriteStream(join(LOG_DIR, `${args[0]}-${child.pid}.log`));
    child.stderr!.on('data', (d) => out.write(d));
    child.once('exit', () => out.end());
  }
  return child;
}

/**
 * One bound for a pipeline e2e test: crawls through child processes on a shared 2-core machine take
 * minutes under load (103 s seen at load 15 for the distributed crawl), so generous, but bounded.
 */
export const E2E_TIMEOUT = 300_000;

export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return { code, stdout, stderr };
}

/**
 * Polls `check` until it holds. The bound is generous (a busy 2-core machine starts three tsx
 * processes slowly); `until`, when given, is the process the wait is about: if it ends first the
 * wait fails at once, saying so, instead of running out the clock.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 150_000, until }: { timeoutMs?: number; until?: Promise<unknown> } = {},
): Promise<void> {
  let ended = false;
  until?.then(
    () => (ended = true),
    () => (ended = true),
  );
  const t0 = Date.now();
  while (!(await check())) {
    if (ended) throw new Error(`the process ended before ${what}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface TruthDiff {
  expectedReports: number;
  missing: string[];
  wrongCells: Array<{ url: string; diffs: string[] }>;
  duplicates: string[];
  unexpectedFailures: string[];
  missingFailures: string[];
}

/** The database against the portal's truth: every stored report present once, every cell's value equal. */
export async function compareWithTruth(client: pg.Client, truth: PortalTruth): Promise<TruthDiff> {
  const reports = (
    await client.query<{ id: number; source_url: string }>(
      'SELECT id, source_url FROM reports WHERE is_current',
    )
  ).rows;
  const byUrl = new Map<string, number[]>();
  for (const r of reports) byUrl.set(r.source_url, [...(byUrl.get(r.source_url) ?? []), r.id]);
  const cells = (
    await client.query<{
      report_id: number;
      table_key: string;
      row_key: string;
      col_key: string;
      value: string | null;
    }>('SELECT report_id, table_key, row_key, col_key, value FROM cells')
  ).rows;
  const cellsOf = new Map<number, Map<string, number | null>>();
  for (const c of cells) {
    const m = cellsOf.get(c.report_id) ?? new Map();
    m.set(`${c.table_key}.${c.row_key}.${c.col_key}`, c.value === null ? null : Number(c.value));
    cellsOf.set(c.report_id, m);
  }
  const failures = new Map(
    (await client.query<{ url: string; code: string }>('SELECT url, code FROM fetch_failures')).rows.map(
      (r) => [r.url, r.code],
    ),
  );
  const diff: TruthDiff = {
    expectedReports: 0,
    missing: [],
    wrongCells: [],
    duplicates: [],
    unexpectedFailures: [],
    missingFailures: [],
  };
  for (const t of truth.reports) {
    if (t.expect !== 'stored') {
      if (failures.get(t.url) !== t.expect)
        diff.missingFailures.push(`${t.url}: want ${t.expect}, got ${failures.get(t.url)}`);
      continue;
    }
    diff.expectedReports++;
    const ids = byUrl.get(t.documentUrl) ?? [];
    if (ids.length === 0) {
      diff.missing.push(`${t.documentUrl} (${await whyMissing(client, t.documentUrl)})`);
      continue;
    }
    if (ids.length > 1) diff.duplicates.push(t.documentUrl);
    if (!t.cells) continue;
    const got = cellsOf.get(ids[0]!) ?? new Map();
    const diffs: string[] = [];
    for (const c of t.cells) {
      const k = `${c.table}.${c.row}.${c.col}`;
      if (!got.has(k)) diffs.push(`${k} missing`);
      else if (got.get(k) !== c.value) diffs.push(`${k}: want ${c.value}, got ${got.get(k)}`);
    }
    if (got.size !== t.cells.length) diffs.push(`${got.size} cells, want ${t.cells.length}`);
    if (diffs.length > 0) diff.wrongCells.push({ url: t.documentUrl, diffs: diffs.slice(0, 5) });
  }
  const expectedFailures = new Set(truth.reports.filter((t) => t.expect !== 'stored').map((t) => t.url));
  for (const url of failures.keys()) if (!expectedFailures.has(url)) diff.unexpectedFailures.push(url);
  return diff;
}

/** Row counts that a no-op crawl must leave unchanged. */
export async function snapshot(client: pg.Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    'documents',
    'reports',
    'cells',
    'findings',
    'extraction_runs',
    'document_refs',
    'pipeline_extractions',
  ]) {
    out[t] = Number((await client.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
  }
  return out;
}

async function whyMissing(client: pg.Client, url: string): Promise<string> {
  const ref = await client.query('SELECT state, kind FROM document_refs WHERE url = $1', [url]);
  const fail = await client.query(
    'SELECT f.code, f.message FROM extraction_failures f JOIN documents d ON d.id = f.document_id WHERE d.url = $1',
    [url],
  );
  const fetchFail = await client.query('SELECT code, reason FROM fetch_failures WHERE url = $1', [url]);
  return JSON.stringify({
    ref: ref.rows[0] ?? null,
    extract: fail.rows[0] ?? null,
    fetch: fetchFail.rows[0] ?? null,
  });
}
