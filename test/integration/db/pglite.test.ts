import { openDatabase } from '../../../db/index.ts';
import { dbSuite } from './db-suite.ts';

// One in-memory PGlite for the whole file: each instance costs seconds of initdb.
dbSuite('PGlite', async () => {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
  return { db, cleanup: () => db.close() };
});
