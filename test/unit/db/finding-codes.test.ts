/** One list of finding codes (extractors/finding-codes.ts): the schema document and the codebook follow it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingEntries, keyEntries } from '../../../db/codebook.ts';
import { FINDING_CODES } from '../../../extractors/finding-codes.ts';
import { ERROR_CODES } from '../../../extractors/findings.ts';
import { TABLE_KEYS } from '../../../extractors/record.ts';
import { TEMPLATES } from '../../../extractors/templates/index.ts';

const SCHEMA_DOC = join(import.meta.dirname, '../../../db/report-schema.md');

/** `| \`code\` | severity | rule |` rows of the document's finding tables. */
function documentedCodes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(SCHEMA_DOC, 'utf8').matchAll(
    /^\| `([a-z]+\.[a-z_]+)` \| (error|warning|info) \|/gm,
  ))
    out.set(m[1]!, m[2]!);
  return out;
}

describe('finding codes', () => {
  it('db/report-schema.md documents exactly the declared codes, with their severities', () => {
    const documented = documentedCodes();
    const declared = new Map(Object.entries(FINDING_CODES).map(([code, f]) => [code, f.severity as string]));
    expect([...documented].sort()).toEqual([...declared].sort());
  });

  it('every code that makes a report partial is declared as an error', () => {
    for (const code of ERROR_CODES)
      expect(FINDING_CODES[code as keyof typeof FINDING_CODES]?.severity, code).toBe('error');
  });

  it('every declared code has both meanings, and the codebook lists each once', () => {
    for (const [code, f] of Object.entries(FINDING_CODES)) {
      expect(f.zh, code).toMatch(/\p{Script=Han}/u);
      expect(f.en.length, code).toBeGreaterThan(10);
    }
    expect(findingEntries().map((e) => e.name)).toEqual(Object.keys(FINDING_CODES));
  });
});

describe('codebook keys', () => {
  it('lists every row and column key of every template with the label the template prints', () => {
    const entries = keyEntries();
    for (const table of TABLE_KEYS)
      for (const v of ['2019', '2021'] as const) {
        const t = TEMPLATES[table][v];
        for (const r of t.rows) {
          const e = entries.find(
            (x) => x.kind === 'row' && x.object === table && x.name === r.key && x.templates.includes(v),
          );
          expect(e, `${table} ${v} ${r.key}`).toBeDefined();
          if (r.label) expect(e!.label_zh.endsWith(r.label), `${table} ${r.key}`).toBe(true);
        }
        for (const c of Object.values(t.columns)) {
          const e = entries.find(
            (x) => x.kind === 'col' && x.object === table && x.name === c.key && x.templates.includes(v),
          );
          expect(e?.label_zh.endsWith(c.label), `${table} ${v} ${c.key}`).toBe(true);
        }
      }
  });
});
