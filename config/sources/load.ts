/**
 * A sources file decides which sources exist: `{ "sources": [...] }` (or a bare array) of declarations,
 * each starting from its `preset`. Without a file, the default one (default.sources.json: the gzjkq
 * portal xxgk was modelled on) is used. Validation is strict: errors name the file, the source, the
 * field, and for an unknown key the valid key it most likely meant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NonRetryableError } from '../errors.ts';
import { describeIssues, nearestKeys, unknownKeyMessage } from '../unknown-keys.ts';
import { isPresetName, PRESET_NAMES, PRESETS } from './presets.ts';
import { type Source, type SourceInput, SourceSchema } from './schema.ts';

/** The sources used when none are configured (`XXGK_SOURCES_FILE` unset). */
export const DEFAULT_SOURCES_FILE = join(import.meta.dirname, 'default.sources.json');

export class SourceConfigError extends NonRetryableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('sources.invalid', message, options);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Later layers win, merged all the way down (`list: { itemSelector }` keeps the preset's paging), except
 * that a `paging` of another style replaces the preset's whole (its fields belong to that style).
 */
export function mergeLayers(...layers: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      const prev = out[k];
      const sameKind = !(isObject(v) && isObject(prev) && 'style' in v && v.style !== prev.style);
      out[k] = isObject(v) && isObject(prev) && sameKind ? mergeLayers(prev, v) : v;
    }
  }
  return out;
}

const MAX_LISTED = 8;

/** Validates one declaration (after applying its preset); `where` names it in errors. */
export function defineSource(input: SourceInput | Record<string, unknown>, where = 'source'): Source {
  const entry = input as Record<string, unknown>;
  const id = typeof entry.id === 'string' ? entry.id : '(no id)';
  let preset: Record<string, unknown> | undefined;
  if (entry.preset !== undefined) {
    const name = String(entry.preset);
    if (!isPresetName(name)) {
      const near = nearestKeys(name, PRESET_NAMES);
      const hint = near.length > 0 ? ` (did you mean "${near[0]}"?)` : '';
      throw new SourceConfigError(
        `${where} "${id}": preset "${name}" is not one of ${PRESET_NAMES.join(', ')}${hint}`,
      );
    }
    preset = PRESETS[name] as Record<string, unknown>;
  }
  const merged = mergeLayers(preset, entry);
  const parsed = SourceSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, SourceSchema, merged);
    const shown = problems.slice(0, MAX_LISTED);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    const body = shown.length === 1 ? shown[0] : `\n  ${shown.join('\n  ')}${more}`;
    throw new SourceConfigError(`${where} "${id}": ${body}`);
  }
  return parsed.data;
}

/** The file's text as JSON, or an error naming it. */
export function readSourcesFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SourceConfigError(`${file}: cannot read sources (${(cause as Error).message})`, { cause });
  }
}

/** The entries of a parsed sources file, before validation. */
export function sourceEntries(raw: unknown, file: string): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (!isObject(raw) || !Array.isArray(raw.sources))
    throw new SourceConfigError(`${file}: expected an array of sources or { "sources": [...] }`);
  for (const key of Object.keys(raw)) {
    if (key !== 'sources' && key !== '$schema')
      throw new SourceConfigError(`${file}: ${unknownKeyMessage(key, ['sources', '$schema'])}`);
  }
  return raw.sources;
}

/** Every declaration of a sources file, validated; ids are unique. */
export function parseSources(raw: unknown, file: string): Source[] {
  const byId = new Map<string, Source>();
  sourceEntries(raw, file).forEach((entry, i) => {
    if (!isObject(entry)) throw new SourceConfigError(`${file}: sources[${i}] is not an object`);
    const source = defineSource(entry, `${file}: sources[${i}]`);
    if (byId.has(source.id))
      throw new SourceConfigError(`${file}: sources[${i}] "${source.id}": duplicate id`);
    byId.set(source.id, source);
  });
  return [...byId.values()];
}

/** The sources of `file`, or of the default sources file when none is given. */
export function loadSources(file?: string): Source[] {
  const path = file ?? DEFAULT_SOURCES_FILE;
  const sources = parseSources(readSourcesFile(path), path);
  if (sources.length === 0) throw new SourceConfigError(`${path}: declares no source`);
  return sources;
}

/** The default sources (the gzjkq portal), for code that starts from them. */
export function defaultSourceEntries(): Array<Record<string, unknown>> {
  return sourceEntries(readSourcesFile(DEFAULT_SOURCES_FILE), DEFAULT_SOURCES_FILE) as Array<
    Record<string, unknown>
  >;
}
