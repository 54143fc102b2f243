/**
 * One `Database` over two engines: node-postgres when a DATABASE_URL is configured, otherwise an
 * embedded PGlite in `${dataDir}/pglite`. Everything above this file speaks SQL valid on PG 15 and 18.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzleProxy } from 'drizzle-orm/pg-proxy';
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Settings } from '../config/settings.ts';
import { claimDir } from './dir-lock.ts';
import { DbError } from './errors.ts';
import { prepareDataDir } from './pglite-init.ts';
import { openPgliteThread, type PgliteThread } from './pglite-thread.ts';
import * as schema from './schema.ts';

export type Orm = NodePgDatabase<typeof schema> | PgliteDatabase<typeof schema>;

/** What a transaction body (and the Database itself) can do. */
export interface Queryable {
  kind: 'pg' | 'pglite';
  orm: Orm;
  /** One statement, `$1…` parameters (extended protocol: a second statement is rejected). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations only). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-load rows with COPY … FROM STDIN (text format); rows are already-escaped lines. A generator
   * is consumed while the server parses the previous chunk, so building and loading overlap.
   */
  copyIn(table: string, columns: string[], lines: Iterable<string>): Promise<void>;
}

export interface Database extends Queryable {
  /** The PG schema this connection works in (search_path). */
  schema: string;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The embedded instance (for `db serve`); null on real PostgreSQL. */
  pglite: PGlite | null;
}

