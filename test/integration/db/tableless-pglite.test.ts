import { openDatabase } from '../../../db/index.ts';
import { tablelessSuite } from './tableless-suite.ts';

tablelessSuite('PGlite', async () => {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
  return { db, cleanup: () => db.close() };
});
