import { dbSuite } from './db-suite.ts';
import { makePgDb } from './pg-helpers.ts';

dbSuite('PostgreSQL', makePgDb);
