/**
 * `npm run bench -- word-pdf`: issue 12's Word-pasted report pages printed to PDF by Chromium
 * (test/support/documents/word-html.ts): generated reports of both templates in drawn styles —
 * narrow label columns with labels wrapping over many lines, group labels centred across
 * rowspans, tables broken over pages, collapsed or doubled borders — read through extractBytes as
 * a crawled attachment. Prints right / missing / wrong cells over all, per style trait, the
 * titles not read, and the printing and reading time. Needs Chromium (XXGK_CHROMIUM_PATH).
 *
 * Usage: tsx bench/word-pdf.ts [--reports N] [--first SEED]. Target: 0 wrong.
 */
import { extractBytes } from '../extractors/index.ts';
import { chromiumMissing, openPrinter } from '../test/support/documents/print-pdf.ts';
import { wordPdfCase } from '../test/support/documents/word-html.ts';
import { addScore, emptyTally, formatTally, scoreRecord, type Tally } from '../test/support/mangle/score.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const TOTAL = Number(arg('--reports') ?? 200);
const FIRST = Number(arg('--first') ?? 1);
if (!Number.isInteger(TOTAL) || TOTAL < 1)
  throw new Error('bench word-pdf: --reports must be a positive integer');

const missing = chromiumMissing();
if (missing) {
  console.log(`word-pdf: skipped: ${missing}`);
  process.exit(0);
}

const printer = await openPrinter();
const all = emptyTally();
const by = new Map<string, Tally>();
const wrongSeeds: number[] = [];
const titles: string[] = [];
let printMs = 0;
let readMs = 0;
try {
  for (let seed = FIRST; seed < FIRST + TOTAL; seed++) {
    const c = wordPdfCase(seed);
    const t0 = performance.now();
    const pdf = await printer.print(c.html);
    const t1 = performance.now();
    const record = await extractBytes(pdf, { filename: `word-${seed}.pdf` });
    readMs += performance.now() - t1;
    printMs += t1 - t0;
    const s = scoreRecord(record, c.report);
    addScore(all, s);
    const traits = [
      `template ${c.report.templates.requests}`,
      `valign ${c.style.valign}`,
      `borders ${c.style.borders}`,
      `layout ${c.style.layout}`,
      `font ${c.style.fontPt}pt`,
    ];
    for (const k of traits) {
      const t = by.get(k) ?? emptyTally();
      addScore(t, s);
      by.set(k, t);
    }
    if (s.wrong && wrongSeeds.length < 20) wrongSeeds.push(seed);
    if (record.meta.title !== c.report.meta.title && titles.length < 10)
      titles.push(`seed ${seed}: ${record.meta.title}`);
  }
} finally {
  await printer.close();
}
console.log(`word-pdf: ${TOTAL} Chromium-printed reports from seed ${FIRST}: ${formatTally(all)}`);
for (const [k, t] of [...by].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(`  ${k.padEnd(20)} ${formatTally(t)}`);
console.log(
  `word-pdf: printing ${(printMs / TOTAL).toFixed(0)} ms/report, reading ${(readMs / TOTAL).toFixed(0)} ms/report (extractBytes, document pool)`,
);
if (titles.length) console.log(`word-pdf: titles not read: ${titles.join('; ')}`);
if (wrongSeeds.length) {
  console.log(`word-pdf: seeds with wrong cells: ${wrongSeeds.join(', ')}`);
  process.exitCode = 1;
}
process.exit();
