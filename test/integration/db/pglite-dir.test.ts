import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/index.ts';

describe('file-backed PGlite', () => {
  it('persists across opens, refuses a second owner, and takes over a stale claim', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-pglite-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    // A table of its own, not the migrations: what is tested is the directory, and migrating costs
    // most of a minute on a busy machine.
    await db.exec('CREATE TABLE kept (name text)');
    await db.query("INSERT INTO kept (name) VALUES ('s')");
    await expect(openDatabase({ databaseUrl: undefined, dataDir })).rejects.toThrow(
      /in use by process \d+.*db serve/,
    );
    await db.close();
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    // A claim left by a process that is gone does not lock the data out.
    writeFileSync(join(dataDir, 'pglite.lock'), '2147483646');
    const again = await openDatabase({ databaseUrl: undefined, dataDir });
    expect(await again.query('SELECT name FROM kept')).toEqual([{ name: 's' }]);
    await again.close();
  });
});
