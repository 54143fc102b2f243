/**
 * One process per embedded data directory: PGlite has no multi-process locking of its own, and two
 * writers would corrupt the files. A pid file claims the directory; a stale claim (dead pid) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DbError } from './errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `lockFile` for this process; returns the release function. */
export function claimDir(lockFile: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (owner === process.pid || (Number.isInteger(owner) && owner > 0 && alive(owner))) {
        throw new DbError(
          'db.locked',
          `${what} is in use by process ${owner}: stop it, or let other clients connect through \`xxgk db serve\``,
        );
      }
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new DbError('db.locked', `${what}: could not claim ${lockFile}`);
}