export interface OpenOptions {
  /** PG schema for test isolation; created when missing. Default `public`. */
  schema?: string;
  /** Every transaction is READ ONLY (the `sql` command). */
  readOnly?: boolean;
  /** PGlite only: an existing in-memory data dir dump to start from (tests). */
  loadDataDir?: Blob | File;
  /** PGlite only: open in memory instead of `${dataDir}/pglite` (tests). */
  inMemory?: boolean;
  /** pg only: pool size (default 4). */
  poolSize?: number;
  /**
   * PGlite only: run the database on its own thread (pglite-thread.ts), so its statements do not
   * block this one (the pipeline's fetching and extraction). `pglite` is then null.
   */
  offThread?: boolean;
  /** PGlite off its thread only: record what is sent to the thread in this file (pglite-thread.ts). */
  record?: string | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(
  settings: Pick<Settings, 'databaseUrl' | 'dataDir'>,
  opts: OpenOptions = {},
): Promise<Database> {
  const schemaName = opts.schema ?? 'public';
  if (!SCHEMA_NAME.test(schemaName)) throw new DbError('db.schema', `invalid schema name "${schemaName}"`);
  return settings.databaseUrl
    ? openPg(settings.databaseUrl, schemaName, opts)
    : openPglite(settings.dataDir, schemaName, opts);
}

async function openPg(url: string, schemaName: string, opts: OpenOptions): Promise<Database> {
  const setup = new pg.Client({ connectionString: url });
  let lz4 = false;
  try {
    await setup.connect();
    if (schemaName !== 'public') await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"`);
    lz4 = await supportsLz4(setup);
  } catch (cause) {
    throw new DbError('db.connect', `cannot connect to ${redact(url)}: ${(cause as Error).message}`, {
      cause,
    });
  } finally {
    await setup.end().catch(() => {});
  }
  // JIT compiles for a second whenever the planner's (pessimistic) estimate crosses jit_above_cost:
  // the per-agency cross-year queries and most view reads are short, so it only ever costs time.
  const options = [`-c search_path=${schemaName}`, '-c jit=off'];
  if (opts.readOnly) options.push('-c default_transaction_read_only=on');
  // A stored page's bytes are compressed when written (TOAST): with lz4 (PostgreSQL 14+, when the
  // server was built with it) the server spends ~0.1 ms of CPU on a 36 KB page where pglz, the
  // default, spends ~0.25 ms, for about the same size. Values read back the same either way; rows
  // written by older processes keep pglz and are read as they are.
  if (lz4) options.push('-c default_toast_compression=lz4');
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 4, options: options.join(' ') });
  pool.on('error', () => {}); // an idle client's error surfaces on its next query
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    kind: 'pg',
    orm: drizzlePg(client as pg.Pool, { schema }),
    query: async <T>(text: string, params: unknown[] = []) => {
      try {
        const name = preparedName(text);
        const res = await client.query({
          text,
          values: params,
          queryMode: 'extended',
          ...(name ? { name } : {}),
        } as pg.QueryConfig);
        return res.rows as T[];
      } catch (cause) {
        throw DbError.fromQuery(text, params, cause);
      }
    },
    exec: async (text: string) => {
      try {
        await client.query(text);
      } catch (cause) {
        throw DbError.fromQuery(text, [], cause);
      }
    },
    copyIn: async (table, columns, lines) => {
      const c = 'release' in client ? client : await client.connect();
      try {
        await pgCopy(c, table, columns, lines);
      } finally {
        if (c !== client) (c as pg.PoolClient).release();
      }
    },
  });
  const base = wrap(pool);
  return {
    ...base,
    schema: schemaName,
    pglite: null,
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query(opts.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Statements sent through `query` are prepared once per connection under a name and then only
 * bound and executed: the server parses and plans the crawl's per-page and per-batch statements
 * (ref upserts, list walks, the load's lookups) once, where each execution paid it (about half of
 * such a statement's server CPU: 0.25 -> 0.12 ms for the refs upsert). Bounded (the first
 * PREPARED_MAX texts of the process; generated texts, a VALUES list per batch size, are few), and
 * never a text with `*`: a prepared `SELECT *` or `RETURNING *` would fail once a migration changed
 * its table's columns ("cached plan must not change result type"); named columns keep their types.
 * (A PgBouncer in transaction mode older than 1.21 does not keep named statements apart per client.)
 */
const PREPARED_MAX = 256;
const prepared = new Map<string, string | null>();

function preparedName(text: string): string | null {
  const known = prepared.get(text);
  if (known !== undefined) return known;
  if (prepared.size >= PREPARED_MAX) return null;
  const name = text.includes('*') ? null : `xxgk_${prepared.size}`;
  prepared.set(text, name);
  return name;
}

/** Whether the server can compress TOASTed values with lz4 (the setting exists and lists it). */
async function supportsLz4(client: pg.Client): Promise<boolean> {
  const res = await client.query<{ ok: boolean }>(
    `SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return res.rows[0]?.ok === true;
}

async function pgCopy(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  lines: Iterable<string>,
): Promise<void> {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const stream = client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`));
  const done = new Promise<void>((resolvePromise, reject) => {
    stream.on('error', (cause: unknown) => reject(DbError.fromQuery(`COPY ${table}`, [], cause)));
    stream.on('finish', () => resolvePromise());
  });
  done.catch(() => {}); // observed below; avoids an unhandled rejection while we are still writing
  // ~256 KB chunks: one write per line is ten times slower, one giant write serialises build and load.
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length > 1 << 18) {
      if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
      chunk = '';
    }
  }
  stream.end(chunk);
  await done;
}

