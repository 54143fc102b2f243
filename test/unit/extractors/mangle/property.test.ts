/**
 * Issue 12's property over the mangled corpus (test/support/mangle): generated reports (both
 * templates, many agencies and years, most with non-zero values in every column) rendered in
 * every base shape and damaged by one to four damage kinds at once. Each cell must come back
 * right, or null with a finding that says why; never wrong, and no false template.outdated.
 * The right fraction is printed and held to a floor over the cells present in the input; the
 * cells of rows a `lossy` damage cuts out of the input are scored apart ("absent") and must be
 * null with a `table.missing` finding for their row or table (else wrong). Deterministic: the case seeds are fixed, a
 * failure names the seed to replay (`mangledCase(seed)`). `npm run bench -- robustness` runs the
 * same over ≥ 10,000 cases.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { DAMAGES, mangledCorpus } from '../../../support/mangle/registry.ts';
import {
  addScore,
  emptyTally,
  formatTally,
  rightFraction,
  scoreRecord,
} from '../../../support/mangle/score.ts';

const CASES = 400;

describe('mangled corpus', () => {
  it(`${CASES} report × damage combinations: every cell right or missing with a finding, never wrong`, () => {
    const all = emptyTally();
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const c of mangledCorpus(CASES, 1)) {
      const s = scoreRecord(extractText(c.text), c.report, c.absent);
      addScore(all, s);
      for (const d of c.applied) seen.add(d);
      if ((s.wrong || s.falseFindings.length) && failures.length < 10)
        failures.push(
          `seed ${c.seed} (${c.base} + ${c.applied.join(' + ')}): ${JSON.stringify(s.wrongCells.slice(0, 3))} ${s.falseFindings.join(',')}`,
        );
    }
    console.log(`mangled corpus: ${formatTally(all)}`);
    expect(failures).toEqual([]);
    expect(all.wrong).toBe(0);
    expect(all.falseFindings).toBe(0);
    // Every damage kind of the registry was drawn at least once.
    expect([...seen].sort()).toEqual(DAMAGES.map((d) => d.name).sort());
    // Lossy damages were drawn, and every cell they cut is absent with its finding (not wrong, above).
    expect(all.absent).toBeGreaterThan(0);
    expect(rightFraction(all)).toBeGreaterThanOrEqual(0.995);
  });
});
