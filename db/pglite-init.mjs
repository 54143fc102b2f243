// Creates an embedded data directory (PGlite's initdb) and exits: `node pglite-init.mjs DIR`.
// A process of its own (see pglite-init.ts): initdb grows PGlite's memory to ~800 MB, which a
// process gives back to the system when it exits, before the crawl that needs the directory opens it.
import { PGlite } from '@electric-sql/pglite';

const dir = process.argv[2];
try {
  if (!dir) throw new Error('usage: pglite-init.mjs DIR');
  const db = await PGlite.create({ dataDir: dir });
  await db.close();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
process.exit(0);
