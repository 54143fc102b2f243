/**
 * On PostgreSQL a stored page's bytes are compressed with lz4 when the server offers it
 * (db/engine.ts: pglz spent ~2.5x the server CPU per page), and read back byte for byte.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument, migrate, storeDocument } from '../../../db/index.ts';
import { generateReport } from '../../support/generate.ts';
import { renderHtml } from '../../support/render/html.ts';
import { makePgDb, TEST_DATABASE_URL } from './pg-helpers.ts';

async function serverHasLz4(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    const r = await c.query<{ ok: boolean }>(
      `SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    return r.rows[0]?.ok === true;
  } finally {
    await c.end();
  }
}

describe('PostgreSQL: stored bytes', () => {
  let h: Awaited<ReturnType<typeof makePgDb>>;
  beforeAll(async () => {
    h = await makePgDb();
    await migrate(h.db);
  });
  afterAll(() => h?.cleanup());

  it('are compressed with lz4 where the server has it, and read back unchanged', async () => {
    const bytes = Buffer.from(renderHtml(generateReport(7)), 'utf8');
    expect(bytes.length).toBeGreaterThan(8192); // large enough to be compressed at all
    const { id } = await storeDocument(h.db, {
      url: 'http://portal.test/r/7.html',
      finalUrl: 'http://portal.test/r/7.html',
      status: 200,
      headers: {},
      contentType: 'text/html; charset=utf-8',
      encoding: 'utf-8',
      bytes,
      fetchedAt: new Date(),
    });
    const [row] = await h.db.query<{ method: string | null }>(
      'SELECT pg_column_compression(bytes) AS method FROM documents WHERE id = $1',
      [id],
    );
    expect(row!.method).toBe((await serverHasLz4()) ? 'lz4' : 'pglz');
    const back = await getDocument(h.db, id);
    expect(Buffer.from(back!.bytes).equals(bytes)).toBe(true);
  });
});
