/**
 * A fresh clone has nothing beside it: no code or test may read ../shared, an absolute path of this
 * machine, or a system font. A static check over every source file (cheap enough for each run);
 * `.ci/fresh-clone` proves the same by running the suite in a clone under an empty folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIRS = ['bench', 'bin', 'config', 'crawlers', 'db', 'extractors', 'pipeline', 'test', '.ci'];
const SKIP = new Set(['node_modules', 'fixtures', 'data']);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (['.ts', '.mjs', '.js', '.sh', ''].includes(extname(e.name))) yield p;
  }
}

const files = DIRS.flatMap((d) => [...sources(join(ROOT, d))]);
// Absolute paths the README lists as prerequisites (Chromium), or that only a maintainer's
// fixture script uses (LibreOffice, to rebuild the committed .doc files).
const ALLOWED_ABSOLUTE = new Set(['/usr/bin/chromium', '/usr/bin/soffice']);
const ABSOLUTE = /['"`](\/(?:work|home|usr|root|opt|srv|mnt)\/[^'"`\s]*)['"`]/g;
const RELATIVE_TO_FILE = /import\.meta\.dirname,\s*((?:'[^']*'\s*,?\s*)+)\)/g;

describe('the repository is self-contained', () => {
  it('finds the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('self-contained.test.ts'))).toBe(true);
  });

  it('no file names an absolute path of this machine (other than listed prerequisites)', () => {
    const hits = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(ABSOLUTE)]
        .map((m) => m[1]!)
        .filter((p) => !ALLOWED_ABSOLUTE.has(p))
        .map((p) => `${relative(ROOT, f)}: ${p}`),
    );
    expect(hits).toEqual([]);
  });

  it('no path built from a file’s own folder leads outside the repository (../shared)', () => {
    const hits = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(RELATIVE_TO_FILE)]
        .map((m) => [...m[1]!.matchAll(/'([^']*)'/g)].map((s) => s[1]!))
        .filter((parts) => relative(ROOT, resolve(dirname(f), ...parts)).startsWith('..'))
        .map((parts) => `${relative(ROOT, f)}: ${parts.join(', ')}`),
    );
    expect(hits).toEqual([]);
  });

  it('no code mentions the shared seeds or spec folders except in comments', () => {
    const code = (f: string) => readFileSync(f, 'utf8').replace(/^\s*(\*|\/\/|\/\*\*?).*$/gm, '');
    const hits = files
      .filter((f) => /shared\/(seeds|spec|design)/.test(code(f)))
      .map((f) => relative(ROOT, f));
    expect(hits).toEqual([]);
  });
});
