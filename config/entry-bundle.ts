/**
 * A thread's TypeScript entry as one prebuilt ES module (esbuild), cached under
 * `node_modules/.cache/xxgk` and built again when one of its sources changes.
 *
 * Why: a thread that loads the TypeScript through tsx pays for its own loader-hooks thread, a
 * resolve and a cached-transform read per module and tsx's JavaScript lexers, which V8 then
 * compiles hot: loading the extractor cost ~0.9 CPU-s and ~110 MB RSS per thread, the bundle
 * ~0.35 s and ~76 MB (lead's measurement, 63 modules). The pipeline starts its extraction thread in
 * the middle of a crawl, so that cost sat on the crawl itself. Packages stay external (Node loads
 * them as it would under tsx); only the project's own modules are joined.
 *
 * Semantics kept: each module's `import.meta.url`, `dirname` and `filename` are its own source
 * file's, not the bundle's (modules find their neighbours: workers, WASM, data files). Anything that
 * goes wrong (no esbuild, a read-only node_modules, a build error) answers null and the caller
 * loads through tsx as before: the bundle is only ever a faster way to the same code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the build's options change, so older caches are not read. */
const FORMAT = 1;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Inside node_modules: the bundle's bare imports (packages) resolve as the sources' do. */
export const DEFAULT_CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'xxgk');

interface Manifest {
  format: number;
  node: string;
  entry: string;
  bundle: string;
  /** Every source file joined into the bundle, with its mtime and size when it was built. */
  inputs: Record<string, [number, number]>;
}

export interface EntryBundleOptions {
  cacheDir?: string;
}

/** The bundle's file URL (built now if missing or stale), or null: load the entry through tsx. */
export async function entryBundle(entry: URL, opts: EntryBundleOptions = {}): Promise<string | null> {
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const entryPath = fileURLToPath(entry);
  const name = basename(entryPath, extname(entryPath));
  const manifestPath = join(cacheDir, `${name}-${hash(`${entryPath}\0${FORMAT}\0${process.version}`)}.json`);
  try {
    const cached = readManifest(manifestPath);
    if (cached && isFresh(cached, manifestPath, entryPath))
      return pathToFileURL(join(cacheDir, cached.bundle)).href;
    return await rebuild(entryPath, name, cacheDir, manifestPath, cached?.bundle ?? null);
  } catch {
    return null;
  }
}

function readManifest(manifestPath: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

function isFresh(m: Manifest, manifestPath: string, entryPath: string): boolean {
  if (m.format !== FORMAT || m.node !== process.version || m.entry !== entryPath) return false;
  for (const [file, [mtime, size]] of Object.entries(m.inputs)) {
    const s = statSync(file, { throwIfNoEntry: false });
    if (!s || s.mtimeMs !== mtime || s.size !== size) return false;
  }
  return statSync(join(dirname(manifestPath), m.bundle), { throwIfNoEntry: false }) !== undefined;
}

async function rebuild(
  entryPath: string,
  name: string,
  cacheDir: string,
  manifestPath: string,
  /** The bundle the manifest named before: removed once the new one is in place. */
  previous: string | null,
): Promise<string> {
  const { build } = await import('esbuild');
  // Stat before reading: a file changed during the build then looks stale next time, never fresh.
  const seen = new Map<string, [number, number]>();
  const result = await build({
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    write: false,
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-import-meta',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
            if (args.path.includes('/node_modules/')) return undefined;
            const s = statSync(args.path);
            seen.set(args.path, [s.mtimeMs, s.size]);
            const source = readFileSync(args.path, 'utf8');
            return { contents: ownImportMeta(source, args.path), loader: loaderFor(args.path) };
          });
        },
      },
    ],
  });
  // Files esbuild read itself (JSON and the like): stat now.
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(ROOT, input);
    if (!seen.has(file) && !file.includes('/node_modules/')) {
      const s = statSync(file);
      seen.set(file, [s.mtimeMs, s.size]);
    }
  }
  const code = result.outputFiles[0]!.contents;
  const bundle = `${name}-${hash(code)}.mjs`;
  mkdirSync(cacheDir, { recursive: true });
  writeAtomically(join(cacheDir, bundle), code);
  const manifest: Manifest = {
    format: FORMAT,
    node: process.version,
    entry: entryPath,
    bundle,
    inputs: Object.fromEntries(seen),
  };
  writeAtomically(manifestPath, JSON.stringify(manifest));
  // The bundle this entry had before: a process running it has it loaded already (a thread that
  // finds it gone between the manifest and the import loads through tsx instead).
  if (previous && previous !== bundle) rmSync(join(cacheDir, previous), { force: true });
  return pathToFileURL(join(cacheDir, bundle)).href;
}

/** `import.meta.url`, `.dirname`, `.filename` as the source file's own values. */
export function ownImportMeta(source: string, file: string): string {
  if (!source.includes('import.meta')) return source;
  return source
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href))
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(file)))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(file));
}

function loaderFor(file: string): 'ts' | 'js' {
  return /\.[cm]?ts$/.test(file) ? 'ts' : 'js';
}

function hash(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex').slice(0, 16);
}

/** Another process may read the file while this one writes it: it sees the old file or the new one. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
