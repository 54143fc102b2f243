/**
 * Applies the drizzle-kit migrations in ../migrations, in order, each in its own transaction.
 * Our own small runner instead of drizzle's migrator because drizzle-kit writes `"public".` into
 * foreign keys: stripping it makes every migration schema-relative (search_path), which is how
 * tests isolate themselves and how the same files serve PGlite and PostgreSQL.
 */
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './engine.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface MigrateResult {
  applied: number;
  total: number;
}

export async function migrate(db: Database): Promise<MigrateResult> {
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  return db.transaction(async (tx) => {
    // One migrator per schema at a time; the lock key is derived from the schema name.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`xxgk-migrate:${db.schema}`]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS xxgk_migrations (
      id serial PRIMARY KEY, hash text NOT NULL, created_at bigint NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await tx.query<{ created_at: string }>('SELECT created_at FROM xxgk_migrations');
    const seen = new Set(done.map((r) => Number(r.created_at)));
    let applied = 0;
    for (const m of files) {
      if (seen.has(m.folderMillis)) continue;
      for (const stmt of m.sql) {
        const text = stmt.replaceAll('"public".', '').trim();
        if (text) await tx.exec(text);
      }
      await tx.query('INSERT INTO xxgk_migrations (hash, created_at) VALUES ($1, $2)', [
        m.hash,
        m.folderMillis,
      ]);
      applied++;
    }
    return { applied, total: files.length };
  });
}
