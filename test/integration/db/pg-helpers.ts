import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../../db/index.ts';

export const TEST_DATABASE_URL =
  process.env.XXGK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const uniqueSchema = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

/** A fresh schema per run, dropped afterwards: runs never see each other's rows. */
export async function makePgDb() {
  const schema = uniqueSchema('xxgk_t');
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '' }, { schema });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await dropSchema(schema);
    },
  };
}
