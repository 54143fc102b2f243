import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../db/index.ts';

describe('file-backed PGlite', () => {
  it('persists across opens, refuses a second owner, and takes over a stale claim', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-pglite-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    await migrate(db);
    await db.query("INSERT INTO sources (name, base_url) VALUES ('s', 'http://127.0.0.1/')");
    await expect(openDatabase({ databaseUrl: undefined, dataDir })).rejects.toThrow(
      /in use by process \d+.*db serve/,
    );
    await db.close();
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    // A claim left by a process that is gone does not lock the data out.
    writeFileSync(join(dataDir, 'pglite.lock'), '2147483646');
    const again = await openDatabase({ databaseUrl: undefined, dataDir });
    expect(await migrate(again)).toMatchObject({ applied: 0 });
    expect(await again.query('SELECT name FROM sources')).toEqual([{ name: 's' }]);
    await again.close();
  });
});
