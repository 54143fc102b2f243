/**
 * Settings are declared once here. Each key names its env variable and a default that works
 * on a laptop (embedded PGlite in ./data, no Redis). Order: CLI flag > env > xxgk.config.json > default.
 * The file is strict: an unknown key is an error naming the nearest valid one (unknown-keys.ts).
 * Only bin/ calls loadSettings(); everything else receives the frozen object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { NonRetryableError } from './errors.ts';
import { nearestKeys, unknownKeyMessage } from './unknown-keys.ts';

const optionalUrl = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

/** An IANA time zone the runtime knows (Intl throws a RangeError for any other name). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.trim() !== '';
  } catch {
    return false;
  }
}

export const SettingsSchema = z.object({
  /** PostgreSQL connection string; unset → embedded PGlite in dataDir. */
  databaseUrl: optionalUrl,
  /** Where the embedded database (and other local state) lives. */
  dataDir: z.string().default('./data'),
  /** PG schema of the dataset (tests and side-by-side datasets use their own). */
  dbSchema: z.string().default('public'),
  /** Redis for BullMQ; unset → stages run in-process. */
  redisUrl: optionalUrl,
  /** How long a command waits for Redis to answer before it fails with `redis.unavailable`, ms. */
  redisConnectTimeoutMs: int(10_000),
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
  /**
   * Threads the extractor runs pages on, beside the thread that fetches, stores and loads
   * (pipeline/extract-pool.ts); 0: in that thread. Unset: on PostgreSQL one fewer than the cores,
   * at least 1, at most concurrencyExtract; on the embedded database 1 (0 on a single core).
   */
  extractThreads: z.coerce.number().int().nonnegative().optional(),
  concurrencyLoad: int(2),
  /** Scanned documents OCR'd at once per worker (each holds one core while its engine runs). */
  concurrencyOcr: int(1),
  /** Wall-clock cap of one OCR engine process (a batch of cells or one page), ms. */
  ocrTimeoutMs: int(120_000),
  /** Address-space cap of one OCR engine process, MB. */
  ocrMemoryMb: int(1_024),
  /** Nightly crawl, cron with seconds optional; timezone applies to it. */
  scheduleCron: z.string().default('0 0 2 * * *'),
  scheduleTz: z
    .string()
    .refine(isTimeZone, {
      error: (iss) => `"${String(iss.input)}" is not a time zone (an IANA name such as Asia/Shanghai)`,
    })
    .default('Asia/Shanghai'),
  /** A queue job's lock, ms: a SIGKILLed worker's job is taken over after about this long. */
  queueLockMs: int(30_000),
  /** How often workers look for stalled jobs, ms. */
  queueStalledMs: int(30_000),
  /**
   * How long a stopping worker (SIGTERM) waits for its active jobs before it abandons them, ms; the
   * abandoned jobs are retried once their lock (queueLockMs) runs out.
   */
  queueDrainMs: int(10_000),
  /** Comma-separated document shapes the extractor must reject (to rehearse the repair flow). */
  rejectShapes: z.string().default(''),
  /**
   * Time limit of one fetch, extract or load job (and a source's directory job), ms; 0: none. A job
   * over it fails with `job.timeout` and is retried like any passing fault.
   */
  jobTimeoutMs: int(300_000),
  /**
   * Time limit of one list-walk discover job, ms; 0: none. One job walks a whole list, sharing the
   * host's politeness slot with the fetches, so it may legitimately run far longer than a fetch.
   */
  discoverJobTimeoutMs: int(3_600_000),
  /** Time limit of one OCR job, ms; 0: none. A scan of up to 60 pages, each engine run capped by ocrTimeoutMs. */
  ocrJobTimeoutMs: int(1_800_000),
  /**
   * A crawl with jobs running and no progress for this long is stalled, ms; 0: never. An OCR job
   * (silent while it reads) counts as stuck only past its own limit, ocrJobTimeoutMs.
   */
  stallTimeoutMs: int(900_000),
  /** What a stall does: `fail` the stuck jobs and go on, or `finish` the run without them. */
  stallAction: z.enum(['fail', 'finish']).default('fail'),
  /** Progress off a terminal: one heartbeat line this often, ms. */
  progressIntervalMs: z.coerce.number().int().positive().default(10_000),
  /**
   * Diagnostics: a file the embedded database's thread records every message it is sent in, for
   * bench/pglite-replay.ts (that thread's CPU alone, A/B against another checkout). Unset: none.
   */
  pgliteRecord: z.string().optional(),
});
export type Settings = Readonly<z.infer<typeof SettingsSchema>>;

