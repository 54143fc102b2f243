/**
 * The codebook `xxgk export` writes beside the data (codebook.csv, codebook.md), each part read from
 * its one source: views and columns from the database's own comments (migrations' COMMENT ON), the
 * keys of the three tables from the extractor's templates, finding codes from their declaration.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_CODES } from '../extractors/finding-codes.ts';
import { TABLE_KEYS, type TableKey } from '../extractors/record.ts';
import { TEMPLATES } from '../extractors/templates/index.ts';
import type { Queryable } from './engine.ts';
import { PUBLIC_VIEWS } from './export.ts';
import { toCsv } from './format.ts';
import { columnLabel, TABLE_TITLES } from './show-report.ts';

export const CODEBOOK_KINDS = ['view', 'column', 'row', 'col', 'finding'] as const;

export interface CodebookEntry {
  kind: (typeof CODEBOOK_KINDS)[number];
  /** The view (view, column), the table key (row, col) or where findings are (report_findings). */
  object: string;
  /** The column, key or code ('' for a view). */
  name: string;
  /** SQL type (column), value kind (col), severity (finding). */
  type: string;
  label_zh: string;
  meaning: string;
  /** Templates a key belongs to (2019, 2021). */
  templates: string;
}

const COLUMNS: Array<keyof CodebookEntry> = [
  'kind',
  'object',
  'name',
  'type',
  'label_zh',
  'meaning',
  'templates',
];

/** `中文 | English` (the migrations' comment convention) → its two halves. */
export function splitComment(c: string | null): { zh: string; en: string } {
  if (!c) return { zh: '', en: '' };
  const i = c.indexOf(' | ');
  return i < 0 ? { zh: '', en: c } : { zh: c.slice(0, i), en: c.slice(i + 3) };
}

