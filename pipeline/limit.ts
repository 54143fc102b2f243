/**
 * At most `n` calls of a function at once; the rest wait in order. The extract stage's jobs wait
 * for their batch to load with many more of them active than extractions may run at once (CPU and
 * memory): this keeps the extraction itself to the configured concurrency.
 *
 * Each call starts in an event-loop turn of its own (after a `setImmediate`). Many jobs resume
 * together when a batched write commits (store/coalescer.ts); without the yield their extractions
 * would run back to back inside one turn, each started by the previous one's promise, and timers
 * and I/O would wait for all of them: BullMQ's lock renewals among them, so on a busy machine
 * active jobs lost their locks and were declared stalled.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export function limitConcurrency<A extends unknown[], R>(
  n: number,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (...args: A) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      await nextTurn();
      return await fn(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
