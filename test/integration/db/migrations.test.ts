import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../../db/index.ts';
import * as schema from '../../../db/schema.ts';
import { makePgDb } from './pg-helpers.ts';

describe('migrations', () => {
  it('are in step with db/schema.ts (run `npx drizzle-kit generate` after a schema change)', async () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'));
    const last = journal.entries.at(-1);
    const snapshot = JSON.parse(
      readFileSync(join(MIGRATIONS_DIR, `meta/${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'),
    );
    const current = generateDrizzleJson(schema, snapshot.id);
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });
});

describe('migration 0005 (pipeline_extractions)', () => {
  it('adopts the table an older pipeline created itself, keeping its rows', async () => {
    const { db, cleanup } = await makePgDb();
    try {
      await migrate(db);
      // The state of a database from before 0005: the pipeline's own CREATE TABLE, no migration row.
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'));
      const m5 = journal.entries.find((e: { tag: string }) => e.tag === '0005_pipeline_extractions');
      await db.exec('DROP TABLE pipeline_extractions');
      await db.query('DELETE FROM xxgk_migrations WHERE created_at = $1', [m5.when]);
      await db.exec(`CREATE TABLE pipeline_extractions (
        id serial PRIMARY KEY,
        document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        extractor_version text NOT NULL, record jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), loaded_at timestamptz)`);
      const doc = await db.query<{ id: number }>(
        `INSERT INTO documents (url, final_url, http_status, headers, sha256, byte_size, bytes, fetched_at)
         VALUES ('http://t/a', 'http://t/a', 200, '{}', 'x', 1, '\\x00', now()) RETURNING id`,
      );
      await db.query(
        "INSERT INTO pipeline_extractions (document_id, extractor_version, record) VALUES ($1, 'v', '{}')",
        [doc[0]!.id],
      );
      expect((await migrate(db)).applied).toBe(1);
      expect(await db.query('SELECT extractor_version FROM pipeline_extractions')).toEqual([
        { extractor_version: 'v' },
      ]);
      const fks = await db.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE conrelid = 'pipeline_extractions'::regclass AND contype = 'f'`,
      );
      expect(fks.map((f) => f.conname)).toEqual(['pipeline_extractions_document_id_documents_id_fk']);
    } finally {
      await cleanup();
    }
  });
});

describe('migration 0012 (documents.bytes lz4)', () => {
  it('stores documents with lz4 where the server has it, pglz (the default) where not', async () => {
    const { db, cleanup } = await makePgDb();
    try {
      await migrate(db);
      const lz4 = await db
        .exec('CREATE TEMP TABLE lz4_probe (b bytea COMPRESSION lz4)')
        .then(() => true)
        .catch(() => false);
      const rows = await db.query<{ c: string }>(
        `SELECT attcompression AS c FROM pg_attribute WHERE attrelid = 'documents'::regclass AND attname = 'bytes'`,
      );
      expect(rows[0]!.c).toBe(lz4 ? 'l' : '');
      // A page is stored and read back whole, compressed by the column's method.
      const page = Buffer.from('<p>政府信息公开工作年度报告</p>'.repeat(2000));
      const [doc] = await db.query<{ id: number }>(
        `INSERT INTO documents (url, final_url, http_status, headers, sha256, byte_size, bytes, fetched_at)
         VALUES ('http://t/p', 'http://t/p', 200, '{}', 'p', $1, $2, now()) RETURNING id`,
        [page.length, page],
      );
      const [back] = await db.query<{ bytes: Buffer; method: string }>(
        'SELECT bytes, pg_column_compression(bytes) AS method FROM documents WHERE id = $1',
        [doc!.id],
      );
      expect(Buffer.compare(back!.bytes, page)).toBe(0);
      expect(back!.method).toBe(lz4 ? 'lz4' : 'pglz');
    } finally {
      await cleanup();
    }
  });
});
