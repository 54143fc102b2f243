import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTINGS_ENV } from '../../../config/settings.ts';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}

const compose = parse(readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};
const known = new Set(Object.values(SETTINGS_ENV));
const ours = Object.entries(compose.services).filter(
  ([, s]) => s.command?.[0] === 'npx' && s.command[1] === 'xxgk',
);

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Redis, workers, the scheduler and the dashboard', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'dashboard',
      'postgres',
      'redis',
      'scheduler',
      'worker',
    ]);
    expect(Object.fromEntries(ours.map(([n, s]) => [n, s.command?.[2]]))).toEqual({
      worker: 'worker',
      scheduler: 'schedule',
      dashboard: 'dashboard',
    });
  });

  it('configures xxgk only through variables the settings schema reads', () => {
    expect(ours.length).toBe(3);
    for (const [name, service] of ours) {
      const vars = Object.keys(service.environment ?? {});
      expect(vars.length, name).toBeGreaterThan(0);
      const unknown = vars.filter((v) => !known.has(v));
      expect(unknown, `${name} uses variables outside SETTINGS_ENV`).toEqual([]);
      expect(vars, name).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    }
  });

  it('points the app at the compose PostgreSQL and Redis, and publishes the dashboard on loopback only', () => {
    const env = compose.services.worker!.environment!;
    expect(new URL(env.DATABASE_URL!).hostname).toBe('postgres');
    expect(new URL(env.REDIS_URL!).hostname).toBe('redis');
    expect(compose.services.dashboard!.ports).toEqual(['127.0.0.1:3100:3100']);
  });
});
