/**
 * At most `n` calls of a function at once; the rest wait in order. The extract stage's jobs wait
 * for their batch to load with many more of them active than extractions may run at once (CPU and
 * memory): this keeps the extraction itself to the configured concurrency.
 */
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
      return await fn(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
