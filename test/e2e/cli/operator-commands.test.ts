/**
 * Operator commands say what happened, and refuse bad input in one line naming the option:
 * `load` of a file that is no report, `reextract` with the extractor's own reason, `retry
 * --failed-fetches` leaving permanent failures alone unless asked, bad ids, cron patterns and zones.
 * The CLI runs as an operator starts it (`node bin/xxgk.mjs`) against a schema of its own on the
 * real PostgreSQL; one process start per test (each takes seconds on a busy machine), the rest
 * checked in process on the same database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  migrate,
  openDatabase,
  recordFetchFailure,
  upsertDocumentRef,
  upsertSource,
} from '../../../db/index.ts';
import { failedFetches } from '../../../pipeline/retry.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../../integration/db/pg-helpers.ts';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const schema = uniqueSchema('xxgk_ops_cli');
const dir = mkdtempSync(join(tmpdir(), 'xxgk-ops-cli-'));
const env = {
  ...process.env,
  DATABASE_URL: TEST_DATABASE_URL,
  XXGK_DB_SCHEMA: schema,
  REDIS_URL: '',
  XXGK_LOG_LEVEL: 'silent',
};
let db: Database;

function xxgk(args: string[], extra: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const FAILURES = [
  { url: 'http://alpha.test/gone.html', code: 'fetch.http_404', reason: 'HTTP 404' },
  { url: 'http://alpha.test/private.html', code: 'fetch.robots_disallowed', reason: 'robots.txt' },
  { url: 'http://alpha.test/loop.html', code: 'fetch.redirect_loop', reason: 'redirect loop' },
  { url: 'http://alpha.test/busy.html', code: 'fetch.http_5xx', reason: 'HTTP 503' },
  { url: 'http://beta.test/slow.html', code: 'fetch.timeout', reason: 'timed out' },
];

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '' }, { schema });
  await migrate(db);
  for (const name of ['alpha', 'beta']) await upsertSource(db, { name, baseUrl: `http://${name}.test/` });
  for (const f of FAILURES) {
    const sourceName = new URL(f.url).hostname.split('.')[0]!;
    await upsertDocumentRef(db, { sourceName, url: f.url, kind: 'detail' });
    await recordFetchFailure(db, { sourceName, url: f.url, code: f.code, reason: f.reason });
  }
}, 120_000);

afterAll(async () => {
  await db?.close();
  await dropSchema(schema);
  rmSync(dir, { recursive: true, force: true });
});

describe('retry --failed-fetches', () => {
  it('selects only what another try can change, unless asked; --code filters and asks', async () => {
    const urls = (r: { refs: Array<{ url: string }> }) => r.refs.map((x) => x.url).sort();
    const byDefault = await failedFetches(db);
    expect(urls(byDefault)).toEqual(['http://alpha.test/busy.html', 'http://beta.test/slow.html']);
    expect(byDefault.skipped).toEqual([
      { code: 'fetch.http_404', count: 1 },
      { code: 'fetch.redirect_loop', count: 1 },
      { code: 'fetch.robots_disallowed', count: 1 },
    ]);
    expect(urls(await failedFetches(db, { includePermanent: true }))).toHaveLength(5);
    // A named code is asked for, permanent or not; `http_5xx` is short for `fetch.http_5xx`.
    expect(urls(await failedFetches(db, { codes: ['fetch.http_404'] }))).toEqual([
      'http://alpha.test/gone.html',
    ]);
    expect(urls(await failedFetches(db, { codes: ['http_5xx,timeout'] }))).toEqual([
      'http://alpha.test/busy.html',
      'http://beta.test/slow.html',
    ]);
    expect(urls(await failedFetches(db, { sources: ['beta'] }))).toEqual(['http://beta.test/slow.html']);
    await expect(failedFetches(db, { codes: ['htp_404'] })).rejects.toThrow(
      '--code fetch.htp_404: no such fetch failure code (did you mean fetch.http_404?)',
    );
    await expect(failedFetches(db, { sources: ['gamma'] })).rejects.toThrow(
      '--source gamma: no such source in the dataset (known: alpha, beta)',
    );
  });

  it('the command says what it skipped and why', async () => {
    // Only permanent failures left: nothing is fetched, and the command says what it left alone.
    await db.query("DELETE FROM fetch_failures WHERE code IN ('fetch.http_5xx', 'fetch.timeout')");
    await db.query("UPDATE document_refs SET state = 'fetched' WHERE url IN ($1, $2)", [
      'http://alpha.test/busy.html',
      'http://beta.test/slow.html',
    ]);
    const r = xxgk(['retry', '--failed-fetches']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(
      'no failed fetches to retry: 3 skipped as permanent (fetch.http_404 ×1, fetch.redirect_loop ×1, ' +
        'fetch.robots_disallowed ×1): another try cannot change them; --include-permanent retries them too\n',
    );
  });
});

describe('load and reextract say what happened to each file', () => {
  it('load of a file that is no report says so, loads nothing and exits 1', () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, '关于召开年度工作会议的通知\n请各单位于周五前报送材料。\n');
    const r = xxgk(['load', notes]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('load: 0 loaded');
    expect(r.out).toMatch(
      new RegExp(
        `failed ${notes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: load\\.not_a_report: not an annual report`,
      ),
    );
  });

  it("reextract reports the extractor's own reason for each document, with its code", async () => {
    const r = xxgk(['reextract', '--failed', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out.selected).toBe(1);
    expect(out.outcomes).toEqual([
      expect.objectContaining({
        result: 'failed',
        code: 'table.missing',
        reason: expect.stringMatching(/^table\.missing: active table: template unknown/),
      }),
    ]);
  });
});

describe('bad values are one line naming the option, exit 2', () => {
  it('ids, failure codes, cron patterns and time zones', () => {
    // Several refusals in one process start: a shell runs them one after another.
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['reextract', '--report', '12abc'], {}, /^xxgk: option '--report <id>' argument '12abc' is invalid/],
      [['show', 'x1'], {}, /^xxgk: .*argument 'report'.*not a report id: x1/],
      [
        ['retry', '--failed-fetches', '--code', 'htp_404'],
        {},
        /^xxgk: retry\.code: --code fetch\.htp_404: no such fetch failure code \(did you mean fetch\.http_404\?\)$/,
      ],
      [
        ['schedule', '--cron', '0 0 25 * * *'],
        {},
        /^xxgk: schedule\.cron: --cron: "0 0 25 \* \* \*" is not a cron pattern/,
      ],
      [
        ['schedule'],
        { XXGK_SCHEDULE_CRON: 'nightly' },
        /^xxgk: schedule\.cron: env XXGK_SCHEDULE_CRON: "nightly"/,
      ],
      [
        ['schedule', '--tz', 'Asia/Shangai'],
        {},
        /^xxgk: config\.invalid: setting scheduleTz \(--tz\): "Asia\/Shangai" is not a time zone/,
      ],
    ];
    for (const [args, extra, expected] of cases) {
      const r = xxgk(args, extra);
      expect(r.code, args.join(' ')).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0], args.join(' ')).toMatch(expected);
    }
  });
});
