/** Scales: numbers → pixels. Pure; no DOM, so they run in Node and in tests. */

/** Round tick values (1, 2, 5 × 10^k) from 0 up to at least `max`; [0, 1] when there is nothing. */
export function niceTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  // Integer multiples avoid 0.30000000000000004 style ticks.
  for (let i = 0; ; i++) {
    const t = Number((i * step).toPrecision(12));
    ticks.push(t);
    if (t >= max) break;
  }
  return ticks;
}

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v: number) => r0 + (v - d0) * k;
}

export interface Band {
  /** Start of band i. */
  at(i: number): number;
  /** Width of one band (without the padding between bands). */
  width: number;
}

/** `n` equal bands over [r0, r1], `padding` (0..1) of each step left empty, split around the band. */
export function bandScale(n: number, range: readonly [number, number], padding = 0.2): Band {
  const [r0, r1] = range;
  const step = n > 0 ? (r1 - r0) / n : 0;
  const width = step * (1 - padding);
  return { at: (i) => r0 + i * step + (step - width) / 2, width };
}