/** The env variable read for each key: the single mapping docker-compose.yml and README are checked against. */
export const SETTINGS_ENV: Record<keyof z.infer<typeof SettingsSchema>, string> = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'XXGK_DATA_DIR',
  dbSchema: 'XXGK_DB_SCHEMA',
  redisUrl: 'REDIS_URL',
  redisConnectTimeoutMs: 'XXGK_REDIS_CONNECT_TIMEOUT_MS',
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
  extractThreads: 'XXGK_EXTRACT_THREADS',
  concurrencyLoad: 'XXGK_CONCURRENCY_LOAD',
  concurrencyOcr: 'XXGK_CONCURRENCY_OCR',
  ocrTimeoutMs: 'XXGK_OCR_TIMEOUT_MS',
  ocrMemoryMb: 'XXGK_OCR_MEMORY_MB',
  scheduleCron: 'XXGK_SCHEDULE_CRON',
  scheduleTz: 'XXGK_SCHEDULE_TZ',
  queueLockMs: 'XXGK_QUEUE_LOCK_MS',
  queueStalledMs: 'XXGK_QUEUE_STALLED_MS',
  queueDrainMs: 'XXGK_QUEUE_DRAIN_MS',
  rejectShapes: 'XXGK_REJECT_SHAPES',
  jobTimeoutMs: 'XXGK_JOB_TIMEOUT_MS',
  discoverJobTimeoutMs: 'XXGK_DISCOVER_JOB_TIMEOUT_MS',
  ocrJobTimeoutMs: 'XXGK_OCR_JOB_TIMEOUT_MS',
  stallTimeoutMs: 'XXGK_STALL_TIMEOUT_MS',
  stallAction: 'XXGK_STALL_ACTION',
  progressIntervalMs: 'XXGK_PROGRESS_INTERVAL_MS',
  pgliteRecord: 'XXGK_PGLITE_RECORD',
};

export class ConfigError extends NonRetryableError {}

export type SettingKey = keyof z.infer<typeof SettingsSchema>;
export const SETTING_KEYS = Object.keys(SETTINGS_ENV) as SettingKey[];

/** Names xxgk reads from the environment besides the settings' own. */
export const CONFIG_FILE_ENV = 'XXGK_CONFIG';

/** Where an effective setting came from (highest wins: flag > env > file > default). */
export type SettingOrigin =
  | { from: 'flag'; name?: string }
  | { from: 'env'; name: string }
  | { from: 'file'; file: string }
  | { from: 'default' };

export interface ResolvedSettings {
  settings: Settings;
  origins: Record<SettingKey, SettingOrigin>;
  /** The config file read (absolute path), or null when there was none. */
  configFile: string | null;
  /** XXGK_* variables set in the environment that are no setting (and no near miss of one): ignored. */
  ignoredEnv: string[];
}

export interface LoadSettingsOptions {
  env?: Record<string, string | undefined>;
  /** Path of xxgk.config.json; default: $XXGK_CONFIG, else ./xxgk.config.json when it exists. */
  configFile?: string;
  /** Command-line flags: they win over everything. */
  overrides?: Partial<z.input<typeof SettingsSchema>>;
  /** The flag each override came from (`scheduleCron: '--cron'`), for messages naming it. */
  flagNames?: Partial<Record<SettingKey, string>>;
}

export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  return resolveSettings(options).settings;
}

/**
 * Where a setting's value came from, as an operator would look for it: the flag (`--cron`), the
 * variable (`env XXGK_SCHEDULE_CRON`), the config file's path, or `default`.
 */
export function describeOrigin(o: SettingOrigin): string {
  if (o.from === 'flag') return o.name ?? 'flag';
  if (o.from === 'env') return `env ${o.name}`;
  if (o.from === 'file') return o.file;
  return 'default';
}

