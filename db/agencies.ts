/**
 * Sources and agencies: resolve each report's publisher to one agency per (scope, key) (see
 * agency-identity.ts), record every spelling as an alias and every spelling folded into an existing
 * agency by its key as a merge (with its reason). Researchers' decisions: agency-decisions.ts.
 */
import {
  type AgencyIdentity,
  type Identified,
  type IdentifyInput,
  identifyAgency,
} from './agency-identity.ts';
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

/**
 * Declares a source's region (`xxgk load --source S --region R`), creating the source if new; later
 * loads from it place bare names (区财政局) there. Agencies already made keep their identity.
 */
export async function setSourceRegion(db: Queryable, name: string, region: string): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO sources (name, base_url, region) VALUES ($1, 'file://', $2)
     ON CONFLICT (name) DO UPDATE SET region = EXCLUDED.region RETURNING id`,
    [name, region],
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

export type AgencyInput = IdentifyInput;

export interface ResolvedAgency {
  agencyId: number | null;
  /** The name the agency was identified by (the title's, when the publisher was a placeholder). */
  name: string | null;
  /** Why the printed publisher was refused (a placeholder), or null. */
  refused: string | null;
  fromTitle: boolean;
}

/** Identification is pure and names repeat in every batch: remembered (bounded) per input. */
const IDENTIFIED = new Map<string, Identified>();
function identifyCached(a: AgencyInput): Identified {
  const k = `${a.name}\u0000${a.title ?? ''}\u0000${a.sourceId ?? ''}\u0000${a.sourceRegion ?? ''}`;
  let r = IDENTIFIED.get(k);
  if (!r) {
    r = identifyAgency(a);
    if (IDENTIFIED.size > 50_000) IDENTIFIED.clear();
    IDENTIFIED.set(k, r);
  }
  return r;
}

const idKey = (scope: string, s: string) => `${scope}\u0000${s}`;

/**
 * The agency of each input, in input order. Lookups go through aliases (exact spelling in scope),
 * then keys; only an unknown key creates an agency (under a per-key advisory lock, so concurrent
 * loaders create it once). A new spelling of a known key becomes an alias and an agency_merges row.
 */
export async function resolveAgencies(db: Queryable, inputs: AgencyInput[]): Promise<ResolvedAgency[]> {
  const ids = inputs.map(identifyCached);
  const out: ResolvedAgency[] = ids.map((r) =>
    r.ok
      ? { agencyId: null, name: r.identity.name, refused: r.refused, fromTitle: r.fromTitle }
      : { agencyId: null, name: null, refused: r.refused, fromTitle: false },
  );
  const wanted = new Map<string, AgencyIdentity>();
  for (const r of ids) if (r.ok) wanted.set(idKey(r.identity.scope, r.identity.name), r.identity);
  if (wanted.size === 0) return out;
  const found = new Map<string, number>();
  const list = [...wanted.values()];
  const aliasRows = await db.query<{ scope: string; alias: string; agency_id: number }>(
    `SELECT a.scope, a.alias, a.agency_id FROM unnest($1::text[], $2::text[]) AS k(scope, alias)
     JOIN agency_aliases a ON a.scope = k.scope AND a.alias = k.alias`,
    [list.map((i) => i.scope), list.map((i) => i.name)],
  );
  for (const r of aliasRows) found.set(idKey(r.scope, r.alias), r.agency_id);
  const missing = list.filter((i) => !found.has(idKey(i.scope, i.name)));
  if (missing.length) await addSpellings(db, missing, found);
  ids.forEach((r, i) => {
    if (r.ok) out[i]!.agencyId = found.get(idKey(r.identity.scope, r.identity.name)) ?? null;
  });
  return out;
}

async function addSpellings(
  db: Queryable,
  missing: AgencyIdentity[],
  found: Map<string, number>,
): Promise<void> {
  const keys = new Map<string, AgencyIdentity>();
  for (const m of missing) if (!keys.has(idKey(m.scope, m.key))) keys.set(idKey(m.scope, m.key), m);
  await db.query(
    `SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtext('xxgk-agency-key:' || k) AS h
     FROM unnest($1::text[]) AS k ORDER BY 1) s`,
    [[...keys.values()].map((k) => `${k.scope}|${k.key}`)],
  );
  const byKey = new Map<string, { agency_id: number; name: string }>();
  const selectKeys = async (which: AgencyIdentity[]) => {
    const rows = await db.query<{ scope: string; key: string; agency_id: number; name: string }>(
      `SELECT k.scope, k.key, k.agency_id, a.name FROM unnest($1::text[], $2::text[]) AS w(scope, key)
       JOIN agency_keys k ON k.scope = w.scope AND k.key = w.key JOIN agencies a ON a.id = k.agency_id`,
      [which.map((w) => w.scope), which.map((w) => w.key)],
    );
    for (const r of rows) byKey.set(idKey(r.scope, r.key), r);
  };
  await selectKeys([...keys.values()]);
  const fresh = [...keys.values()].filter((k) => !byKey.has(idKey(k.scope, k.key)));
  if (fresh.length) {
    const rows = await db.query<{ id: number; agency_key: string }>(
      `INSERT INTO agencies (agency_key, name, region, level, kind, region_code, region_name, region_method, region_evidence)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       RETURNING id, agency_key`,
      [
        fresh.map((f) => `${f.scope}|${f.key}`),
        fresh.map((f) => f.name),
        fresh.map((f) => (f.regionEvidence && f.regionMethod === 'name' ? f.regionEvidence : f.regionName)),
        fresh.map((f) => f.level),
        fresh.map((f) => f.kind),
        fresh.map((f) => f.regionCode),
        fresh.map((f) => f.regionName),
        fresh.map((f) => f.regionMethod),
        fresh.map((f) => f.regionEvidence),
      ],
    );
    const idOf = new Map(rows.map((r) => [r.agency_key, r.id]));
    await db.query(
      `INSERT INTO agency_keys (scope, key, agency_id) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
      [
        fresh.map((f) => f.scope),
        fresh.map((f) => f.key),
        fresh.map((f) => idOf.get(`${f.scope}|${f.key}`)!),
      ],
    );
    for (const f of fresh) {
      byKey.set(idKey(f.scope, f.key), { agency_id: idOf.get(`${f.scope}|${f.key}`)!, name: f.name });
    }
  }
  const merges: Array<[number, string, string, string]> = [];
  for (const m of missing) {
    const agency = byKey.get(idKey(m.scope, m.key))!;
    found.set(idKey(m.scope, m.name), agency.agency_id);
    // A concurrent loader may have created the agency under this very spelling: not a fold.
    if (agency.name !== m.name) {
      merges.push([
        agency.agency_id,
        m.name,
        m.key,
        `normalised key "${m.key}" matches agency "${agency.name}" (${m.scope || 'no region or source'})`,
      ]);
    }
  }
  await db.query(
    `INSERT INTO agency_aliases (agency_id, alias, scope, key) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (scope, alias) DO NOTHING`,
    [
      missing.map((m) => found.get(idKey(m.scope, m.name))!),
      missing.map((m) => m.name),
      missing.map((m) => m.scope),
      missing.map((m) => m.key),
    ],
  );
  if (merges.length) {
    await db.query(
      `INSERT INTO agency_merges (agency_id, merged_name, merged_key, reason)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])`,
      [merges.map((r) => r[0]), merges.map((r) => r[1]), merges.map((r) => r[2]), merges.map((r) => r[3])],
    );
  }
}
