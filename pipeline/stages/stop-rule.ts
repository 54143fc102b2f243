/**
 * Where an incremental list walk may stop. Lists are newest first, so a walk that meets a ref it may
 * stop at skips everything below it; that is safe only if some earlier walk recorded everything
 * below it.
 *
 * Claim: a walk that completed (reached the list's end, or stopped by this rule) and started at T
 * recorded every item that was in the list at T. A walk that reached the end did. A walk that
 * stopped at K, first seen before the start T' of the list's previous completed walk: the items
 * below K are older than K, so they were listed when K was first seen, hence at T', and by
 * induction that walk recorded them.
 *
 * So a walk may stop at a ref only if it was handled (a ref still `new` was never fetched) and first
 * seen before the start of the list's last completed walk. With no completed walk on record (a new
 * list, or every walk so far died midway: a worker killed, page 3 answering 5xx) it walks to the end.
 * A ref first seen by this run never qualifies either: a list job re-run after its worker died must
 * go past what its first attempt handled, to the links it never reached.
 */
import type { RefSighting } from '../../db/index.ts';

export interface WalkHistory {
  /** Start of the list's last completed walk before this one; null when none completed. */
  lastCompletedStartedAt: Date | null;
  /** Start of this walk's crawl run; null outside a run. */
  runStartedAt: Date | null;
}

/** True when a walk of a list with this history may stop at this ref (null: never discovered). */
export function mayStopAt(ref: RefSighting | null, history: WalkHistory): boolean {
  if (ref === null || ref.state === 'new') return false;
  const covered = history.lastCompletedStartedAt;
  if (covered === null || !(ref.firstSeen < covered)) return false;
  return history.runStartedAt === null || ref.firstSeen < history.runStartedAt;
}