/** The effective settings and where each one came from. Unknown keys and near-miss variables are errors. */
export function resolveSettings(options: LoadSettingsOptions = {}): ResolvedSettings {
  const env = options.env ?? process.env;
  const { file, fromFile } = readConfigFile(options.configFile, env);
  const ignoredEnv = checkEnvNames(env);
  const fromEnv: Record<string, string> = {};
  for (const [key, name] of Object.entries(SETTINGS_ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') fromEnv[key] = v;
  }
  const flags = stripUndefined(options.overrides ?? {});
  const merged = { ...fromFile, ...fromEnv, ...flags };
  const parsed = SettingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const name = SETTINGS_ENV[key as SettingKey] ?? key;
    const where =
      key in flags
        ? (options.flagNames?.[key as SettingKey] ?? 'flag')
        : key in fromEnv
          ? `env ${name}`
          : key in fromFile
            ? file
            : name;
    throw new ConfigError('config.invalid', `setting ${key} (${where}): ${issue.message}`);
  }
  const origins = {} as Record<SettingKey, SettingOrigin>;
  for (const key of SETTING_KEYS) {
    const flag = options.flagNames?.[key];
    origins[key] =
      key in flags
        ? flag
          ? { from: 'flag', name: flag }
          : { from: 'flag' }
        : key in fromEnv
          ? { from: 'env', name: SETTINGS_ENV[key] }
          : file !== null && key in fromFile
            ? { from: 'file', file }
            : { from: 'default' };
  }
  return { settings: Object.freeze(parsed.data), origins, configFile: file, ignoredEnv };
}

function readConfigFile(
  given: string | undefined,
  env: Record<string, string | undefined>,
): { file: string | null; fromFile: Record<string, unknown> } {
  const named = given ?? (env[CONFIG_FILE_ENV] || undefined);
  const file = resolve(named ?? 'xxgk.config.json');
  if (!existsSync(file)) {
    // The default file is optional; one named by XXGK_CONFIG must be there.
    if (named !== undefined && given === undefined)
      throw new ConfigError('config.file', `${CONFIG_FILE_ENV}=${named}: no such file`);
    return { file: null, fromFile: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ConfigError('config.file', `${file}: not valid JSON`, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError('config.file', `${file}: must be a JSON object of settings`);
  // `$schema` (an editor's JSON Schema reference) is not a setting, but is allowed.
  const { $schema: _, ...settings } = raw as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!(SETTING_KEYS as string[]).includes(key))
      throw new ConfigError('config.unknown_key', `${file}: ${unknownKeyMessage(key, SETTING_KEYS)}`);
  }
  return { file, fromFile: settings };
}

/**
 * XXGK_* variables that are not settings: a near miss of a setting's variable (XXGK_CONCURENCY_FETCH)
 * is an error, like an unknown key in the file. Others are returned to be listed as ignored: the
 * environment is shared (test harnesses use XXGK_TEST_*), so a name far from every setting is not ours.
 */
function checkEnvNames(env: Record<string, string | undefined>): string[] {
  const known = new Set<string>([...Object.values(SETTINGS_ENV), CONFIG_FILE_ENV]);
  const ours = [...known].filter((n) => n.startsWith('XXGK_'));
  const ignored: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('XXGK_') || known.has(name)) continue;
    // The same notion of "nearest" as an unknown key in a file (unknown-keys.ts), on the part after
    // the shared prefix, so that the prefix does not make every XXGK_ name look close.
    const near = nearestKeys(
      name.slice(5),
      ours.map((k) => k.slice(5)),
    )
      .map((k) => `XXGK_${k}`)
      .join(' or ');
    if (near)
      throw new ConfigError(
        'config.unknown_env',
        `environment variable ${name} is not a setting (did you mean ${near}?)`,
      );
    ignored.push(name);
  }
  return ignored;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Connection strings in logs and errors lose their password (user-info or `password=` parameter). */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()])
      if (/pass(word)?|secret|token/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    // Not a URL: a libpq keyword string (`host=h password=pw`) or a mangled URL.
    return url
      .replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
      .replace(/\b((?:pass(?:word)?|secret|token)\s*=\s*)('[^']*'|[^\s&]+)/gi, '$1***');
  }
}

/** Settings that may carry a secret: shown only through redactUrl. */
export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set(['databaseUrl', 'redisUrl']);

/** A setting's value as it may be shown to an operator (secrets redacted). */
export function displaySetting(key: SettingKey, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // Any other setting that holds a URL (a proxy, a sources file served over HTTP) may carry one too.
  return SECRET_SETTINGS.has(key) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : value;
}
