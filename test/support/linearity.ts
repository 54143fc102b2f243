/**
 * How a function's CPU time grows with its input, measured so that a busy machine does not decide
 * the answer: CPU time (process.cpuUsage), not wall time; a batch repeats the call until it has used
 * about `batchMs` of CPU (timer resolution then averages out); a warm-up call first (the JIT's first
 * call is not the input's cost). Used by the adversarial fuzz test (through growth-child.ts) and by
 * `npm run bench -- robustness`.
 *
 * process.cpuUsage counts every thread of the process, V8's background GC threads included: a
 * collection begun during one call is partly paid during the next, so single calls of one input
 * varied 18–99 ms, and the least of them is an outlier. The adversarial test therefore measures in
 * a child started with `--single-threaded-gc` (each call pays its own collection; ratios of a linear
 * family then 1.3–2.5× instead of 0.8–4×), and `growth` alternates the sizes round by round, so a
 * neighbour busy for a while weighs on both.
 */

/**
 * Node flags of a process that measures growth: GC without helper threads (above), and a 64 MB
 * young generation (why: test/unit/extractors/fuzz/adversarial.test.ts's header). The adversarial
 * test's child and `npm run bench -- robustness` (bench/run.ts) both run with them.
 */
export const GROWTH_NODE_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=64'];

export function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Calls of `f(input)` making one batch of about `batchMs` of CPU, judged by one (warm-up) call. */
function repsFor(f: (s: string) => unknown, input: string, batchMs: number): number {
  const first = cpuMs(() => f(input));
  return Math.max(1, Math.ceil(batchMs / Math.max(first, 0.05)));
}

/** CPU ms per call over one batch of `reps` calls. */
function batch(f: (s: string) => unknown, input: string, reps: number): number {
  return (
    cpuMs(() => {
      for (let i = 0; i < reps; i++) f(input);
    }) / reps
  );
}

/** CPU ms per call of `f(input)`: the least of 3 batches of about `batchMs` each. */
export function perCall(f: (s: string) => unknown, input: string, batchMs = 100): number {
  const reps = repsFor(f, input, batchMs);
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 3; b++) best = Math.min(best, batch(f, input, reps));
  return best;
}

/**
 * CPU per call on `large` over CPU per call on `small`: `rounds` rounds, each a batch of the small
 * input then one of the large; each size keeps its least batch (noise only adds CPU).
 */
export function growth(
  f: (s: string) => unknown,
  small: string,
  large: string,
  batchMs = 100,
  rounds = 6,
): number {
  const smallReps = repsFor(f, small, batchMs);
  const largeReps = repsFor(f, large, batchMs);
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    bestSmall = Math.min(bestSmall, batch(f, small, smallReps));
    bestLarge = Math.min(bestLarge, batch(f, large, largeReps));
  }
  return bestLarge / bestSmall;
}

/**
 * `growth`, measured again (up to `tries` times) while it is not below `bound`; the smallest ratio.
 * Only for an upper bound: the least of several readings of a superlinear cost can fall under it
 * (2.5× seen for the quadratic check), so that check keeps `growth`.
 */
export function leastGrowth(
  f: (s: string) => unknown,
  small: string,
  large: string,
  bound: number,
  tries = 3,
): number {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < tries && least >= bound; i++) least = Math.min(least, growth(f, small, large));
  return least;
}
