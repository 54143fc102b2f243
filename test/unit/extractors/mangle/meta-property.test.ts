/**
 * Issue 12's property for the page-chrome and meta damages (test/support/mangle/chrome.ts,
 * meta.ts): generated reports in every base, damaged by one to four of them at once (metadata
 * tables and lines inside the content, navigation, share bars, missing or cut titles, placeholder
 * publishers). Every cell right or missing with a finding, never wrong; agency and year right or
 * null with `meta.missing`, never wrong; the publication date right or absent; no false
 * `meta.disagree` or `agency.placeholder`, and a placeholder passed over is said. The general
 * property (property.test.ts) draws these damages too, mixed with every other kind.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { CHROME_DAMAGES } from '../../../support/mangle/chrome.ts';
import { META_DAMAGES } from '../../../support/mangle/meta.ts';
import { mangledCorpus } from '../../../support/mangle/registry.ts';
import {
  addScore,
  emptyTally,
  formatTally,
  rightFraction,
  scoreRecord,
} from '../../../support/mangle/score.ts';
import { scoreMeta } from '../../../support/mangle/score-meta.ts';

const CASES = 300;
const MINE = [...CHROME_DAMAGES, ...META_DAMAGES].map((d) => d.name);

describe('mangled corpus: page chrome and meta', () => {
  it(`${CASES} cases: cells and meta right or missing with a finding, never wrong`, () => {
    const cells = emptyTally();
    const meta = { right: 0, missing: 0, wrong: 0, undated: 0 };
    const failures: string[] = [];
    const seen = new Set<string>();
    for (const c of mangledCorpus(CASES, 10_001, { damages: MINE })) {
      const r = extractText(c.text);
      const s = scoreRecord(r, c.report);
      const m = scoreMeta(r, c.report, c.applied, c.text);
      addScore(cells, s);
      meta.right += m.right;
      meta.missing += m.missing;
      meta.wrong += m.wrong;
      meta.undated += m.undated;
      for (const d of c.applied) seen.add(d);
      const bad = s.wrong || s.falseFindings.length || m.wrong || m.falseFindings.length || m.unsaid.length;
      if (bad && failures.length < 10)
        failures.push(
          `seed ${c.seed} (${c.base} + ${c.applied.join(' + ')}): ${JSON.stringify(s.wrongCells.slice(0, 2))} ${[...m.wrongFields, ...m.falseFindings, ...m.unsaid.map((u) => `unsaid ${u}`)].join('; ')}`,
        );
    }
    console.log(`chrome/meta corpus: cells ${formatTally(cells)}; meta ${JSON.stringify(meta)}`);
    expect(failures).toEqual([]);
    expect(cells.wrong).toBe(0);
    expect(meta.wrong).toBe(0);
    expect([...seen].sort()).toEqual([...MINE].sort());
    expect(rightFraction(cells)).toBeGreaterThanOrEqual(0.995);
    // Agency and year are nearly always still in the report (opening, signature, first sentence).
    expect(meta.right / (meta.right + meta.missing + meta.wrong)).toBeGreaterThanOrEqual(0.99);
  });
});
