import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/index.ts';
import { dataDirFromTemplate, templateDir } from '../../../db/pglite-template.ts';

const open = (dataDir: string) =>
  openDatabase({ databaseUrl: undefined, dataDir }, { offThread: true, schema: 'tpl_test' });

describe('new embedded data directories come from a pristine template', () => {
  it('a new directory is a working copy of the template, which nothing written to a database reaches', async () => {
    const first = mkdtempSync(join(tmpdir(), 'xxgk-tpl-'));
    const a = await open(first);
    await a.exec('CREATE TABLE only_in_a (v int)');
    await a.close();
    // The first new directory (initdb, or a copy) leaves the template behind.
    const template = templateDir()!;
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(template)).not.toContain('pglite.lock');

    const second = mkdtempSync(join(tmpdir(), 'xxgk-tpl-'));
    const b = await open(second);
    expect(await b.query("SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }]);
    await b.exec('CREATE TABLE only_in_b (v int)');
    await b.query('INSERT INTO only_in_b VALUES (7)');
    await b.close();
    const again = await open(second);
    expect(await again.query('SELECT v FROM only_in_b')).toEqual([{ v: 7 }]);
    await again.close();
    // Nothing left beside the directory by the copy.
    expect(readdirSync(second).filter((f) => f.includes('.new-'))).toEqual([]);
  });

  it('a directory that holds anything is never replaced by the template', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'xxgk-tpl-')), 'pglite');
    mkdirSync(dir);
    writeFileSync(join(dir, 'something'), 'x');
    expect(dataDirFromTemplate(dir)).toBe(false);
    expect(readdirSync(dir)).toEqual(['something']);
  });
});
