import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../config/settings.ts';
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

  it("a file's size seen by PostgreSQL stays the size on disk as it grows, shrinks and is rewritten (the thread's size cache)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-pglite-sizes-'));
    const open = () => openDatabase({ databaseUrl: undefined, dataDir }, { offThread: true });
    // PostgreSQL's idea of the table's size against the file itself: ANALYZE counts the table's
    // pages by a seek to its file's end (pg_relation_size would stat the file instead).
    const sizes = async (db: Awaited<ReturnType<typeof open>>) => {
      await db.exec('ANALYZE t');
      const [r] = await db.query<{ path: string; pages: number }>(
        "SELECT pg_relation_filepath('t') AS path, relpages AS pages FROM pg_class WHERE relname = 't'",
      );
      return { seen: r!.pages * 8192, onDisk: statSync(join(dataDir, 'pglite', r!.path)).size };
    };
    const fill = (db: Awaited<ReturnType<typeof open>>, from: number) =>
      db.query("INSERT INTO t SELECT g, repeat('x', 500) FROM generate_series($1::int, $1::int + 1999) g", [
        from,
      ]);
    let db = await open();
    try {
      await db.exec('CREATE TABLE t (id int, pad text)');
      await fill(db, 0);
      const grown = await sizes(db);
      expect(grown.seen).toBeGreaterThan(0);
      expect(grown.seen).toBe(grown.onDisk);
      // VACUUM cuts the empty pages off the file's end (ftruncate); the next rows extend it again.
      await db.exec('DELETE FROM t WHERE id >= 100');
      await db.exec('VACUUM t');
      const cut = await sizes(db);
      expect(cut.seen).toBeLessThan(grown.seen);
      expect(cut.seen).toBe(cut.onDisk);
      await fill(db, 5000);
      const regrown = await sizes(db);
      expect(regrown.seen).toBeGreaterThan(cut.seen);
      // Extended from the cut end, not from where the file ended before the cut.
      expect(regrown.seen).toBeLessThan(grown.seen * 1.5);
      expect(regrown.seen).toBe(regrown.onDisk);
      // A new file for the same table (TRUNCATE, VACUUM FULL), filled again.
      await db.exec('TRUNCATE t');
      await fill(db, 10000);
      await db.exec('VACUUM FULL t');
      const rewritten = await sizes(db);
      expect(rewritten.seen).toBe(rewritten.onDisk);
      expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2000 }]);
    } finally {
      await db.close();
    }
    // And the rows are all there after a reopen, none written over.
    db = await open();
    try {
      expect(await db.query('SELECT count(*)::int AS n, min(id) AS lo, max(id) AS hi FROM t')).toEqual([
        { n: 2000, lo: 10000, hi: 11999 },
      ]);
      const after = await sizes(db);
      expect(after.seen).toBe(after.onDisk);
    } finally {
      await db.close();
    }
  });

  it('an INSERT of VALUES or unnest() rows is planned once, returns its rows, and a failed one leaves the other statements planned for their values', async () => {
    const db = await openDatabase(
      { databaseUrl: undefined, dataDir: '' },
      { inMemory: true, offThread: true },
    );
    const mode = async () =>
      (await db.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode'))[0]!.plan_cache_mode;
    try {
      await db.exec('CREATE TABLE u (id serial PRIMARY KEY, k text UNIQUE, n int)');
      const insert = `INSERT INTO u (k, n) SELECT x.k, x.n FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS x(k, n, o)
         ORDER BY x.o ON CONFLICT (k) DO UPDATE SET n = EXCLUDED.n WHERE u.n <> EXCLUDED.n RETURNING k, n`;
      const values = 'INSERT INTO u (k, n) VALUES ($1, $2) RETURNING id, k';
      for (let i = 0; i < 8; i++)
        expect(
          await db.query(insert, [
            [`a${i}`, `b${i}`],
            [i, i + 1],
          ]),
        ).toEqual([
          { k: `a${i}`, n: i },
          { k: `b${i}`, n: i + 1 },
        ]);
      expect(await db.query(values, ['c', 3])).toEqual([{ id: 17, k: 'c' }]);
      // Planned once: a generic plan, every time.
      const plans = await db.query<{ generic_plans: number; custom_plans: number }>(
        'SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement = $1',
        [insert],
      );
      expect(plans).toEqual([{ generic_plans: 8, custom_plans: 0 }]);
      expect(await mode()).toBe('force_custom_plan');
      // A failure between the SETs (a second `c`: k is unique) leaves the mode as it was.
      await expect(db.query('INSERT INTO u (k, n) VALUES ($1, $2)', ['c', 4])).rejects.toMatchObject({
        sqlstate: '23505',
      });
      expect(await mode()).toBe('force_custom_plan');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(values, ['d', 5]);
          await tx.query(values, ['d', 6]);
        }),
      ).rejects.toMatchObject({ sqlstate: '23505' });
      expect(await mode()).toBe('force_custom_plan');
      expect(await db.query('SELECT k FROM u WHERE k IN ($1, $2) ORDER BY k', ['c', 'd'])).toEqual([
        { k: 'c' },
      ]);
      // A statement that reads a table is still planned for its values.
      for (let i = 0; i < 7; i++) await db.query('SELECT id FROM u WHERE k = $1', ['c']);
      expect(
        await db.query<{ generic_plans: number }>(
          'SELECT generic_plans::int FROM pg_prepared_statements WHERE statement = $1',
          ['SELECT id FROM u WHERE k = $1'],
        ),
      ).toEqual([{ generic_plans: 0 }]);
    } finally {
      await db.close();
    }
  });

  it('the pgliteRecord setting records every message sent to the thread, in order, for bench/pglite-replay.ts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'xxgk-record-')), 'crawl.bin');
    const settings = loadSettings({ env: { XXGK_PGLITE_RECORD: file }, configFile: '/nonexistent.json' });
    expect(settings.pgliteRecord).toBe(file);
    const db = await openDatabase(
      { databaseUrl: undefined, dataDir: '' },
      { inMemory: true, offThread: true, record: settings.pgliteRecord },
    );
    try {
      await db.query('SELECT $1::int AS v', [7]);
    } finally {
      await db.close();
    }
    // Each message is its v8-serialised body after its length (uint32 LE).
    const bytes = readFileSync(file);
    const messages: Array<Record<string, unknown>> = [];
    for (let at = 0; at < bytes.length; ) {
      const n = bytes.readUInt32LE(at);
      messages.push(deserialize(bytes.subarray(at + 4, at + 4 + n)) as Record<string, unknown>);
      at += 4 + n;
    }
    expect(messages.some((m) => JSON.stringify(m).includes('SELECT $1::int AS v'))).toBe(true);
    expect(messages.at(-1)).toMatchObject({ op: 'close' });
  });
});
