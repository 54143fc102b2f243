import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/index.ts';
import { chartSuite } from './chart-suite.ts';

// On disk rather than in memory: the suite reopens the database read-only, as `xxgk chart` does,
// and hands it to a CLI process, which an in-memory instance cannot be.
chartSuite('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-chart-pglite-'));
  return {
    open: ({ readOnly }) => openDatabase({ databaseUrl: undefined, dataDir }, { readOnly }),
    cliEnv: { ...process.env, DATABASE_URL: '', XXGK_DATA_DIR: dataDir, XXGK_DB_SCHEMA: undefined },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
