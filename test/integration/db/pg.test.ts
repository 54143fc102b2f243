import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../../db/index.ts';
import { dbSuite } from './db-suite.ts';

export const TEST_DATABASE_URL =
  process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema per run, dropped afterwards: runs never see each other's rows. */
export async function makePgDb() {
  const schema = `xxgk_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '' }, { schema });
  return {
    db,
    cleanup: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

dbSuite('PostgreSQL', makePgDb);
