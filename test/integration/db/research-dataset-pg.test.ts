import { makePgDb } from './pg-helpers.ts';
import { researchDatasetSuite } from './research-dataset.ts';

researchDatasetSuite('PostgreSQL', makePgDb);
