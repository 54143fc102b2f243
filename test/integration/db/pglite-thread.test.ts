import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/index.ts';
import { dbSuite } from './db-suite.ts';

// The same contract on PGlite run on its own thread, as the pipeline opens it (db/pglite-thread.ts).
dbSuite('PGlite (own thread)', async () => {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true, offThread: true });
  return { db, cleanup: () => db.close() };
});

describe('PGlite on its own thread: one session shared', () => {
  it('a statement from outside an open transaction waits for it and is not rolled back with it', async () => {
    const db = await openDatabase(
      { databaseUrl: undefined, dataDir: '' },
      { inMemory: true, offThread: true },
    );
    try {
      await db.exec('CREATE TABLE t (v text)');
      let inside!: () => void;
      const entered = new Promise<void>((r) => (inside = r));
      const failing = db.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES ('in tx')");
        inside();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('rolled back');
      });
      await entered;
      const outside = db.query("INSERT INTO t VALUES ('outside')");
      await expect(failing).rejects.toThrow('rolled back');
      await outside;
      expect(await db.query('SELECT v FROM t')).toEqual([{ v: 'outside' }]);
      // Errors keep their SQLSTATE, as on the main thread.
      await expect(db.query('SELECT * FROM missing_table')).rejects.toMatchObject({ sqlstate: '42P01' });
    } finally {
      await db.close();
    }
  });
});
