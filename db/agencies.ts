/**
 * Sources and agencies: resolve names to one agency per normalised key, record every spelling as
 * an alias and every name folded into an existing agency as a merge (with its reason).
 */
import { agencyKey } from './agency-key.ts';
import { recomputeYearFindings } from './cross-year.ts';
import type { Queryable } from './engine.ts';
import { DbInputError } from './errors.ts';

export interface SourceInput {
  name: string;
  baseUrl: string;
  region?: string | null;
}

export async function upsertSource(db: Queryable, s: SourceInput): Promise<number> {
  if (!s.name.trim()) throw new DbInputError('db.source', 'upsertSource: empty source name');
  const rows = await db.query<{ id: number }>(
    `INSERT INTO sources (name, base_url, region) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET base_url = EXCLUDED.base_url,
       region = coalesce(EXCLUDED.region, sources.region)
     RETURNING id`,
    [s.name, s.baseUrl, s.region ?? null],
  );
  return rows[0]!.id;
}

export interface SourceRow {
  id: number;
  name: string;
  region: string | null;
}

/** Source rows by name; unknown names are created with the origin of `urlHint` as base URL. */
export async function resolveSources(
  db: Queryable,
  names: Map<string, string>,
): Promise<Map<string, SourceRow>> {
  const out = new Map<string, SourceRow>();
  if (names.size === 0) return out;
  const rows = await db.query<SourceRow>(
    'SELECT id, name, region FROM sources WHERE name = ANY($1::text[])',
    [[...names.keys()]],
  );
  for (const r of rows) out.set(r.name, r);
  for (const [name, urlHint] of names) {
    if (out.has(name)) continue;
    const id = await upsertSource(db, { name, baseUrl: originOf(urlHint) });
    out.set(name, { id, name, region: null });
  }
  return out;
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? 'file://' : u.origin;
  } catch {
    return url;
  }
}

export interface AgencyInput {
  name: string;
  region: string | null;
  sourceId: number | null;
}

/**
 * Agency id per name (names with a blank key are left out). New spellings of a known key become
 * aliases and are logged in agency_merges, so a researcher can see and undo every fold.
 */
export async function resolveAgencies(db: Queryable, inputs: AgencyInput[]): Promise<Map<string, number>> {
  const byName = new Map<string, AgencyInput & { key: string }>();
  for (const a of inputs) {
    const key = agencyKey(a.name);
    if (key && !byName.has(a.name)) byName.set(a.name, { ...a, key });
  }
  const out = new Map<string, number>();
  if (byName.size === 0) return out;
  const known = await db.query<{ alias: string; agency_id: number }>(
    'SELECT alias, agency_id FROM agency_aliases WHERE alias = ANY($1::text[])',
    [[...byName.keys()]],
  );
  for (const k of known) out.set(k.alias, k.agency_id);
  const missing = [...byName.values()].filter((a) => !out.has(a.name));
  if (missing.length === 0) return out;

  // New agencies (first spelling wins the display name); a concurrent loader may win the race.
  const firstPerKey = new Map<string, (typeof missing)[number]>();
  for (const m of missing) if (!firstPerKey.has(m.key)) firstPerKey.set(m.key, m);
  const fresh = [...firstPerKey.values()];
  const inserted = await db.query<{ id: number; agency_key: string }>(
    `INSERT INTO agencies (agency_key, name, region, source_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
     ON CONFLICT (agency_key) DO NOTHING RETURNING id, agency_key`,
    [
      fresh.map((f) => f.key),
      fresh.map((f) => f.name),
      fresh.map((f) => f.region),
      fresh.map((f) => f.sourceId),
    ],
  );
  const createdKeys = new Set(inserted.map((r) => r.agency_key));
  const byKey = await db.query<{ id: number; agency_key: string; name: string }>(
    'SELECT id, agency_key, name FROM agencies WHERE agency_key = ANY($1::text[])',
    [[...firstPerKey.keys()]],
  );
  const idOfKey = new Map(byKey.map((r) => [r.agency_key, r]));
  const aliasRows: Array<[number, string]> = [];
  const mergeRows: Array<[number, string, string, string]> = [];
  for (const m of missing) {
    const agency = idOfKey.get(m.key)!;
    out.set(m.name, agency.id);
    aliasRows.push([agency.id, m.name]);
    const isFirstSpelling = createdKeys.has(m.key) && firstPerKey.get(m.key)!.name === m.name;
    if (!isFirstSpelling) {
      mergeRows.push([agency.id, m.name, m.key, `normalised key "${m.key}" matches agency "${agency.name}"`]);
    }
  }
  await db.query(
    `INSERT INTO agency_aliases (agency_id, alias) SELECT * FROM unnest($1::int[], $2::text[])
     ON CONFLICT (alias) DO NOTHING`,
    [aliasRows.map((r) => r[0]), aliasRows.map((r) => r[1])],
  );
  if (mergeRows.length) {
    await db.query(
      `INSERT INTO agency_merges (agency_id, merged_name, merged_key, reason)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])`,
      [
        mergeRows.map((r) => r[0]),
        mergeRows.map((r) => r[1]),
        mergeRows.map((r) => r[2]),
        mergeRows.map((r) => r[3]),
      ],
    );
  }
  return out;
}

/**
 * Folds agency `fromId` into `intoId` (a researcher's decision the key could not make): its
 * reports and aliases move, the merge is recorded with `reason`, cross-year findings are recomputed.
 */
export async function mergeAgencies(
  db: Queryable,
  fromId: number,
  intoId: number,
  reason: string,
): Promise<void> {
  if (fromId === intoId)
    throw new DbInputError('db.merge', 'mergeAgencies: an agency cannot merge into itself');
  if (!reason.trim()) throw new DbInputError('db.merge', 'mergeAgencies: a reason is required');
  const from = await db.query<{ name: string; agency_key: string }>(
    'SELECT name, agency_key FROM agencies WHERE id = $1',
    [fromId],
  );
  const into = await db.query<{ id: number }>('SELECT id FROM agencies WHERE id = $1', [intoId]);
  if (!from[0] || !into[0])
    throw new DbInputError('db.merge', `mergeAgencies: unknown agency ${from[0] ? intoId : fromId}`);
  await db.query('UPDATE reports SET agency_id = $2 WHERE agency_id = $1', [fromId, intoId]);
  await db.query('UPDATE agency_aliases SET agency_id = $2 WHERE agency_id = $1', [fromId, intoId]);
  await db.query('UPDATE agency_merges SET agency_id = $2 WHERE agency_id = $1', [fromId, intoId]);
  await db.query('DELETE FROM year_findings WHERE agency_id = $1', [fromId]);
  await db.query(
    'INSERT INTO agency_merges (agency_id, merged_name, merged_key, reason) VALUES ($1, $2, $3, $4)',
    [intoId, from[0].name, from[0].agency_key, reason],
  );
  await db.query('DELETE FROM agencies WHERE id = $1', [fromId]);
  await recomputeYearFindings(db, [intoId]);
}