async function viewEntries(db: Queryable): Promise<CodebookEntry[]> {
  const views = await db.query<{ view: string; description: string | null }>(
    `SELECT v AS view, obj_description(format('%I.%I', current_schema(), v)::regclass, 'pg_class') AS description
     FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
    [[...PUBLIC_VIEWS]],
  );
  const cols = await db.query<{ view: string; column: string; type: string; description: string | null }>(
    `SELECT c.table_name AS view, c.column_name AS column, c.data_type AS type,
            col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position::int) AS description
     FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.table_name = ANY($1::text[])
     ORDER BY c.table_name, c.ordinal_position`,
    [[...PUBLIC_VIEWS]],
  );
  const out: CodebookEntry[] = [];
  for (const v of views) {
    const d = splitComment(v.description);
    out.push({
      kind: 'view',
      object: v.view,
      name: '',
      type: 'view',
      label_zh: d.zh,
      meaning: d.en,
      templates: '',
    });
    for (const c of cols.filter((x) => x.view === v.view)) {
      const cd = splitComment(c.description);
      out.push({
        kind: 'column',
        object: v.view,
        name: c.column,
        type: c.type,
        label_zh: cd.zh,
        meaning: cd.en,
        templates: '',
      });
    }
  }
  return out;
}

/** Each table's row and column keys with the labels the templates print (one entry per distinct label). */
export function keyEntries(): CodebookEntry[] {
  const out: CodebookEntry[] = [];
  const add = (e: Omit<CodebookEntry, 'templates'>, version: string) => {
    const same = out.find(
      (o) => o.kind === e.kind && o.object === e.object && o.name === e.name && o.label_zh === e.label_zh,
    );
    if (same) same.templates = `${same.templates}, ${version}`;
    else out.push({ ...e, templates: version });
  };
  for (const table of TABLE_KEYS) {
    for (const version of ['2019', '2021'] as const) {
      const t = TEMPLATES[table][version];
      for (const r of t.rows) {
        add(
          {
            kind: 'row',
            object: table,
            name: r.key,
            type: '',
            label_zh:
              [...(r.groups ?? []), r.label].filter(Boolean).join(' / ') || '（一行：复议、诉讼各项）',
            meaning: `row of the ${table} table; columns ${r.cols.join(', ')}${r.optional ? '; a subtotal only some reports print' : ''}`,
          },
          version,
        );
      }
      for (const c of Object.values(t.columns)) {
        add(
          {
            kind: 'col',
            object: table,
            name: c.key,
            type: c.kind,
            label_zh: columnLabel(table, c),
            meaning:
              c.kind === 'money'
                ? `money, stored in yuan (the template prints ${c.unit === 'wan' ? '万元' : '元'}; a unit in the header or cell wins)`
                : c.kind === 'change'
                  ? 'change on last year (negative = decrease)'
                  : 'count',
          },
          version,
        );
      }
    }
  }
  return out;
}

export function findingEntries(): CodebookEntry[] {
  return Object.entries(FINDING_CODES).map(([code, f]) => ({
    kind: 'finding',
    object: 'report_findings',
    name: code,
    type: f.severity,
    label_zh: f.zh,
    meaning: `${f.en} (by the ${f.by === 'dataset' ? 'loader' : 'extractor'})`,
    templates: '',
  }));
}

export async function buildCodebook(db: Queryable): Promise<CodebookEntry[]> {
  return [...(await viewEntries(db)), ...keyEntries(), ...findingEntries()];
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function codebookMarkdown(entries: CodebookEntry[]): string {
  const out = [
    '# xxgk codebook',
    '',
    'Written by `xxgk export` beside the data. Views and columns: the descriptions stored in the database',
    '(`COMMENT ON`, also shown by psql `\\d+`); table keys: the national templates as the extractor reads them;',
    'finding codes: the extractor’s declaration. `codebook.csv` holds the same entries, one per line.',
    '',
    '## Views',
  ];
  for (const v of entries.filter((e) => e.kind === 'view')) {
    out.push(
      '',
      `### \`${v.object}\` — ${md(v.label_zh)}`,
      '',
      md(v.meaning),
      '',
      '| column | type | 中文 | meaning |',
      '|---|---|---|---|',
    );
    for (const c of entries.filter((e) => e.kind === 'column' && e.object === v.object))
      out.push(`| \`${c.name}\` | ${c.type} | ${md(c.label_zh)} | ${md(c.meaning)} |`);
  }
  out.push(
    '',
    '## Keys of the three tables',
    '',
    '`table_key`, `row_key`, `col_key` of `report_cells` and the wide views.',
  );
  for (const table of TABLE_KEYS as readonly TableKey[]) {
    out.push(
      '',
      `### \`${table}\` — ${TABLE_TITLES[table]}`,
      '',
      '| row_key | templates | 中文（模板行） | meaning |',
      '|---|---|---|---|',
    );
    for (const r of entries.filter((e) => e.kind === 'row' && e.object === table))
      out.push(`| \`${r.name}\` | ${r.templates} | ${md(r.label_zh)} | ${md(r.meaning)} |`);
    out.push('', '| col_key | templates | 中文（模板列） | kind |', '|---|---|---|---|');
    for (const c of entries.filter((e) => e.kind === 'col' && e.object === table))
      out.push(`| \`${c.name}\` | ${c.templates} | ${md(c.label_zh)} | ${md(c.meaning)} |`);
  }
  out.push('', '## Finding codes', '', '| code | severity | 中文 | meaning |', '|---|---|---|---|');
  for (const f of entries.filter((e) => e.kind === 'finding'))
    out.push(`| \`${f.name}\` | ${f.type} | ${md(f.label_zh)} | ${md(f.meaning)} |`);
  return `${out.join('\n')}\n`;
}

/** codebook.csv (UTF-8 with BOM, like the views' CSV) and codebook.md in `outDir`. */
export async function writeCodebook(
  db: Queryable,
  outDir: string,
): Promise<{ csv: string; markdown: string; entries: CodebookEntry[] }> {
  const entries = await buildCodebook(db);
  const csv = join(outDir, 'codebook.csv');
  const markdown = join(outDir, 'codebook.md');
  writeFileSync(
    csv,
    toCsv(COLUMNS as string[], entries as unknown as Record<string, unknown>[], { bom: true }),
  );
  writeFileSync(markdown, codebookMarkdown(entries));
  return { csv, markdown, entries };
}
