import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSettings, formatSettings } from '../../../config/describe.ts';
import { ConfigError, loadSettings, redactUrl, resolveSettings } from '../../../config/settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function configFile(content: unknown): string {
  const f = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(content));
  return f;
}

describe('loadSettings', () => {
  it('works with no env at all (laptop defaults: embedded database, no Redis)', () => {
    const s = loadSettings({ env: {}, configFile: '/nonexistent.json' });
    expect(s.databaseUrl).toBeUndefined();
    expect(s.redisUrl).toBeUndefined();
    expect(s.dataDir).toBe('./data');
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('reads env and lets overrides win', () => {
    const s = loadSettings({
      env: { DATABASE_URL: 'postgres://u:p@h/db', XXGK_CONCURRENCY_FETCH: '3' },
      configFile: '/nonexistent.json',
      overrides: { concurrencyFetch: 5 },
    });
    expect(s.databaseUrl).toBe('postgres://u:p@h/db');
    expect(s.concurrencyFetch).toBe(5);
  });

  it('names the variable of a bad value', () => {
    expect(() =>
      loadSettings({ env: { XXGK_DASHBOARD_PORT: 'abc' }, configFile: '/nonexistent.json' }),
    ).toThrow(/XXGK_DASHBOARD_PORT/);
    expect(() => loadSettings({ env: { XXGK_LOG_LEVEL: 'loud' }, configFile: '/x.json' })).toThrow(
      ConfigError,
    );
  });

  it('redacts passwords from connection strings', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('redis://:pw@127.0.0.1:6379')).not.toContain('pw');
  });

  it('rejects an unknown key in the config file, naming the file, the key and the nearest valid key', () => {
    const file = configFile({ databseUrl: 'postgres://x@h/db' });
    expect(() => loadSettings({ env: {}, configFile: file })).toThrow(ConfigError);
    expect(() => loadSettings({ env: {}, configFile: file })).toThrow(
      `${file}: unknown key "databseUrl" (did you mean "databaseUrl"?)`,
    );
    // A JSON schema reference is not a setting but is allowed.
    const ok = configFile({ $schema: './x.json', dataDir: 'var/d' });
    expect(loadSettings({ env: {}, configFile: ok }).dataDir).toBe('var/d');
  });

  it('rejects a near miss of a setting variable, ignores XXGK_ names far from every setting', () => {
    expect(() =>
      loadSettings({ env: { XXGK_CONCURENCY_FETCH: '3' }, configFile: '/nonexistent.json' }),
    ).toThrow(
      'environment variable XXGK_CONCURENCY_FETCH is not a setting (did you mean XXGK_CONCURRENCY_FETCH?)',
    );
    const r = resolveSettings({ env: { XXGK_TEST_DATABASE_URL: 'x' }, configFile: '/nonexistent.json' });
    expect(r.ignoredEnv).toEqual(['XXGK_TEST_DATABASE_URL']);
  });

  it('names the file of a bad value from the file', () => {
    const file = configFile({ dashboardPort: 'abc' });
    expect(() => loadSettings({ env: {}, configFile: file })).toThrow(`setting dashboardPort (${file})`);
  });

  it('says where each setting came from: flag > env > file > default', () => {
    const file = configFile({ dataDir: '/from/file', dbSchema: 'fromfile', queuePrefix: 'file' });
    const r = resolveSettings({
      env: { XXGK_DB_SCHEMA: 'fromenv', XXGK_QUEUE_PREFIX: 'env', XXGK_CONFIG: '/ignored-when-given.json' },
      configFile: file,
      overrides: { queuePrefix: 'flag' },
    });
    expect(r.configFile).toBe(file);
    expect(r.origins.dataDir).toEqual({ from: 'file', file });
    expect(r.origins.dbSchema).toEqual({ from: 'env', name: 'XXGK_DB_SCHEMA' });
    expect(r.origins.queuePrefix).toEqual({ from: 'flag' });
    expect(r.origins.logLevel).toEqual({ from: 'default' });
    expect(r.settings.queuePrefix).toBe('flag');
  });

  it('reads the file XXGK_CONFIG names, and fails when it is missing', () => {
    const file = configFile({ dataDir: '/via/env' });
    expect(loadSettings({ env: { XXGK_CONFIG: file } }).dataDir).toBe('/via/env');
    expect(() => loadSettings({ env: { XXGK_CONFIG: join(dir, 'missing.json') } })).toThrow(
      /XXGK_CONFIG=.*no such file/,
    );
  });

  it('shows secrets redacted', () => {
    const r = resolveSettings({
      env: { DATABASE_URL: 'postgres://u:hunter2@h/db', REDIS_URL: 'redis://:s3cret@h:6379/0?password=p4ss' },
      configFile: '/nonexistent.json',
    });
    const d = describeSettings(r);
    const text = formatSettings(d) + JSON.stringify(d);
    for (const secret of ['hunter2', 's3cret', 'p4ss']) expect(text).not.toContain(secret);
    expect(d.settings.find((s) => s.key === 'databaseUrl')).toMatchObject({
      value: 'postgres://u:***@h/db',
      from: 'env',
      origin: 'DATABASE_URL',
    });
  });

  it('redacts a password in a libpq keyword string, and tokens in any URL-valued setting', () => {
    expect(redactUrl("host=db password='tw o' user=u")).toBe('host=db password=*** user=u');
    const r = resolveSettings({
      env: {
        DATABASE_URL: 'host=db port=5432 password=hunter2',
        XXGK_SOURCES_FILE: 'https://cfg.example/sources.json?token=t0k3n',
      },
      configFile: '/nonexistent.json',
    });
    const text = formatSettings(describeSettings(r));
    expect(text).not.toMatch(/hunter2|t0k3n/);
    expect(text).toContain('token=***');
  });

  it('the table says where each value came from: the flag, the variable, the file path, or default', () => {
    const file = configFile({ concurrencyFetch: 3 });
    const r = resolveSettings({
      env: { XXGK_QUEUE_PREFIX: 'nightly' },
      configFile: file,
      overrides: { scheduleTz: 'UTC' },
      flagNames: { scheduleTz: '--tz' },
    });
    const line = (key: string) =>
      formatSettings(describeSettings(r))
        .split('\n')
        .find((l) => l.startsWith(`${key} `)) ?? '';
    expect(line('concurrencyFetch')).toMatch(
      new RegExp(`\\s3\\s+${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
    expect(line('queuePrefix')).toMatch(/"nightly"\s+env XXGK_QUEUE_PREFIX$/);
    expect(line('scheduleTz')).toMatch(/"UTC"\s+--tz$/);
    expect(line('dataDir')).toMatch(/\sdefault$/);
  });

  it('a time zone the runtime does not know is an error naming where it came from', () => {
    expect(() => loadSettings({ env: { XXGK_SCHEDULE_TZ: 'Mars/Olympus' }, configFile: '/x.json' })).toThrow(
      'setting scheduleTz (env XXGK_SCHEDULE_TZ): "Mars/Olympus" is not a time zone',
    );
    expect(() =>
      loadSettings({
        env: {},
        configFile: '/x.json',
        overrides: { scheduleTz: 'Asia/Shangai' },
        flagNames: { scheduleTz: '--tz' },
      }),
    ).toThrow('setting scheduleTz (--tz): "Asia/Shangai" is not a time zone');
    expect(
      loadSettings({ env: { XXGK_SCHEDULE_TZ: 'Europe/Paris' }, configFile: '/x.json' }).scheduleTz,
    ).toBe('Europe/Paris');
  });

  it('a near miss of a variable is found as a file key is (one notion of "nearest"), ties named together', () => {
    expect(() => loadSettings({ env: { XXGK_QUEUE_PREFX: 'a' }, configFile: '/x.json' })).toThrow(
      '(did you mean XXGK_QUEUE_PREFIX?)',
    );
    // Case-only difference, as in a file.
    expect(() => loadSettings({ env: { XXGK_data_dir: '/d' }, configFile: '/x.json' })).toThrow(
      '(did you mean XXGK_DATA_DIR?)',
    );
  });
});
