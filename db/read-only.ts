/**
 * Read-only access for researchers: `xxgk sql` runs every statement inside a READ ONLY transaction
 * (and, where the role exists and we may switch to it, as xxgk_reader), then rolls back.
 */
import type { Database } from './engine.ts';
import { DbInputError } from './errors.ts';

export const READER_ROLE = 'xxgk_reader';

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

export async function readOnlyQuery(db: Database, sql: string): Promise<QueryResult> {
  if (!sql.trim()) throw new DbInputError('sql.empty', 'sql: empty query');
  const verb = firstKeyword(sql);
  if (!QUERY_VERBS.has(verb)) {
    throw new DbInputError(
      'sql.not_query',
      `sql: only queries may run here (${[...QUERY_VERBS].join(', ')}), not ${verb || 'this'}`,
    );
  }
  return db
    .transaction(async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      if (await canBecomeReader(tx)) await tx.query(`SET LOCAL ROLE ${READER_ROLE}`);
      // The extended protocol takes one statement only: `SELECT 1; DELETE …` is refused by the server.
      const rows = await tx.query<Record<string, unknown>>(sql);
      const columns = rows[0] ? Object.keys(rows[0]) : [];
      // Nothing a query did may survive, even on an engine that ignored READ ONLY.
      throw new RollbackWith({ columns, rows });
    })
    .catch((e: unknown) => {
      if (e instanceof RollbackWith) return e.result;
      throw e;
    });
}

/** Statements that read: transaction control (COMMIT, SET ROLE …) would escape the read-only wrapper. */
const QUERY_VERBS = new Set(['SELECT', 'WITH', 'TABLE', 'VALUES', 'EXPLAIN', 'SHOW']);

/** The first keyword, past comments and opening parentheses. */
export function firstKeyword(sql: string): string {
  const s = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z]+/.exec(s)?.[0] ?? '').toUpperCase();
}

class RollbackWith extends Error {
  constructor(readonly result: QueryResult) {
    super('rollback');
  }
}

async function canBecomeReader(tx: { query: Database['query'] }): Promise<boolean> {
  const rows = await tx
    .query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role(current_user, $1, 'MEMBER') AS ok`,
      [READER_ROLE],
    )
    .catch(() => [{ ok: false }]);
  return rows[0]?.ok === true;
}

/** Creates xxgk_reader if missing and grants it SELECT on this schema's tables and views. */
export async function grantReader(db: Database): Promise<void> {
  const exists = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [READER_ROLE]);
  if (!exists.length) await db.exec(`CREATE ROLE ${READER_ROLE} LOGIN`);
  const s = `"${db.schema}"`;
  await db.exec(
    `GRANT USAGE ON SCHEMA ${s} TO ${READER_ROLE};
     GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${READER_ROLE};
     ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${READER_ROLE};`,
  );
}
