/**
 * Researchers' decisions about agencies (`xxgk agencies merge|split`): recorded with what moved,
 * reversible, and never undone by a reload — loads find agencies through the aliases and keys these
 * decisions move. A merged agency stays as a tombstone (`merged_into`), so undoing a merge brings
 * back the same agency id that papers may already cite.
 */
import { recomputeYearFindings } from './cross-year.ts';
import type { Queryable } from './engine.ts';
import { DbInputError } from './errors.ts';

interface Moved {
  aliases: number[];
  keys: number[];
  reports: number[];
}

async function liveAgency(db: Queryable, id: number, what: string) {
  const rows = await db.query<{ id: number; name: string; merged_into: number | null }>(
    'SELECT id, name, merged_into FROM agencies WHERE id = $1',
    [id],
  );
  const a = rows[0];
  if (!a) throw new DbInputError('agency.unknown', `${what}: no agency ${id}`);
  return a;
}

async function record(
  db: Queryable,
  action: 'merge' | 'split' | 'unmerge',
  agencyId: number,
  otherId: number | null,
  moved: Moved,
  reason: string,
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO agency_decisions (action, agency_id, other_agency_id, moved, reason)
     VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id`,
    [action, agencyId, otherId, JSON.stringify(moved), reason],
  );
  return rows[0]!.id;
}

async function move(db: Queryable, moved: Moved, to: number): Promise<void> {
  await db.query('UPDATE agency_aliases SET agency_id = $2 WHERE id = ANY($1::int[])', [moved.aliases, to]);
  await db.query('UPDATE agency_keys SET agency_id = $2 WHERE id = ANY($1::int[])', [moved.keys, to]);
  await db.query('UPDATE reports SET agency_id = $2 WHERE id = ANY($1::int[])', [moved.reports, to]);
}

const requireReason = (reason: string, what: string) => {
  if (!reason.trim()) throw new DbInputError('agency.reason', `${what}: a reason is required`);
};

/**
 * Folds agency `fromId` into `intoId` (e.g. 工商局 → 市场监管局 in the 2018–2019 机构改革): its aliases,
 * keys and reports move; `fromId` stays as a tombstone. Returns the decision id.
 */
export async function mergeAgencies(
  db: Queryable,
  fromId: number,
  intoId: number,
  reason: string,
): Promise<number> {
  if (fromId === intoId) throw new DbInputError('agency.merge', 'merge: an agency cannot merge into itself');
  requireReason(reason, 'merge');
  const from = await liveAgency(db, fromId, 'merge');
  const into = await liveAgency(db, intoId, 'merge');
  for (const a of [from, into])
    if (a.merged_into !== null)
      throw new DbInputError(
        'agency.merged',
        `merge: agency ${a.id} was merged into ${a.merged_into}; use that one`,
      );
  const moved = await ownedBy(db, fromId);
  await move(db, moved, intoId);
  await db.query('UPDATE agencies SET merged_into = $2 WHERE id = $1', [fromId, intoId]);
  await db.query('DELETE FROM year_findings WHERE agency_id = $1', [fromId]);
  const id = await record(db, 'merge', intoId, fromId, moved, reason);
  await recomputeYearFindings(db, [intoId]);
  return id;
}

async function ownedBy(db: Queryable, agencyId: number, aliases?: string[]): Promise<Moved> {
  const aliasRows = await db.query<{ id: number; alias: string; key: string | null; scope: string }>(
    `SELECT id, alias, key, scope FROM agency_aliases WHERE agency_id = $1 AND ($2::text[] IS NULL OR alias = ANY($2::text[]))`,
    [agencyId, aliases ?? null],
  );
  const reports = await db.query<{ id: number }>(
    `SELECT id FROM reports WHERE agency_id = $1 AND ($2::text[] IS NULL OR agency_name = ANY($2::text[]))`,
    [agencyId, aliases ?? null],
  );
  let keys: Array<{ id: number }>;
  if (!aliases) {
    keys = await db.query('SELECT id FROM agency_keys WHERE agency_id = $1', [agencyId]);
  } else {
    // A key goes along only when no spelling staying behind still uses it.
    keys = await db.query(
      `SELECT k.id FROM agency_keys k WHERE k.agency_id = $1
         AND EXISTS (SELECT 1 FROM agency_aliases a WHERE a.id = ANY($2::int[]) AND a.scope = k.scope AND a.key = k.key)
         AND NOT EXISTS (SELECT 1 FROM agency_aliases a WHERE a.agency_id = $1 AND NOT a.id = ANY($2::int[])
                         AND a.scope = k.scope AND a.key = k.key)`,
      [agencyId, aliasRows.map((a) => a.id)],
    );
  }
  return {
    aliases: aliasRows.map((a) => a.id),
    keys: keys.map((k) => k.id),
    reports: reports.map((r) => r.id),
  };
}

/**
 * Splits spellings off an agency into a new one (a fold that was wrong), their reports with them.
 * Returns the new agency's id.
 */
export async function splitAgency(
  db: Queryable,
  agencyId: number,
  aliases: string[],
  reason: string,
): Promise<{ agencyId: number; decisionId: number }> {
  requireReason(reason, 'split');
  const a = await liveAgency(db, agencyId, 'split');
  if (a.merged_into !== null)
    throw new DbInputError('agency.merged', `split: agency ${agencyId} is merged into ${a.merged_into}`);
  if (aliases.length === 0)
    throw new DbInputError('agency.split', 'split: name at least one --alias to split off');
  const moved = await ownedBy(db, agencyId, aliases);
  const known = await db.query<{ alias: string }>(
    'SELECT alias FROM agency_aliases WHERE id = ANY($1::int[])',
    [moved.aliases],
  );
  const missing = aliases.filter((x) => !known.some((k) => k.alias === x));
  if (missing.length)
    throw new DbInputError('agency.split', `split: agency ${agencyId} has no alias ${missing.join(', ')}`);
  const all = await db.query<{ n: string }>('SELECT count(*) AS n FROM agency_aliases WHERE agency_id = $1', [
    agencyId,
  ]);
  if (Number(all[0]!.n) === moved.aliases.length)
    throw new DbInputError('agency.split', `split: that would leave agency ${agencyId} with no name`);
  const created = await db.query<{ id: number }>(
    `INSERT INTO agencies (agency_key, name, region, source_id, level, kind, region_code, region_name, region_method, region_evidence)
     SELECT 'split:' || $2, $2, region, source_id, level, kind, region_code, region_name, region_method, region_evidence
     FROM agencies WHERE id = $1 RETURNING id`,
    [agencyId, aliases[0]],
  );
  const newId = created[0]!.id;
  await move(db, moved, newId);
  const decisionId = await record(db, 'split', agencyId, newId, moved, reason);
  await recomputeYearFindings(db, [agencyId, newId]);
  return { agencyId: newId, decisionId };
}

/** Undoes the merge of `agencyId` into another: what moved moves back; the agency is live again. */
export async function unmergeAgency(db: Queryable, agencyId: number, reason: string): Promise<number> {
  requireReason(reason, 'split');
  const a = await liveAgency(db, agencyId, 'split');
  if (a.merged_into === null)
    throw new DbInputError(
      'agency.split',
      `split: agency ${agencyId} is not merged into another; name --alias to split`,
    );
  const merge = await db.query<{ id: number; agency_id: number; moved: Moved }>(
    `SELECT id, agency_id, moved FROM agency_decisions
     WHERE action = 'merge' AND other_agency_id = $1 AND reverted_by IS NULL ORDER BY id DESC LIMIT 1`,
    [agencyId],
  );
  const m = merge[0];
  if (!m) throw new DbInputError('agency.split', `split: no recorded merge of agency ${agencyId}`);
  // Spellings that joined since the merge through a key that now moves back go back with it, and
  // so do reports (revisions included) printed under any spelling that moves back.
  const later = await db.query<{ id: number }>(
    `SELECT a.id FROM agency_aliases a JOIN agency_keys k ON k.scope = a.scope AND k.key = a.key
     WHERE a.agency_id = $1 AND k.id = ANY($2::int[]) AND NOT a.id = ANY($3::int[])`,
    [m.agency_id, m.moved.keys, m.moved.aliases],
  );
  const aliases = [...m.moved.aliases, ...later.map((l) => l.id)];
  const reports = await db.query<{ id: number }>(
    `SELECT id FROM reports WHERE agency_id = $1
       AND agency_name IN (SELECT alias FROM agency_aliases WHERE id = ANY($2::int[]))`,
    [m.agency_id, aliases],
  );
  const moved: Moved = {
    aliases,
    keys: m.moved.keys,
    reports: [...new Set([...m.moved.reports, ...reports.map((r) => r.id)])],
  };
  await move(db, moved, agencyId);
  await db.query('UPDATE agencies SET merged_into = NULL WHERE id = $1', [agencyId]);
  const id = await record(db, 'unmerge', agencyId, m.agency_id, moved, reason);
  await db.query('UPDATE agency_decisions SET reverted_by = $2 WHERE id = $1', [m.id, id]);
  await recomputeYearFindings(db, [agencyId, m.agency_id]);
  return id;
}
