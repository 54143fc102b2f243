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

  it('bytea goes in and comes back byte for byte (every value, small and large, Buffer or Uint8Array)', async () => {
    const db = await openDatabase(
      { databaseUrl: undefined, dataDir: '' },
      { inMemory: true, offThread: true },
    );
    try {
      await db.exec('CREATE TABLE b (id int, v bytea)');
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      const large = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
      // A view into a larger buffer: only the viewed bytes are stored.
      const view = new Uint8Array(large.buffer, 100, 10);
      await db.query('INSERT INTO b VALUES (1, $1), (2, $2), (3, $3), (4, $4)', [
        every,
        Buffer.from(large),
        view,
        new Uint8Array(0),
      ]);
      const rows = await db.query<{ id: number; v: Uint8Array }>('SELECT id, v FROM b ORDER BY id');
      expect(rows.map((r) => Buffer.from(r.v).toString('hex'))).toEqual(
        [every, large, view, new Uint8Array(0)].map((b) => Buffer.from(b).toString('hex')),
      );
      expect(rows.every((r) => r.v instanceof Uint8Array)).toBe(true);
      expect(await db.query('SELECT length(v) AS n FROM b WHERE id = 2')).toEqual([{ n: 70_000 }]);
    } finally {
      await db.close();
    }
  });
});
