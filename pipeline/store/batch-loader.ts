/**
 * Loads that arrive one report at a time (one per pipeline job) go to the database in batches:
 * db's `loadReports` writes a batch in a handful of set-based statements, one agency lock and one
 * cross-year recompute per agency, where one report per transaction paid all of that every time.
 *
 * The batching is coalescer.ts's, keyed by agency: a batch leaves when it is full (`maxBatch`) or
 * its oldest report has waited `maxWaitMs`, with at most `maxInFlight` batches under way, and
 * reports of an agency that an in-flight batch holds wait for the next batch instead of queueing
 * on that agency's lock in the database (an agency's list is crawled in order, so its neighbouring
 * reports arrive together). Each caller's promise settles when its own report is committed, so a
 * job is never acknowledged before its load is durable. A batch that fails is loaded again one
 * report at a time: one bad report fails only its own job.
 */
import type { Logger } from 'pino';
import { agencyKey, type LoadItem, type LoadResult } from '../../db/index.ts';
import { givenLoadInputs } from '../../db/load-inputs.ts';
import { validateLoadItem } from '../../db/validate.ts';
import { Coalescer } from './coalescer.ts';

/** Reports per transaction by default. */
export const LOAD_BATCH = 64;

export interface BatchLoaderOptions {
  /** Reports per transaction (default LOAD_BATCH). */
  maxBatch?: number;
  /** How long the first report of a batch may wait for company (default 20 ms). */
  maxWaitMs?: number;
  /** Batches under way at once (default 2). */
  maxInFlight?: number;
  logger?: Logger;
}

/** A report's batching key: its agency, else (no agency read) its URL. */
function loadKey(item: LoadItem): string {
  const agency = item.record.meta.agency ? agencyKey(item.record.meta.agency) : '';
  return agency ? `a:${agency}` : `u:${item.ctx.sourceUrl}`;
}

export class BatchLoader {
  private readonly batches: Coalescer<LoadItem, LoadResult>;

  /** `write` loads one batch atomically (db's loadReports, plus what the caller does with it). */
  constructor(write: (items: LoadItem[]) => Promise<LoadResult[]>, opts: BatchLoaderOptions = {}) {
    this.batches = new Coalescer(write, {
      maxBatch: opts.maxBatch ?? LOAD_BATCH,
      maxWaitMs: opts.maxWaitMs ?? 20,
      maxInFlight: opts.maxInFlight ?? 2,
      keyOf: loadKey,
      what: 'report',
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  }

  /** Resolves once the report is committed (with its outcome), rejects with the load's error. */
  load(item: LoadItem): Promise<LoadResult> {
    // A record the loader would refuse fails here, alone, before it can sink a batch. Cells the
    // extraction thread already held to the same check are not read again: reading them parses
    // them (pipeline/extract-pool.ts), two hundred objects a page this thread otherwise never
    // builds (3% of the main thread's time in a crawl's profile, and their garbage).
    validateLoadItem(item, 0, givenLoadInputs(item.record)?.cellsValid === true);
    return this.batches.add(item);
  }

  /** Resolves when nothing is queued or under way. */
  drain(): Promise<void> {
    return this.batches.drain();
  }
}
