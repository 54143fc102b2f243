/**
 * The published JSON Schema of sources files: generated from the zod schema, committed as
 * config/sources/sources.schema.json (kept equal here), and the README's field reference and
 * examples checked against it (every field documented, every example valid and loadable).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { sourcesJsonSchema } from '../../../config/sources/json-schema.ts';
import { DEFAULT_SOURCES_FILE, parseSources } from '../../../config/sources/load.ts';
import { SOURCES_SCHEMA_FILE } from '../../../config/sources/write.ts';

const README = readFileSync(join(import.meta.dirname, '../../../config/sources/README.md'), 'utf8');
const committed = JSON.parse(readFileSync(SOURCES_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { uri: /^https?:\/\/\S+$/ } });
const validate = ajv.compile(committed);
const errorsOf = (doc: unknown) =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

/** The ```json blocks after the README's "## Examples" heading. */
const examples = [...README.slice(README.indexOf('## Examples')).matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]!) as { sources: Array<{ preset: string }> },
);

/** Every property path of the schema: `list.paging.template`, `lists[].path`… */
function fieldPaths(): string[] {
  const defs = (committed.$defs ?? {}) as Record<string, Record<string, unknown>>;
  const out = new Set<string>();
  const walk = (node: Record<string, unknown> | undefined, prefix: string, depth: number) => {
    if (!node || depth > 8) return;
    const ref = node.$ref as string | undefined;
    if (ref) return walk(defs[ref.split('/').pop()!], prefix, depth + 1);
    for (const key of ['anyOf', 'oneOf'] as const)
      for (const option of (node[key] as Array<Record<string, unknown>> | undefined) ?? [])
        walk(option, prefix, depth + 1);
    if (node.type === 'array') return walk(node.items as Record<string, unknown>, `${prefix}[]`, depth + 1);
    for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      const path = prefix ? `${prefix}.${k}` : k;
      out.add(path);
      walk(v, path, depth + 1);
    }
  };
  walk(defs.Source, '', 0);
  return [...out];
}

describe('sources.schema.json', () => {
  it('is what the zod schema generates (run `xxgk sources schema > config/sources/sources.schema.json` after changing it)', () => {
    expect(committed).toEqual(sourcesJsonSchema());
  });

  it('validates the default sources file and rejects an unknown key, a bad paging style and a missing baseUrl', () => {
    expect(errorsOf(JSON.parse(readFileSync(DEFAULT_SOURCES_FILE, 'utf8')))).toEqual([]);
    const entry = { id: 'a', baseUrl: 'https://a.gov.cn' };
    expect(errorsOf({ sources: [entry] })).toEqual([]);
    expect(errorsOf({ sources: [{ ...entry, listt: {} }] }).join('\n')).toMatch(/additional properties/);
    expect(errorsOf({ sources: [{ ...entry, list: { paging: { style: 'infinite' } } }] })).not.toEqual([]);
    expect(errorsOf({ sources: [{ id: 'a' }] }).join('\n')).toMatch(/baseUrl/);
    expect(errorsOf({ sources: [{ ...entry, preset: 'wordpress' }] })).not.toEqual([]);
  });
});

describe('config/sources/README.md', () => {
  it('has an example per family, each valid against the JSON Schema and loadable as is', () => {
    const presets = examples.flatMap((e) => e.sources.map((s) => s.preset));
    for (const family of ['hanweb', 'hanweb-proxy', 'trs', 'epoint', 'jiyue', 'gzjkq', 'generic'])
      expect(presets, family).toContain(family);
    for (const example of examples) {
      expect(errorsOf(example), JSON.stringify(example)).toEqual([]);
      expect(() => parseSources(example, 'README example')).not.toThrow();
    }
  });

  it('documents every field of the schema in its field reference', () => {
    const reference = README.slice(README.indexOf('## Field reference'), README.indexOf('## The families'));
    // A list entry's overrides are the `list` fields, documented once under `list.…`.
    const documented = (p: string) =>
      reference.includes(`\`${p}\``) ||
      (p.startsWith('lists[].') && reference.includes(`\`${p.replace('lists[].', 'list.')}\``));
    const undocumented = fieldPaths().filter((p) => !documented(p));
    expect(undocumented).toEqual([]);
  });
});
