import { makePgDb } from './pg-helpers.ts';
import { tablelessSuite } from './tableless-suite.ts';

tablelessSuite('PostgreSQL', makePgDb);
