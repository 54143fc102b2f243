/**
 * Settings are strict and explainable from the command line: a misspelt key in xxgk.config.json stops
 * every command with one line naming the file, the key and the nearest valid key; `xxgk config` shows
 * each effective setting with where it came from, passwords redacted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const dir = mkdtempSync(join(tmpdir(), 'xxgk-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  // Runs in `dir`, where the command looks for ./xxgk.config.json.
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', XXGK_LOG_LEVEL: 'warn', ...env },
  });
}

describe('xxgk.config.json is strict', () => {
  it('an unknown key stops the command with one line naming file, key and the nearest key', () => {
    writeFileSync(join(dir, 'xxgk.config.json'), JSON.stringify({ databseUrl: 'postgres://u:pw@h/db' }));
    for (const args of [['config'], ['status']]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `xxgk: config.unknown_key: ${join(dir, 'xxgk.config.json')}: unknown key "databseUrl" (did you mean "databaseUrl"?)`,
      ]);
    }
  });

  it('xxgk config prints each setting, its variable, its value (redacted) and its origin', () => {
    writeFileSync(
      join(dir, 'xxgk.config.json'),
      JSON.stringify({ databaseUrl: 'postgres://reader:t0ps3cret@db.example/xxgk', concurrencyFetch: 3 }),
    );
    const r = run(['config'], { XXGK_QUEUE_PREFIX: 'nightly', REDIS_URL: 'redis://:r3dispw@cache:6379' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/t0ps3cret|r3dispw/);
    const line = (key: string) => r.stdout.split('\n').find((l) => l.startsWith(`${key} `)) ?? '';
    expect(line('databaseUrl')).toMatch(
      /DATABASE_URL\s+"postgres:\/\/reader:\*\*\*@db\.example\/xxgk"\s+\S+xxgk\.config\.json$/,
    );
    // The origin column names the file's path, the variable, or says default.
    expect(/XXGK_CONCURRENCY_FETCH\s+3\s+(\S+)$/.exec(line('concurrencyFetch'))?.[1]).toBe(
      join(dir, 'xxgk.config.json'),
    );
    expect(line('queuePrefix')).toMatch(/"nightly"\s+env XXGK_QUEUE_PREFIX$/);
    expect(line('redisUrl')).toMatch(/"redis:\/\/:\*\*\*@cache:6379"\s+env REDIS_URL$/);
    expect(line('dataDir')).toMatch(/"\.\/data"\s+default$/);
    expect(r.stdout).toContain(`config file: ${join(dir, 'xxgk.config.json')}`);

    const json = JSON.parse(run(['config', '--json']).stdout);
    expect(json.settings.find((s: { key: string }) => s.key === 'concurrencyFetch')).toEqual({
      key: 'concurrencyFetch',
      env: 'XXGK_CONCURRENCY_FETCH',
      value: 3,
      from: 'file',
      origin: join(dir, 'xxgk.config.json'),
      where: join(dir, 'xxgk.config.json'),
    });
  });
});
