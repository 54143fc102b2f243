import { openDatabase } from '../../../db/index.ts';
import { researchDatasetSuite } from './research-dataset.ts';

researchDatasetSuite('PGlite', async () => {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: '' }, { inMemory: true });
  return { db, cleanup: () => db.close() };
});
