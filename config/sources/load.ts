/**
 * Sources = the built-in gzjkq source + the entries of a JSON file (`{ "sources": [...] }` or an array).
 * An entry with a `preset` starts from it; an entry whose id is `gzjkq` overrides the built-in one.
 * Errors name the file, the source and the field.
 */
import { readFileSync } from 'node:fs';
import { NonRetryableError } from '../errors.ts';
import { BUILTIN_SOURCE } from './builtin.ts';
import { PRESETS } from './presets.ts';
import { type Source, type SourceInput, SourceSchema } from './schema.ts';

export class SourceConfigError extends NonRetryableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('sources.invalid', message, options);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Preset < base < entry, merged one level deep (so `list: { itemSelector }` keeps the preset's paging). */
function merge(...layers: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      out[k] = isObject(v) && isObject(out[k]) ? { ...(out[k] as object), ...v } : v;
    }
  }
  return out;
}

/** Validates one declaration (after applying its preset); `where` names it in errors. */
export function defineSource(input: SourceInput | Record<string, unknown>, where = 'source'): Source {
  const entry = input as Record<string, unknown>;
  const id = typeof entry.id === 'string' ? entry.id : '(no id)';
  let preset: Record<string, unknown> | undefined;
  if (entry.preset !== undefined) {
    preset = PRESETS[String(entry.preset)] as Record<string, unknown> | undefined;
    if (!preset) {
      throw new SourceConfigError(
        `${where} "${id}": preset "${entry.preset}" is not one of ${Object.keys(PRESETS).join(', ')}`,
      );
    }
  }
  const parsed = SourceSchema.safeParse(merge(preset, entry));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw new SourceConfigError(`${where} "${id}": field ${field}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadSources(file?: string): Source[] {
  const builtin = defineSource(BUILTIN_SOURCE, 'built-in source');
  if (!file) return [builtin];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SourceConfigError(`${file}: cannot read sources (${(cause as Error).message})`, { cause });
  }
  const entries = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw.sources) ? raw.sources : null;
  if (!entries) throw new SourceConfigError(`${file}: expected an array of sources or { "sources": [...] }`);
  const byId = new Map<string, Source>([[builtin.id, builtin]]);
  entries.forEach((entry, i) => {
    if (!isObject(entry)) throw new SourceConfigError(`${file}: sources[${i}] is not an object`);
    const base = entry.id === builtin.id ? (BUILTIN_SOURCE as Record<string, unknown>) : undefined;
    const source = defineSource(merge(base, entry), `${file}: sources[${i}]`);
    if (byId.has(source.id) && source.id !== builtin.id) {
      throw new SourceConfigError(`${file}: sources[${i}] "${source.id}": duplicate id`);
    }
    byId.set(source.id, source);
  });
  return [...byId.values()];
}
