/** What `xxgk config` shows: each effective setting, its variable and its origin, secrets redacted. */
import {
  describeOrigin,
  displaySetting,
  type ResolvedSettings,
  SETTING_KEYS,
  SETTINGS_ENV,
  type SettingKey,
} from './settings.ts';

export interface DescribedSetting {
  key: SettingKey;
  env: string;
  value: unknown;
  /** flag | env | file | default */
  from: string;
  /** The flag, variable or file it came from, when not a default. */
  origin: string | null;
  /** How the table shows it: `default`, `env XXGK_QUEUE_PREFIX`, the file's path, `--cron`. */
  where: string;
}

export interface DescribedSettings {
  configFile: string | null;
  settings: DescribedSetting[];
  ignoredEnv: string[];
}

export function describeSettings(r: ResolvedSettings): DescribedSettings {
  return {
    configFile: r.configFile,
    settings: SETTING_KEYS.map((key) => {
      const o = r.origins[key];
      return {
        key,
        env: SETTINGS_ENV[key],
        value: displaySetting(key, r.settings[key]) ?? null,
        from: o.from,
        origin:
          o.from === 'env'
            ? o.name
            : o.from === 'file'
              ? o.file
              : o.from === 'flag'
                ? (o.name ?? null)
                : null,
        where: describeOrigin(o),
      };
    }),
    ignoredEnv: r.ignoredEnv,
  };
}

export function formatSettings(d: DescribedSettings): string {
  const rows = d.settings.map((s) => [
    s.key,
    s.env,
    s.value === null ? '(unset)' : JSON.stringify(s.value),
    s.where,
  ]);
  const width = (i: number) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length)));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  const lines = [
    `config file: ${d.configFile ?? 'none (no ./xxgk.config.json, XXGK_CONFIG unset)'}`,
    ...rows.map(([k, e, v, f]) => `${k!.padEnd(w0)}  ${e!.padEnd(w1)}  ${v!.padEnd(w2)}  ${f}`),
  ];
  if (d.ignoredEnv.length > 0) lines.push(`ignored (not settings): ${d.ignoredEnv.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
