/**
 * A group's subtotal row (（三）不予公开, （四）无法提供, （五）不予处理) is optional: some reports
 * print only its label. When a report does print its values, a line inside the table (a heading, a
 * unit note) can cut its label off them: the values then sit unread between two rows that were
 * read, or join the row before as a long row. The subtotal must then come back unknown (null with
 * a `table.missing` finding), never silently absent as if the report had not printed it: absent,
 * a researcher reads "not printed" where the report printed numbers.
 *
 * Generated reports with every subtotal printed, in every base shape the heading damage fits,
 * a heading line or two dropped at random places inside the table; scored like the mangled corpus
 * (test/support/mangle/score.ts): every cell right, or null with a finding that says why.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { generateReport } from '../../../support/generate.ts';
import { BASES, damageByName, fits, mangle } from '../../../support/mangle/registry.ts';
import { addScore, emptyTally, formatTally, scoreRecord } from '../../../support/mangle/score.ts';

const SEEDS = 120;
const OPTIONAL = ['denied_subtotal', 'unable_subtotal', 'ignored_subtotal'];

describe('subtotal rows cut from their label', () => {
  it('are right, or unknown with a finding: never silently absent', () => {
    const heading = damageByName('heading-in-table');
    const bases = BASES.filter((b) => fits(heading, b)).map((b) => b.name);
    const all = emptyTally();
    const failures: string[] = [];
    let unknownSubtotals = 0;
    // Of them, those whose values joined the row before: the finding names that row and its count.
    let afterLongRow = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const report = generateReport(seed, { year: 2019 + (seed % 6), dense: true, subtotals: true });
      for (const base of bases) {
        const m = mangle(report, base, ['heading-in-table'], seed);
        const record = extractText(m.text);
        const s = scoreRecord(record, m.report, m.absent);
        addScore(all, s);
        if (s.wrong && failures.length < 10)
          failures.push(`seed ${seed} ${base}: ${JSON.stringify(s.wrongCells.slice(0, 2))}`);
        const unknown = record.findings.filter(
          (f) => f.code === 'table.missing' && f.row !== null && OPTIONAL.includes(f.row),
        );
        unknownSubtotals += unknown.length;
        afterLongRow += unknown.filter((f) =>
          /the row before it, \w+, has \d+ values for \d+ columns, so this row's values may be among them$/.test(
            f.message,
          ),
        ).length;
      }
    }
    console.log(
      `subtotals cut from their label: ${formatTally(all)}; ${unknownSubtotals} subtotal rows unknown, ${afterLongRow} of them after a long row`,
    );
    expect(failures).toEqual([]);
    expect(all.wrong).toBe(0);
    // The damage did cut subtotals from their labels in this corpus: the case was exercised.
    expect(unknownSubtotals).toBeGreaterThan(0);
    expect(afterLongRow).toBeGreaterThan(0);
  });
});
