import { openDatabase } from '../../../db/index.ts';
import { dropSchema, TEST_DATABASE_URL, uniqueSchema } from '../db/pg-helpers.ts';
import { chartSuite } from './chart-suite.ts';

chartSuite('PostgreSQL', async () => {
  const schema = uniqueSchema('xxgk_chart');
  return {
    open: ({ readOnly }) =>
      openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: '' }, { schema, readOnly }),
    cliEnv: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, XXGK_DB_SCHEMA: schema },
    cleanup: () => dropSchema(schema),
  };
});
