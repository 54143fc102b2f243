import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { entryBundle, ownImportMeta } from '../../../config/entry-bundle.ts';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-bundle-'));
const src = join(dir, 'src');
const cacheDir = join(dir, 'cache');
mkdirSync(join(src, 'sub'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(src, name), text);
write(
  'entry.ts',
  "export { answer, where, dir } from './sub/b.ts';\nexport { default as data } from './data.json';\n",
);
write(
  'sub/b.ts',
  'export const answer: number = 41;\nexport const where = import.meta.url;\nexport const dir = import.meta.dirname;\n',
);
write('data.json', '{"n": 1}');
const entry = pathToFileURL(join(src, 'entry.ts'));
let imports = 0;
// A fresh module instance per look (the URL with a query), as a new thread would load it.
const load = async (url: string) => import(`${url}?${imports++}`);

describe('entryBundle', () => {
  it("joins the entry's modules into one file that behaves as the sources do", async () => {
    const url = await entryBundle(entry, { cacheDir });
    expect(url).not.toBeNull();
    const m = await load(url!);
    expect(m.answer).toBe(41);
    expect(m.data).toEqual({ n: 1 });
    // Each module keeps its own import.meta, not the bundle's.
    expect(m.where).toBe(pathToFileURL(join(src, 'sub', 'b.ts')).href);
    expect(m.dir).toBe(join(src, 'sub'));
  });

  it('answers the cached bundle while no source changed, and builds again when one did', async () => {
    const first = await entryBundle(entry, { cacheDir });
    const built = statSync(new URL(first!)).mtimeMs;
    expect(await entryBundle(entry, { cacheDir })).toBe(first);
    expect(statSync(new URL(first!)).mtimeMs).toBe(built);

    write(
      'sub/b.ts',
      'export const answer: number = 42;\nexport const where = "";\nexport const dir = "";\n',
    );
    const second = await entryBundle(entry, { cacheDir });
    expect(second).not.toBe(first);
    expect((await load(second!)).answer).toBe(42);
    // A file esbuild read itself (JSON) counts too.
    write('data.json', '{"n": 22}');
    const third = await entryBundle(entry, { cacheDir });
    expect((await load(third!)).data).toEqual({ n: 22 });
    // The older bundles are gone; one manifest and one bundle remain.
    const files = readdirSync(cacheDir);
    expect(files.filter((f) => /^entry-[0-9a-f]{16}\.json$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^entry-[0-9a-f]{16}\.mjs$/.test(f))).toEqual([third!.split('/').pop()]);
    expect(files).toHaveLength(2);
  });

  it('answers null when the entry cannot be built (the caller loads through tsx)', async () => {
    write('broken.ts', 'export const x = ;\n');
    expect(await entryBundle(pathToFileURL(join(src, 'broken.ts')), { cacheDir })).toBeNull();
    expect(await entryBundle(pathToFileURL(join(src, 'missing.ts')), { cacheDir })).toBeNull();
  });

  it("builds the extraction thread's entry of this project", async () => {
    const url = await entryBundle(new URL('../../../pipeline/extract-entry.ts', import.meta.url), {
      cacheDir: join(dir, 'project'),
    });
    expect(url).not.toBeNull();
    const m = await load(url!);
    expect(typeof m.extractBytes).toBe('function');
    expect(typeof m.computeLoadInputs).toBe('function');
  });
});

describe('ownImportMeta', () => {
  it('replaces import.meta.url, dirname and filename with the file’s own, and nothing else', () => {
    const out = ownImportMeta(
      'const a = import.meta.url; const b = import.meta.dirname; const c = import.meta.filename; const d = import.meta.env;',
      '/x/y/z.ts',
    );
    expect(out).toBe(
      'const a = "file:///x/y/z.ts"; const b = "/x/y"; const c = "/x/y/z.ts"; const d = import.meta.env;',
    );
  });
});