async function openPglite(dataDir: string, schemaName: string, opts: OpenOptions): Promise<Database> {
  if (opts.offThread && !opts.loadDataDir) return openPgliteOffThread(dataDir, schemaName, opts);
  let db: PGlite;
  let release = () => {};
  try {
    if (opts.inMemory || opts.loadDataDir) {
      db = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
    } else {
      const dir = resolve(join(dataDir, 'pglite'));
      mkdirSync(dir, { recursive: true });
      release = claimDir(`${dir}.lock`, `the embedded database in ${dir}`);
      // A new directory is a copy of the template, or made by initdb in a process of its own.
      await prepareDataDir(dir);
      db = await PGlite.create(dir);
    }
    if (schemaName !== 'public') await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"`);
    await db.exec(`SET search_path TO "${schemaName}"`);
    if (opts.readOnly) await db.exec('SET default_transaction_read_only = on');
  } catch (cause) {
    release();
    if (cause instanceof DbError) throw cause;
    throw new DbError(
      'db.open',
      `cannot open the embedded database in ${dataDir}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const wrap = (client: PGlite | PGliteTransaction): Queryable => ({
    kind: 'pglite',
    orm: drizzlePglite(client as PGlite, { schema }),
    query: async <T>(text: string, params: unknown[] = []) => {
      try {
        return (await client.query<T>(text, params)).rows;
      } catch (cause) {
        throw DbError.fromQuery(text, params, cause);
      }
    },
    exec: async (text: string) => {
      try {
        await client.exec(text);
      } catch (cause) {
        throw DbError.fromQuery(text, [], cause);
      }
    },
    copyIn: async (table, columns, lines) => {
      const text = pgliteCopy(table, columns);
      try {
        for (const chunk of copyChunks(lines)) await client.query(text, [], { blob: new Blob([chunk]) });
      } catch (cause) {
        throw DbError.fromQuery(text, [], cause);
      }
    },
  });
  const base = wrap(db);
  return {
    ...base,
    schema: schemaName,
    pglite: db,
    transaction: async (fn) => {
      if (!opts.readOnly) return db.transaction((tx) => fn(wrap(tx)));
      return db.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION READ ONLY');
        return fn(wrap(tx));
      });
    },
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

/** PGlite reads COPY FROM a virtual file: '/dev/blob', with the data as a Blob. */
function pgliteCopy(table: string, columns: string[]): string {
  return `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM '/dev/blob'`;
}

/**
 * COPY lines in chunks of about 1 MB, one COPY statement each: a whole batch joined into one string
 * (and copied into a Blob, then into the WASM heap) was the embedded loader's memory peak.
 */
function* copyChunks(lines: Iterable<string>, size = 1 << 20): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function openPgliteOffThread(
  dataDir: string,
  schemaName: string,
  opts: OpenOptions,
): Promise<Database> {
  let release = () => {};
  let thread: PgliteThread;
  try {
    let dir: string | null = null;
    if (!opts.inMemory) {
      dir = resolve(join(dataDir, 'pglite'));
      mkdirSync(dir, { recursive: true });
      release = claimDir(`${dir}.lock`, `the embedded database in ${dir}`);
    }
    thread = await openPgliteThread({
      dataDir: dir,
      schema: schemaName,
      readOnly: !!opts.readOnly,
      record: opts.record,
    });
  } catch (cause) {
    release();
    if (cause instanceof DbError) throw cause;
    throw new DbError(
      'db.open',
      `cannot open the embedded database in ${dataDir}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const wrap = (inTx: boolean): Queryable => {
    const q: Queryable = {
      kind: 'pglite',
      // Statements go through the thread; drizzle's proxy driver sends its SQL the same way.
      orm: drizzleProxy(
        async (sql, params, method) => {
          const rows = await q.query<Record<string, unknown>>(sql, params);
          return { rows: method === 'all' ? rows.map((r) => Object.values(r)) : rows };
        },
        { schema },
      ) as unknown as Orm,
      query: async <T>(text: string, params: unknown[] = []) => {
        try {
          return await thread.query<T>(text, params, inTx);
        } catch (cause) {
          throw DbError.fromQuery(text, params, cause);
        }
      },
      exec: async (text: string) => {
        try {
          await thread.exec(text, inTx);
        } catch (cause) {
          throw DbError.fromQuery(text, [], cause);
        }
      },
      copyIn: async (table, columns, lines) => {
        const text = pgliteCopy(table, columns);
        try {
          for (const chunk of copyChunks(lines)) await thread.copy(text, chunk, inTx);
        } catch (cause) {
          throw DbError.fromQuery(text, [], cause);
        }
      },
    };
    return q;
  };
  const tx = wrap(true);
  return {
    ...wrap(false),
    schema: schemaName,
    pglite: null,
    transaction: (fn) => thread.transaction(() => fn(tx), !!opts.readOnly),
    close: async () => {
      try {
        await thread.close();
      } finally {
        release();
      }
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
