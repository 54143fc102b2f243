/**
 * Makes a new embedded data directory ready to open: a copy of the template (pglite-template.ts)
 * or, when there is none yet, initdb in a child process (pglite-init.mjs), whose fresh directory
 * becomes the template.
 *
 * Not in this process, nor in a thread of it: initdb grows PGlite's WASM heap and the module's
 * other memory to ~800 MB of RSS, and memory a thread took stays in the process's peak (a first
 * crawl on a fresh install peaked at 876 MB where later ones stayed near 450). A child's memory
 * goes back to the system when it exits, before the crawl opens the directory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirFromTemplate, saveTemplate } from './pglite-template.ts';

const INIT = fileURLToPath(new URL('./pglite-init.mjs', import.meta.url));

export async function prepareDataDir(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION')) || dataDirFromTemplate(dir)) return;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [INIT, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`creating the embedded database failed (${signal ?? `exit ${code}`}): ${err.trim()}`),
          ),
    );
  });
  saveTemplate(dir);
}
