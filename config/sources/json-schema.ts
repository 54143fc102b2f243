/**
 * The JSON Schema of sources files, generated from the zod schema (zod's `z.toJSONSchema`, input side:
 * fields with defaults are optional), published as `sources.schema.json` for editors and validators
 * (`xxgk sources schema > config/sources/sources.schema.json`). A test keeps the committed file equal
 * to this and validates the README's examples with it.
 */
import { z } from 'zod';
import { PRESET_NAMES } from './presets.ts';
import { Paging, SourceSchema, SourcesFileSchema } from './schema.ts';

export function sourcesJsonSchema(): Record<string, unknown> {
  const defs = z.registry<{ id: string }>();
  defs.add(SourceSchema, { id: 'Source' });
  defs.add(Paging, { id: 'Paging' });
  const schema = z.toJSONSchema(SourcesFileSchema, { io: 'input', metadata: defs }) as unknown as {
    $schema: string;
    $defs: { Source: { properties: Record<string, Record<string, unknown>> } };
  };
  // The loader checks preset names (with a nearest-name hint); the schema lists them for editors.
  schema.$defs.Source.properties.preset = { type: 'string', enum: PRESET_NAMES };
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'https://github.com/xxgk/xxgk/config/sources/sources.schema.json',
    title: 'xxgk sources file',
    description:
      'Source declarations for xxgk: { "sources": [...] } or an array. Each entry may start from a CMS preset; field reference: config/sources/README.md.',
    ...rest,
  };
}
