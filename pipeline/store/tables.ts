/**
 * Left for one caller outside pipeline/ (bin/commands/status.ts, which migrates first): the
 * hand-off table `pipeline_extractions` is now db/schema.ts + migration 0005, so there is nothing
 * left to ensure. Remove this file once that command no longer imports it.
 * @deprecated run db's `migrate()` instead.
 */
import type { Queryable } from '../../db/engine.ts';

export async function ensurePipelineTables(_db: Queryable): Promise<void> {}
