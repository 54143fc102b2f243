import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, redactUrl } from '../../../config/settings.ts';

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
});
