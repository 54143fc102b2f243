/**
 * A pristine embedded data directory, made once per PGlite version and copied for every new one.
 *
 * Creating a data directory runs initdb inside PGlite: about 10 s of CPU, and it grows the WASM heap
 * to about 700 MB (never given back). Copying a directory that initdb made before takes under a
 * second and no heap, so a crawl, `xxgk demo` or a test starting from nothing opens in the time and
 * memory of an existing database. The template lives beside the installed packages
 * (`node_modules/.cache/xxgk/`, the usual cache place, gone with a clean install) and is named after
 * PGlite's version: its files are that version's on-disk format, so another version never opens it.
 * It is only a cache: when it cannot be read or written, the directory is created by initdb as before.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/** Where this PGlite version's template is (or would be); null when the version cannot be read. */
export function templateDir(): string | null {
  if (cached !== undefined) return cached;
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    cached = join(import.meta.dirname, '..', 'node_modules', '.cache', 'xxgk', `pglite-${pkg.version}`);
  } catch {
    cached = null;
  }
  return cached;
}

const isInitialised = (dir: string) => existsSync(join(dir, 'PG_VERSION'));
const isEmptyOrMissing = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/**
 * Makes `dataDir` (missing or empty) a copy of the template, if there is one; says whether it did.
 * The copy is made beside it and renamed into place, so a process killed meanwhile leaves no
 * half-copied directory that would pass for a database.
 */
export function dataDirFromTemplate(dataDir: string): boolean {
  const template = templateDir();
  if (!template || !isInitialised(template) || !isEmptyOrMissing(dataDir)) return false;
  const staging = `${dataDir}.new-${process.pid}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    cpSync(template, staging, { recursive: true });
    rmSync(dataDir, { recursive: true, force: true }); // empty (checked above)
    renameSync(staging, dataDir);
    return true;
  } catch {
    rmSync(staging, { recursive: true, force: true });
    return false;
  }
}

/**
 * Keeps a copy of `dataDir`, which initdb has just made and nothing has written to yet, as the
 * template. Concurrent processes may both try: each copies to a staging directory of its own and
 * the first rename wins. Failures are ignored (the next new directory runs initdb again).
 */
export function saveTemplate(dataDir: string): void {
  const template = templateDir();
  if (!template || isInitialised(template) || !isInitialised(dataDir)) return;
  const staging = `${template}.new-${process.pid}`;
  try {
    mkdirSync(dirname(template), { recursive: true });
    rmSync(staging, { recursive: true, force: true });
    cpSync(dataDir, staging, { recursive: true });
    renameSync(staging, template);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}
