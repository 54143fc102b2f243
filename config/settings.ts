/**
 * Settings are declared once here. Each key names its env variable and a default that works
 * on a laptop (embedded PGlite in ./data, no Redis). Order: CLI flag > env > xxgk.config.json > default.
 * Only bin/ calls loadSettings(); everything else receives the frozen object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { NonRetryableError } from './errors.ts';

const optionalUrl = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

export const SettingsSchema = z.object({
  /** PostgreSQL connection string; unset → embedded PGlite in dataDir. */
  databaseUrl: optionalUrl,
  /** Where the embedded database (and other local state) lives. */
  dataDir: z.string().default('./data'),
  /** PG schema of the dataset (tests and side-by-side datasets use their own). */
  dbSchema: z.string().default('public'),
  /** Redis for BullMQ; unset → stages run in-process. */
  redisUrl: optionalUrl,
  /** Prefix of every BullMQ key, so several deployments (or tests) can share one Redis. */
  queuePrefix: z.string().default('xxgk'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  userAgent: z.string().default('xxgk/0.1 (+research crawler; contact: see README)'),
  chromiumPath: z.string().default('/usr/bin/chromium'),
  /** Sources file (JSON) that decides which sources exist; unset: config/sources/default.sources.json (gzjkq). */
  sourcesFile: z.string().optional(),
  dashboardHost: z.string().default('127.0.0.1'),
  dashboardPort: int(3100),
  concurrencyDiscover: int(8),
  concurrencyFetch: int(8),
  concurrencyExtract: int(2),
  concurrencyLoad: int(2),
  /** Nightly crawl, cron with seconds optional; timezone applies to it. */
  scheduleCron: z.string().default('0 0 2 * * *'),
  scheduleTz: z.string().default('Asia/Shanghai'),
  /** A queue job's lock, ms: a SIGKILLed worker's job is taken over after about this long. */
  queueLockMs: int(30_000),
  /** How often workers look for stalled jobs, ms. */
  queueStalledMs: int(30_000),
  /** Comma-separated document shapes the extractor must reject (to rehearse the repair flow). */
  rejectShapes: z.string().default(''),
});
export type Settings = Readonly<z.infer<typeof SettingsSchema>>;

/** The env variable read for each key: the single mapping docker-compose.yml and README are checked against. */
export const SETTINGS_ENV: Record<keyof z.infer<typeof SettingsSchema>, string> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'XXGK_DATA_DIR',
  dbSchema: 'XXGK_DB_SCHEMA',
  redisUrl: 'REDIS_URL',
  queuePrefix: 'XXGK_QUEUE_PREFIX',
  logLevel: 'XXGK_LOG_LEVEL',
  userAgent: 'XXGK_USER_AGENT',
  chromiumPath: 'XXGK_CHROMIUM_PATH',
  sourcesFile: 'XXGK_SOURCES_FILE',
  dashboardHost: 'XXGK_DASHBOARD_HOST',
  dashboardPort: 'XXGK_DASHBOARD_PORT',
  concurrencyDiscover: 'XXGK_CONCURRENCY_DISCOVER',
  concurrencyFetch: 'XXGK_CONCURRENCY_FETCH',
  concurrencyExtract: 'XXGK_CONCURRENCY_EXTRACT',
  concurrencyLoad: 'XXGK_CONCURRENCY_LOAD',
  scheduleCron: 'XXGK_SCHEDULE_CRON',
  scheduleTz: 'XXGK_SCHEDULE_TZ',
  queueLockMs: 'XXGK_QUEUE_LOCK_MS',
  queueStalledMs: 'XXGK_QUEUE_STALLED_MS',
  rejectShapes: 'XXGK_REJECT_SHAPES',
};

export class ConfigError extends NonRetryableError {}

export interface LoadSettingsOptions {
  env?: Record<string, string | undefined>;
  /** Path of xxgk.config.json; default: ./xxgk.config.json when it exists. */
  configFile?: string;
  overrides?: Partial<z.input<typeof SettingsSchema>>;
}

export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const file = options.configFile ?? resolve('xxgk.config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new ConfigError('config.file', `${file}: not valid JSON`, { cause });
    }
  }
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(SETTINGS_ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const merged = { ...fromFile, ...fromEnv, ...stripUndefined(options.overrides ?? {}) };
  const parsed = SettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const name = SETTINGS_ENV[key as keyof typeof SETTINGS_ENV] ?? key;
    throw new ConfigError('config.invalid', `setting ${key} (${name}): ${issue.message}`);
  }
  return Object.freeze(parsed.data);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Connection strings in logs and errors lose their password. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
