/**
 * Appends a declaration to a sources file (creating it with a `$schema` pointing at the published JSON
 * Schema), refusing a duplicate id and anything that would not load back.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseSources, readSourcesFile, SourceConfigError } from './load.ts';

export const SOURCES_SCHEMA_FILE = join(import.meta.dirname, 'sources.schema.json');

export function appendToSourcesFile(file: string, entry: Record<string, unknown>): void {
  let doc: { $schema?: string; sources: unknown[] } | unknown[];
  if (existsSync(file)) {
    const raw = readSourcesFile(file);
    if (Array.isArray(raw)) doc = raw;
    else if (raw && typeof raw === 'object' && Array.isArray((raw as { sources?: unknown }).sources))
      doc = raw as { sources: unknown[] };
    else throw new SourceConfigError(`${file}: expected an array of sources or { "sources": [...] }`);
  } else {
    let schema = relative(dirname(file), SOURCES_SCHEMA_FILE);
    if (!schema.startsWith('.')) schema = `./${schema}`;
    doc = { $schema: schema, sources: [] };
  }
  const entries = Array.isArray(doc) ? doc : doc.sources;
  if (entries.some((e) => (e as { id?: unknown })?.id === entry.id))
    throw new SourceConfigError(
      `${file}: already declares a source "${String(entry.id)}" (choose another id with --id)`,
    );
  entries.push(entry);
  // Checked as a whole before anything is written: the file must load back.
  parseSources(doc, file);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}
