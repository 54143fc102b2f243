/**
 * The db commands end to end, as a researcher runs them: `node bin/xxgk.mjs …` against a fresh
 * schema of the real PostgreSQL (and `db serve` against an embedded database in a temp dir).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from './pg-helpers.ts';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
const schema = uniqueSchema('xxgk_cli');
const env = {
  ...process.env,
  DATABASE_URL: TEST_DATABASE_URL,
  XXGK_DB_SCHEMA: schema,
  XXGK_LOG_LEVEL: 'silent',
};

function xxgk(args: string[], extraEnv: Record<string, string | undefined> = env) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: extraEnv,
    encoding: 'utf8',
    timeout: 170_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => dropSchema(schema));

describe('xxgk db/load/sql/export on PostgreSQL', () => {
  it('db migrate is re-runnable', () => {
    expect(xxgk(['db', 'migrate']).out).toMatch(/^db: [1-9]\d* migration\(s\) applied/);
    expect(xxgk(['db', 'migrate']).out).toMatch(/^db: 0 migration\(s\) applied/);
  });

  // One process start per test: on a busy machine each `node bin/xxgk.mjs` takes seconds.
  it('load extracts the seeds', () => {
    const first = xxgk(['load', SEEDS]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('load: 5 loaded (5 inserted, 0 revised, 0 replaced, 0 unchanged), 0 failed');
  });

  it('loading the seeds again changes nothing', () => {
    const again = xxgk(['load', SEEDS]);
    expect(again.out).toContain('load: 5 loaded (0 inserted, 0 revised, 0 replaced, 5 unchanged), 0 failed');
  });

  it('db counts', () => {
    const counts = JSON.parse(xxgk(['db', 'counts']).out);
    expect(counts).toMatchObject({ documents: 5, reports: 5 });
    expect(counts.cells).toBeGreaterThan(500);
  });

  describe('load lists failures with reasons and fails only when nothing loaded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-load-'));
    const bad = join(dir, 'broken.pdf');
    writeFileSync(bad, 'this is not a pdf');
    it('only a bad file: exit 1, the file and its reason listed', () => {
      const onlyBad = xxgk(['load', bad]);
      expect(onlyBad.code).toBe(1);
      expect(onlyBad.out).toContain('0 loaded');
      expect(onlyBad.out).toContain(`failed ${bad}: `);
    });
    it('a bad file and a good one: exit 0, both counted', () => {
      const mixed = xxgk(['load', bad, join(SEEDS, '000_79eca0d6e8b3f0e8.txt')]);
      expect(mixed.code).toBe(0);
      expect(mixed.out).toContain('1 loaded');
      expect(mixed.out).toContain('1 failed');
    });
    it('a missing path: exit 2 naming it', () => {
      const missing = xxgk(['load', join(dir, 'nope.txt')]);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('nope.txt');
    });
  });

  describe('sql prints a table, JSON or CSV, and refuses writes', () => {
    const query = 'SELECT agency, year FROM report_list ORDER BY report_id';
    it('a table', () => {
      const table = xxgk(['sql', query]);
      expect(table.code).toBe(0);
      expect(table.out.split('\n')[0]).toMatch(/^agency\s+\| year$/);
      expect(table.out).toContain('(5 rows)');
    });
    it('JSON', () => {
      const json = JSON.parse(xxgk(['sql', query, '--json']).out);
      expect(json).toHaveLength(5);
      expect(json[0]).toEqual({ agency: '区市场监管分局', year: 2020 });
    });
    it('CSV', () => {
      expect(xxgk(['sql', query, '--csv']).out.split('\r\n')[0]).toBe('agency,year');
    });
    for (const write of ['DELETE FROM cells', 'WITH d AS (DELETE FROM cells RETURNING 1) SELECT * FROM d'])
      it(`refuses ${write}`, () => {
        const r = xxgk(['sql', write]);
        expect(r.code, write).not.toBe(0);
        expect(r.err).toMatch(/only queries|read-only|permission denied/);
      });
  });

  it('export writes every view as CSV with BOM and Parquet', () => {
    const out = mkdtempSync(join(tmpdir(), 'xxgk-export-'));
    const r = xxgk(['export', '--out', out]);
    expect(r.code).toBe(0);
    for (const v of ['report_list', 'report_cells', 'report_findings', 'report_summary', 'requests_wide']) {
      expect(readFileSync(join(out, `${v}.csv`)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(existsSync(join(out, `${v}.parquet`))).toBe(true);
    }
  });

  it('db grant-reader succeeds and db serve has nothing to serve on PostgreSQL', () => {
    expect(xxgk(['db', 'grant-reader']).out).toContain(`xxgk_reader may read schema ${schema}`);
    expect(xxgk(['db', 'serve']).out).toContain('nothing to serve');
  });
});

describe('xxgk db serve on the embedded database', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  });

  it('answers psql-compatible clients on a loopback port', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-serve-'));
    const port = await freePort();
    const serveEnv = {
      ...process.env,
      XXGK_DATA_DIR: dataDir,
      XXGK_LOG_LEVEL: 'silent',
      DATABASE_URL: '',
      XXGK_DB_SCHEMA: '',
    };
    child = spawn(process.execPath, [CLI, 'db', 'serve', '--port', String(port)], { env: serveEnv });
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child!.stdout!.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf);
      });
      child!.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    expect(line).toContain(`postgresql://postgres@127.0.0.1:${port}/postgres`);
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await c.connect();
    const views = await c.query(
      "SELECT count(*)::int AS n FROM information_schema.views WHERE table_name = 'report_list'",
    );
    expect(views.rows[0].n).toBe(1);
    expect((await c.query('SELECT count(*)::int AS n FROM report_list')).rows[0].n).toBe(0);
    await c.end();
    const exited = new Promise((r) => child!.once('exit', r));
    process.kill(child.pid!, 'SIGTERM');
    await exited;
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
