/**
 * Issue 12, PDF layout text with wrapped labels (test/support/render/pdf-layout-wrapped.ts):
 * generated reports (both templates, many agencies and years, dense and sparse, with and without
 * subtotal rows) printed in every variant of the layout — narrow and wide label columns, centred
 * and left-aligned labels, indentation kept and stripped, an even-height label's values on their
 * own line or beside the middle, with and without a page header between rows. Every cell comes
 * back right, or null with a finding; never wrong. The right fraction is printed and held to a
 * floor (blank cells print as nothing in this layout: a row of them is read by where its values
 * are printed when that is certain, else it reads short: missing).
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { caseReport } from '../../../support/mangle/registry.ts';
import {
  addScore,
  emptyTally,
  formatTally,
  rightFraction,
  scoreRecord,
} from '../../../support/mangle/score.ts';
import { mulberry32 } from '../../../support/prng.ts';
import { renderPdfLayoutWrapped, type WrappedOptions } from '../../../support/render/pdf-layout-wrapped.ts';

const widths = [
  { labelWidth: 4, groupWidth: 3 },
  { labelWidth: 6, groupWidth: 4 },
  { labelWidth: 10, groupWidth: 6 },
];
const variants: Partial<WrappedOptions>[] = [];
for (const w of widths)
  for (const indent of [true, false])
    for (const even of ['own', 'upper', 'lower'] as const)
      for (const centred of [true, false]) variants.push({ ...w, indent, even, centred });

describe('PDF layout text with wrapped labels', () => {
  it(`${variants.length * 4} reports × layout variants: right or missing with a finding, never wrong`, () => {
    const tally = emptyTally();
    const failures: string[] = [];
    let seed = 7000;
    for (const v of variants)
      for (let k = 0; k < 4; k++) {
        seed++;
        const rng = mulberry32(seed);
        const report = caseReport(rng, seed);
        const header = k % 2 === 0 ? `Page ${k + 3} - ${report.meta.year}年报_${report.meta.agency}` : null;
        const text = renderPdfLayoutWrapped(report, rng, { ...v, pageHeader: header });
        const s = scoreRecord(extractText(text), report);
        addScore(tally, s);
        if ((s.wrong || s.falseFindings.length) && failures.length < 10)
          failures.push(`seed ${seed} ${JSON.stringify(v)}: ${JSON.stringify(s.wrongCells.slice(0, 3))}`);
      }
    console.log(`pdf-layout-wrapped: ${formatTally(tally)}`);
    expect(failures).toEqual([]);
    expect(tally.wrong).toBe(0);
    expect(rightFraction(tally)).toBeGreaterThanOrEqual(0.995);
  });
});
