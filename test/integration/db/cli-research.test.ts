/**
 * The researcher's commands — `agencies`, `trace`, `show`, `sql -f` / standard input, `export`'s
 * codebook, `load --source/--region` — on PostgreSQL and on the embedded PGlite. They run through
 * the CLI's `main()` in this process (the same parsing, settings and exit codes as `bin/xxgk.mjs`,
 * without a Node start per command, which a busy machine makes slow), and a few through the binary
 * itself: reading standard input, and an exit code as a shell sees it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../bin/cli.ts';
import { generateReport } from '../../support/generate.ts';
import { SHAPES } from '../../support/render/index.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from './pg-helpers.ts';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const SEEDS = join(import.meta.dirname, '../../fixtures/seeds');
type Env = Record<string, string>;
interface Run {
  code: number;
  out: string;
  err: string;
}

/** `xxgk ARGS` in this process, with `env` as its environment; stdout and stderr captured. */
async function xxgk(env: Env, ...args: string[]): Promise<Run> {
  const saved = { ...process.env };
  const writes = { out: process.stdout.write, err: process.stderr.write };
  let out = '';
  let err = '';
  const capture = (add: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      add(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  Object.assign(process.env, env);
  process.stdout.write = capture((s) => (out += s));
  process.stderr.write = capture((s) => (err += s));
  process.exitCode = undefined;
  try {
    await main(['node', 'xxgk', ...args]);
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, out, err };
}

/** The binary, as a shell runs it (for standard input and exit codes). */
function binary(env: Env, args: string[], input: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    input,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Two reports of one bureau renamed in the 2019 机构改革 (generated, so their numbers add up). */
function renamedPair(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-renamed-'));
  const write = (file: string, agency: string, year: number, seed: number) =>
    writeFileSync(join(dir, file), SHAPES.pipe!(generateReport(seed, { agency, year })));
  write('gs-2019.txt', '赣州市章贡区工商行政管理局', 2019, 71);
  write('sj-2020.txt', '赣州市章贡区市场监督管理局', 2020, 72);
  return dir;
}

function researcherCommands(engine: string, env: Env, cleanup: () => Promise<void>): void {
  // Each test starts the CLI (tsx, an engine, sometimes a migration or a load): at load 20 on two
  // cores the migration alone took over the default 60 s (CI of 5761e72), and every later test,
  // needing its tables, failed with it. A guard for a hung command, not a speed check.
  describe(`xxgk researcher commands on ${engine}`, { timeout: 300_000 }, () => {
    const dir = renamedPair();
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await cleanup();
    });
    const one = async (sql: string) => {
      const r = await xxgk(env, 'sql', sql, '--json');
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out)[0] as Record<string, number>;
    };
    const agencyOf = async (file: string) =>
      (await one(`SELECT agency_id FROM report_list WHERE source_url LIKE '%/${file}'`)).agency_id!;
    const reportOf = async (file: string) =>
      (await one(`SELECT report_id FROM report_list WHERE source_url LIKE '%/${file}'`)).report_id!;

    it('db migrate prepares the database', async () => {
      const r = await xxgk(env, 'db', 'migrate');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^db: [1-9]\d* migration\(s\) applied/);
    });

    it('load takes --source and --region, and refuses a region that is no division', async () => {
      const bad = await xxgk(env, 'load', '--region', '火星市', SEEDS);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('火星市');
      const seeds = await xxgk(
        env,
        'load',
        '--source',
        'gzjkq-files',
        '--region',
        '赣州经开区',
        join(SEEDS, '000_79eca0d6e8b3f0e8.txt'),
      );
      expect(seeds.code, seeds.err).toBe(0);
      const a = await one(
        "SELECT region_code, region_method FROM agency_list WHERE agency = '区市场监管分局'",
      );
      expect(a).toEqual({ region_code: '360702400', region_method: 'source' });
      const pair = await xxgk(env, 'load', dir);
      expect(pair.out).toContain('2 loaded (2 inserted');
    });

    it('agencies list and show: one line per agency; an agency with its names, reports, decisions', async () => {
      const list = await xxgk(env, 'agencies', 'list', '--search', '章贡区', '--json');
      expect(list.code, list.err).toBe(0);
      const rows = JSON.parse(list.out) as Array<Record<string, unknown>>;
      expect(rows.map((a) => a.agency).sort()).toEqual([
        '赣州市章贡区工商行政管理局',
        '赣州市章贡区市场监督管理局',
      ]);
      expect(rows[0]).toMatchObject({
        region_code: '360702',
        level: 'county',
        region_method: 'name',
        reports: 1,
      });
      const table = await xxgk(env, 'agencies', 'list');
      expect(table.out.split('\n')[0]).toMatch(/^agency_id\s+\| agency\s+\| level/);
      expect(table.out).toContain('(3 rows)');
      const shown = await xxgk(env, 'agencies', 'show', String(await agencyOf('sj-2020.txt')));
      expect(shown.out).toContain('region_method: name');
      expect(shown.out).toContain('sj-2020.txt');
      expect(shown.out).toContain('decisions: none');
      expect((await xxgk(env, 'agencies', 'show', '999999')).code).toBe(2);
      expect((await xxgk(env, 'agencies', 'show', 'x')).code).toBe(2);
    });

    it('agencies merge is recorded and kept by a reload', async () => {
      const gs = await agencyOf('gs-2019.txt');
      const sj = await agencyOf('sj-2020.txt');
      expect(gs).not.toBe(sj);
      const merged = await xxgk(
        env,
        'agencies',
        'merge',
        String(gs),
        String(sj),
        '--reason',
        '2019 机构改革: 工商局 → 市场监管局',
      );
      expect(merged.code, merged.err).toBe(0);
      expect(merged.out).toMatch(new RegExp(`^agencies: ${gs} merged into ${sj} \\(decision \\d+\\)`));
      expect(await agencyOf('gs-2019.txt')).toBe(sj);
      expect((await xxgk(env, 'load', dir)).out).toContain(
        '2 loaded (0 inserted, 0 revised, 0 replaced, 2 unchanged)',
      );
      expect(await agencyOf('gs-2019.txt')).toBe(sj);
    });

    it('agencies show lists a merge; a second merge or a merge into itself is refused; split undoes the merge', async () => {
      const sj = await agencyOf('sj-2020.txt');
      expect(await agencyOf('gs-2019.txt')).toBe(sj);
      const show = JSON.parse((await xxgk(env, 'agencies', 'show', String(sj), '--json')).out);
      // The merged agency stays as a tombstone, named by the decision.
      const gs = show.decisions[0].other_agency_id as number;
      expect(gs).not.toBe(sj);
      expect(show.names.map((n: { name: string }) => n.name).sort()).toEqual([
        '赣州市章贡区工商行政管理局',
        '赣州市章贡区市场监督管理局',
      ]);
      expect(show.decisions.map((d: { action: string; reason: string }) => [d.action, d.reason])).toEqual([
        ['merge', '2019 机构改革: 工商局 → 市场监管局'],
      ]);
      const again = await xxgk(env, 'agencies', 'merge', String(gs), String(sj), '--reason', 'twice');
      expect(again.code).toBe(2);
      expect(again.err).toContain(`was merged into ${sj}`);
      const self = await xxgk(env, 'agencies', 'merge', String(sj), String(sj), '--reason', 'r');
      expect(self.code).toBe(2);
      expect(self.err).toContain('cannot merge into itself');
      expect((await xxgk(env, 'agencies', 'merge', String(gs), String(sj))).code).toBe(2);

      const split = await xxgk(env, 'agencies', 'split', String(gs), '--reason', 'checked: two offices');
      expect(split.code, split.err).toBe(0);
      expect(split.out).toContain(`agencies: ${gs} is its own agency again`);
      expect(await agencyOf('gs-2019.txt')).toBe(gs);
      expect((await xxgk(env, 'load', dir)).out).toContain('2 unchanged');
      expect(await agencyOf('gs-2019.txt')).toBe(gs);
      const history = JSON.parse((await xxgk(env, 'agencies', 'show', String(gs), '--json')).out);
      expect(history.decisions.map((d: { action: string }) => d.action)).toEqual(['merge', 'unmerge']);
    });

    it('agencies split --alias splits a spelling off into a new agency', async () => {
      const sj = await agencyOf('sj-2020.txt');
      const spelled = join(dir, 'sj-2021.txt');
      writeFileSync(
        spelled,
        SHAPES.pipe!(generateReport(73, { agency: '赣州市章贡区 市场监管局', year: 2021 })),
      );
      await xxgk(env, 'load', spelled);
      expect(await agencyOf('sj-2021.txt')).toBe(sj);
      const r = await xxgk(
        env,
        'agencies',
        'split',
        String(sj),
        '--alias',
        '赣州市章贡区 市场监管局',
        '--reason',
        'another office',
      );
      expect(r.code, r.err).toBe(0);
      const fresh = Number(/into (\d+)/.exec(r.out)![1]);
      expect(await agencyOf('sj-2021.txt')).toBe(fresh);
      expect(await agencyOf('sj-2020.txt')).toBe(sj);
      expect((await xxgk(env, 'load', spelled)).out).toContain('1 unchanged');
      expect(await agencyOf('sj-2021.txt')).toBe(fresh);
    });

    it('sql reads a query from -f FILE', async () => {
      const file = join(dir, 'q.sql');
      writeFileSync(
        file,
        '-- reports per year\nSELECT year, count(*)::int AS n\nFROM report_list\nGROUP BY year ORDER BY year;\n',
      );
      const r = await xxgk(env, 'sql', '-f', file, '--json');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toEqual([
        { year: 2019, n: 1 },
        { year: 2020, n: 2 },
        { year: 2021, n: 1 },
      ]);
      expect((await xxgk(env, 'sql', 'SELECT 1', '-f', file)).code).toBe(2);
      const none = await xxgk(env, 'sql', '-f', join(dir, 'no-such.sql'));
      expect(none.code).toBe(2);
      expect(none.err).toContain('no-such.sql');
    });

    it('trace prints each cell beside its source line; show prints the three tables', async () => {
      const id = await reportOf('sj-2020.txt');
      const t = await xxgk(env, 'trace', String(id));
      expect(t.code, t.err).toBe(0);
      expect(t.out).toMatch(/sha256 [0-9a-f]{64}/);
      expect(t.out).toMatch(/\n(\d+) cells: \1 traced to their source line, 0 without a position/);
      const cell = JSON.parse(
        (await xxgk(env, 'trace', String(id), 'requests', 'granted', 'total', '--json')).out,
      ).cells;
      expect(cell).toHaveLength(1);
      expect(cell[0]).toMatchObject({ table: 'requests', row: 'granted', col: 'total', status: 'traced' });
      // The pipe shape prints a row on one line: the label and the total are both on the line shown.
      const line = cell[0].context.find((l: { line: number }) => l.line === cell[0].line).text;
      expect(line).toContain('（一）予以公开');
      expect(line).toContain(cell[0].raw);
      expect((await xxgk(env, 'trace', '999999')).code).toBe(2);
      expect((await xxgk(env, 'trace', 'abc')).code).toBe(2);
      expect((await xxgk(env, 'trace', String(id), 'requests', 'nope')).code).toBe(2);
      const shown = await xxgk(env, 'show', String(id));
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out).toContain('三、收到和处理政府信息公开申请情况 (requests, 2019 template)');
      expect(shown.out).toContain('（一）予以公开');
      const json = JSON.parse((await xxgk(env, 'show', String(id), '--json')).out);
      expect(json.tables.map((x: { table: string }) => x.table)).toEqual(['active', 'requests', 'appeals']);
    });

    it('export writes the codebook beside the files', async () => {
      const out = mkdtempSync(join(tmpdir(), 'xxgk-export-'));
      const r = await xxgk(env, 'export', '--out', out);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/codebook: \d+ entries/);
      const md = readFileSync(join(out, 'codebook.md'), 'utf8');
      expect(md).toContain('### `report_cells`');
      expect(md).toContain('| `new_received` |');
      expect(readFileSync(join(out, 'codebook.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      rmSync(out, { recursive: true, force: true });
    });

    it('the binary reads a query from standard input', () => {
      const r = binary(env, ['sql', '--csv'], 'SELECT count(*)::int AS n FROM report_list;\n');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe('n\r\n4\r\n');
      const write = binary(env, ['sql'], 'DELETE FROM cells');
      expect(write.code).toBe(2);
      expect(write.err).toMatch(/only queries/);
    });
  });
}

const schema = uniqueSchema('xxgk_cli_r');
researcherCommands(
  'PostgreSQL',
  { DATABASE_URL: TEST_DATABASE_URL, XXGK_DB_SCHEMA: schema, XXGK_LOG_LEVEL: 'silent' },
  () => dropSchema(schema),
);
const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-cli-pglite-'));
researcherCommands(
  'PGlite',
  { XXGK_DATA_DIR: dataDir, XXGK_LOG_LEVEL: 'silent', DATABASE_URL: '', XXGK_DB_SCHEMA: '' },
  async () => rmSync(dataDir, { recursive: true, force: true }),
);
