/**
 * The one registry of bases and damage kinds. A family lives in its own file and exports its
 * list; add the list here and nowhere else. `mangle` applies a case; `mangledCorpus` draws
 * deterministic cases (report × base × 1–4 compatible damages) from a seed.
 */
import { generateReport } from '../generate.ts';
import { mulberry32, type Rng } from '../prng.ts';
import type { GeneratedReport } from '../types.ts';
import { SHAPE_BASES } from './bases.ts';
import { CELL_DAMAGES } from './cells.ts';
import { CHROME_BASES, CHROME_DAMAGES } from './chrome.ts';
import { META_DAMAGES } from './meta.ts';
import { NOISE_DAMAGES } from './noise.ts';
import { ROW_DAMAGES } from './rows.ts';
import { SCRIPT_DAMAGES } from './script.ts';
import { STREAM_BASES } from './streams.ts';
import type { AbsentRow, Base, Damage, Mangled } from './types.ts';
import { UNIT_DAMAGES } from './units.ts';

export type { AbsentRow, Base, Damage, Mangled } from './types.ts';

export const BASES: Base[] = [...SHAPE_BASES, ...STREAM_BASES, ...CHROME_BASES];

export const DAMAGES: Damage[] = [
  ...NOISE_DAMAGES,
  ...UNIT_DAMAGES,
  ...CELL_DAMAGES,
  ...SCRIPT_DAMAGES,
  ...ROW_DAMAGES,
  ...CHROME_DAMAGES,
  ...META_DAMAGES,
];

const byName = <T extends { name: string }>(xs: T[]) => new Map(xs.map((x) => [x.name, x]));
const BASE_BY_NAME = byName(BASES);
const DAMAGE_BY_NAME = byName(DAMAGES);
{
  const seen = new Set<string>();
  for (const x of [...BASES, ...DAMAGES]) {
    if (seen.has(x.name)) throw new Error(`mangle registry: ${x.name} declared twice`);
    seen.add(x.name);
  }
}

export function damageByName(name: string): Damage {
  const d = DAMAGE_BY_NAME.get(name);
  if (!d) throw new Error(`mangle: no damage ${name}`);
  return d;
}

export function baseByName(name: string): Base {
  const b = BASE_BY_NAME.get(name);
  if (!b) throw new Error(`mangle: no base ${name}`);
  return b;
}

/** Whether a damage can be applied to a base. */
export function fits(d: Damage, b: Base): boolean {
  return d.formats.includes(b.format) && (!d.bases || d.bases.includes(b.name));
}

/**
 * Render `report` in `base` and apply `damages` (report-stage ones first, in their order, then
 * text-stage ones). Pure: the same arguments give the same input.
 */
export function mangle(
  report: GeneratedReport,
  baseName: string,
  damageNames: readonly string[],
  seed: number,
): Mangled {
  const rng = mulberry32(seed);
  const base = baseByName(baseName);
  const damages = damageNames.map(damageByName);
  for (const d of damages)
    if (!fits(d, base)) throw new Error(`mangle: damage ${d.name} does not fit base ${base.name}`);
  let r = report;
  for (const d of damages) if (d.stage === 'report') r = d.apply(r, rng);
  let text = base.render(r, rng);
  const absent: AbsentRow[] = [];
  for (const d of damages) {
    if (d.stage !== 'text') continue;
    const before = text;
    text = d.apply(text, rng, { report: r, format: base.format, base: base.name });
    if (d.absent && text !== before)
      for (const a of d.absent(r))
        if (!absent.some((x) => x.table === a.table && x.row === a.row)) absent.push(a);
  }
  return {
    report: r,
    format: base.format,
    base: base.name,
    text,
    applied: damages.map((d) => d.name),
    absent,
  };
}

export interface MangledCase extends Mangled {
  /** Replays the case: `mangledCase(seed)`. */
  seed: number;
}

/** The report a case starts from: both templates, many agencies and years, most of them dense. */
export function caseReport(rng: Rng, seed: number): GeneratedReport {
  const dense = rng.chance(0.7);
  const subtotals = rng.chance(0.15);
  const year = rng.int(2019, 2024);
  const old = year >= 2021 && rng.chance(0.2);
  return generateReport(seed, { year, dense, subtotals, ...(old ? { template: '2019' as const } : {}) });
}

export interface CaseOptions {
  /** Only these damages (default: all). */
  damages?: readonly string[];
  /** Only these bases (default: all). */
  bases?: readonly string[];
  /** At most this many damages per case (default 4). */
  maxDamages?: number;
}

/** One deterministic case from its seed: a report, a base, 1–maxDamages damages that fit it. */
export function mangledCase(seed: number, opts: CaseOptions = {}): MangledCase {
  const rng = mulberry32(seed ^ 0x5eed);
  const bases = opts.bases ? opts.bases.map(baseByName) : BASES;
  const pool = opts.damages ? opts.damages.map(damageByName) : DAMAGES;
  const report = caseReport(rng, seed);
  const base = rng.pick(bases);
  const fitting = pool.filter((d) => fits(d, base));
  const n = fitting.length ? rng.int(1, Math.min(opts.maxDamages ?? 4, fitting.length)) : 0;
  const chosen: Damage[] = [];
  while (chosen.length < n) {
    const d = rng.pick(fitting);
    if (!chosen.includes(d)) chosen.push(d);
  }
  const m = mangle(
    report,
    base.name,
    chosen.map((d) => d.name),
    seed,
  );
  return { ...m, seed };
}

/** `count` cases from `firstSeed` on. */
export function* mangledCorpus(count: number, firstSeed = 1, opts: CaseOptions = {}): Generator<MangledCase> {
  for (let i = 0; i < count; i++) yield mangledCase(firstSeed + i, opts);
}
