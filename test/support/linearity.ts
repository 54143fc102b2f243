/**
 * How a function's CPU time grows with its input, measured so that a busy machine does not decide
 * the answer: CPU time (process.cpuUsage), not wall time; each figure the best of 3 batches, a
 * batch repeating the call until it has used about `batchMs` of CPU (GC pauses and timer resolution
 * then average out); a warm-up call first (the JIT's first call is not the input's cost). What the
 * neighbours do to both sizes alike cancels in the ratio. Used by the adversarial fuzz test and by
 * `npm run bench -- robustness`.
 */

export function cpuMs(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** CPU ms per call of `f(input)`: the best of 3 batches of about `batchMs` each. */
export function perCall(f: (s: string) => unknown, input: string, batchMs = 100): number {
  const first = cpuMs(() => f(input));
  const reps = Math.max(1, Math.ceil(batchMs / Math.max(first, 0.05)));
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 3; b++) {
    best = Math.min(
      best,
      cpuMs(() => {
        for (let i = 0; i < reps; i++) f(input);
      }) / reps,
    );
  }
  return best;
}

/** CPU per call on `large` over CPU per call on `small`, after a warm-up on `small`. */
export function growth(f: (s: string) => unknown, small: string, large: string, batchMs = 100): number {
  f(small);
  return perCall(f, large, batchMs) / perCall(f, small, batchMs);
}

/**
 * `growth`, measured again (up to `tries` times) while it is not below `bound`; the smallest ratio.
 * Noise only adds CPU, and more to the large input (a neighbour's cache and memory traffic weigh on
 * it longer): three of twelve linear families read 3.1–3.8× once in a CI run beside other files,
 * and 2× in every other. Only for an upper bound: the least of several readings of a
 * superlinear cost can fall under it (2.5× seen for the quadratic check), so that check keeps `growth`.
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
