/**
 * Strict config files: a key the schema does not know is a typo until proven otherwise, so it is an
 * error that names the key and the valid key it most likely meant (`listt` → `list`). Shared by the
 * sources files (config/sources/load.ts) and the settings file: declare the schema with
 * `z.strictObject`, then turn its issues into one line each with `describeIssue`.
 */
import type { z } from 'zod';

/** Edit distance with adjacent transpositions (optimal string alignment): `databseUrl` → `databaseUrl` is 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The valid keys closest to `key` (several when tied), or [] when none is close enough to be a typo:
 * a case-only difference, or an edit distance within a third of the longer word (at least 1, at most 3).
 */
export function nearestKeys(key: string, valid: readonly string[]): string[] {
  const lower = key.toLowerCase();
  const sameCase = valid.filter((v) => v.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase;
  let best = Number.POSITIVE_INFINITY;
  let out: string[] = [];
  for (const v of valid) {
    const dist = editDistance(lower, v.toLowerCase());
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(key.length, v.length) / 3)));
    if (dist > limit) continue;
    if (dist < best) {
      best = dist;
      out = [v];
    } else if (dist === best) out.push(v);
  }
  return out;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** Unwraps defaults, optionals, nullables, pipes and lazies down to the schema that has the shape. */
function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 20; i++) {
    const def = defOf(s);
    if (!def) return s;
    if (
      ['default', 'optional', 'nullable', 'readonly', 'catch', 'prefault', 'nonoptional'].includes(def.type)
    )
      s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else if (def.type === 'lazy') s = (def.getter as () => unknown)();
    else return s;
  }
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * The keys the schema accepts for the object at `path` of `input` (unions: the option the input's
 * discriminator picks, else every option's keys). [] when the path leads to no object schema.
 */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[], input?: unknown): string[] {
  let s: unknown = schema;
  for (let i = 0; i <= path.length; i++) {
    s = unwrap(s);
    const def = defOf(s);
    if (!def) return [];
    if (def.type === 'union') {
      const options = (def.options as unknown[]).map(unwrap);
      const disc = def.discriminator as string | undefined;
      const value = valueAt(input, path.slice(0, i)) as Record<string, unknown> | undefined;
      const picked = disc
        ? options.find((o) => {
            const shape = defOf(o)?.shape as Record<string, unknown> | undefined;
            const lit = defOf(shape?.[disc]);
            return lit?.type === 'literal' && (lit.values as unknown[]).includes(value?.[disc]);
          })
        : undefined;
      if (i === path.length) {
        const keys = (picked ? [picked] : options).flatMap((o) =>
          Object.keys((defOf(o)?.shape as object | undefined) ?? {}),
        );
        return [...new Set(keys)];
      }
      if (!picked) return [];
      s = picked;
      i--;
      continue;
    }
    if (i === path.length) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    const k = path[i]!;
    if (def.type === 'object') s = (def.shape as Record<PropertyKey, unknown>)[k];
    else if (def.type === 'array') s = def.element;
    else if (def.type === 'record') s = def.valueType;
    else return [];
  }
  return [];
}

/** `sources[0].list.paging` style, for messages. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

/** `unknown key "listt" (did you mean "list" or "lists"?)`, or the valid keys when none is close. */
export function unknownKeyMessage(key: string, valid: readonly string[], where = ''): string {
  const near = nearestKeys(key, valid);
  const at = where ? ` in ${where}` : '';
  if (near.length > 0)
    return `unknown key "${key}"${at} (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)`;
  return `unknown key "${key}"${at} (valid keys: ${valid.join(', ')})`;
}

/**
 * One line per issue: unknown keys with their nearest valid key, others as `field a.b: message`.
 * `input` is what was parsed (it picks the union option the discriminator names).
 */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const valid = keysAt(schema, issue.path, input);
    const where = formatPath(issue.path);
    return issue.keys.map((k) => unknownKeyMessage(k, valid, where));
  }
  return [`field ${formatPath(issue.path) || '(root)'}: ${issue.message}`];
}

/** Every issue of a failed parse, unknown keys first (they usually explain the rest). */
export function describeIssues(error: z.ZodError, schema: z.ZodType, input: unknown): string[] {
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  return issues.flatMap((i) => describeIssue(i, schema, input));
}
