/**
 * OCR accuracy and cost on generated scans (issue 11's targets): dense reports of both templates
 * (non-zero values in every column) drawn as page images
 *   - at 300 dpi, clean, saved as PNG pages and as an image-only PDF;
 *   - at 150 dpi with a scan's damage (slight rotation, grey paper, a seal over a value, JPEG
 *     noise, a photocopied look on half of them: test/support/scans/damage.ts), saved as JPEG
 *     pages and as an image-only PDF;
 * read with extractors/ocr exactly as the pipeline reads them, and scored cell by cell against the
 * generated values: right, missing (null) and wrong. A missing cell is `flagged` when an
 * `ocr.low_confidence` finding names that very cell (with the raw reading); anything else missing
 * is listed. Targets: 300 dpi clean 100% right; 150 dpi damaged ≥ 99% right and 0 wrong.
 *
 * Cost: pages per second of CPU (this process + the engine processes it waited for: the
 * children's times in /proc/self/stat), i.e. pages per second per core, and the wall-clock rate
 * (which on a shared machine says more about the neighbours); peak RSS of this process and of the
 * whole process tree (node + engine processes, sampled every 100 ms from /proc).
 *
 * Every missing cell is put down to its cause (table not found, row not rebuilt, row label not
 * matched, reading uncertain — under the seal or not —, identity check, …: score.ts
 * `classifyMisses`) and the breakdown is printed per condition (`--misses FILE` writes it as
 * Markdown too).
 *
 * Usage: tsx bench/ocr.ts [--reports N] (per template and condition; default 2) [--only 300|150]
 *   [--engine-timeout MS] [--misses FILE] [--save DIR] [--replay DIR [--redecide]] [--seeds N].
 *   `--save` keeps what OCR read of each input (the OcrDocument, JSON, each value cell with its
 *   readings); `--replay` scores those again without OCR (for work on what follows the reading:
 *   tables, labels, record); with `--redecide` each value cell is decided again on its saved
 *   readings (read.ts `redecide`: for work on the decision). `--seeds N`: reports are seeds N,
 *   N + 17, … (2019) and N + 500, … (2021); default 1000. Held-out seeds for a decision rule:
 *   `--seeds 5000 --reports 3` (never the seeds a rule was tuned on). Linux only for the CPU/RSS
 *   figures (they print as n/a elsewhere).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractHints } from '../extractors/hints.ts';
import { cellAt } from '../extractors/ocr/html.ts';
import { DEFAULT_LIMITS, explainRecord, type OcrDocument, ocrInputs } from '../extractors/ocr/index.ts';
import { redecide } from '../extractors/ocr/read.ts';
import type { ReportRecord } from '../extractors/record.ts';

import { buildableOf } from '../test/support/documents/portal-doc.ts';
import { expectedCells, generateReport } from '../test/support/generate.ts';
import { mulberry32 } from '../test/support/prng.ts';
import type { PlacedText } from '../test/support/scans/draw.ts';
import { CLEAN, type Damage, scanReport, scanToPdf, typicalDamage } from '../test/support/scans/index.ts';
import { classifyMisses, type Miss, sealOver, tallyMisses } from '../test/support/scans/score.ts';
import type { TemplateYear } from '../test/support/types.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPORTS = Number(arg('--reports') ?? 2);
if (!Number.isInteger(REPORTS) || REPORTS < 1)
  throw new Error('bench ocr: --reports must be a positive integer');
const ONLY = arg('--only');
const limits = { ...DEFAULT_LIMITS, timeoutMs: Number(arg('--engine-timeout') ?? 600_000) };
const SAVE = arg('--save');
const REPLAY = arg('--replay');
const MISSES = arg('--misses');
const REDECIDE = process.argv.includes('--redecide');
const SEEDS = Number(arg('--seeds') ?? 1000);
if (!Number.isInteger(SEEDS) || SEEDS < 1) throw new Error('bench ocr: --seeds must be a positive integer');
if (SAVE) mkdirSync(SAVE, { recursive: true });
interface Saved {
  document: OcrDocument;
  stamped: PlacedText[];
  ocrPages: number;
  cpu: number;
  wall: number;
}

interface Condition {
  name: string;
  dpi: number;
  damage: (seed: number) => Damage;
  /** The page images as separate attachments, in this format. */
  images: 'png' | 'jpeg';
}
const ALL_CONDITIONS: Condition[] = [
  { name: '300 dpi clean', dpi: 300, damage: () => CLEAN, images: 'png' },
  {
    name: '150 dpi damaged',
    dpi: 150,
    damage: (seed: number) => typicalDamage(mulberry32(seed * 7919)),
    images: 'jpeg',
  },
];
const CONDITIONS = ALL_CONDITIONS.filter((c) => !ONLY || String(c.dpi) === ONLY);
const TEMPLATES: TemplateYear[] = ['2019', '2021'];

// ---- cost: CPU of this process and its waited-for children, RSS of the tree ----
const TICK = 100; // USER_HZ on every Linux Node runs on
function cpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command (which may hold spaces): state is field 3; utime..cstime are 14..17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
  return (utime! + stime! + cutime! + cstime!) / TICK;
}
function treeRssKb(pid: number): number {
  let kb = 0;
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    kb += m ? Number(m[1]) : 0;
    for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) {
      if (task) kb += treeRssKb(Number(task));
    }
  } catch {
    // the process ended between two reads
  }
  return kb;
}
let peakTreeKb = 0;
const sampler = existsSync('/proc/self/status')
  ? setInterval(() => {
      peakTreeKb = Math.max(peakTreeKb, treeRssKb(process.pid));
    }, 100)
  : null;

// ---- scoring ----
interface Tally {
  right: number;
  missing: number;
  flagged: number;
  wrong: number;
  total: number;
  stampedMissing: number;
  pages: number;
  cpu: number;
  wall: number;
  examples: { wrong: string[]; unflagged: string[]; flagged: string[] };
}
const tally = (): Tally => ({
  right: 0,
  missing: 0,
  flagged: 0,
  wrong: 0,
  total: 0,
  stampedMissing: 0,
  pages: 0,
  cpu: 0,
  wall: 0,
  examples: { wrong: [], unflagged: [], flagged: [] },
});

function score(
  t: Tally,
  truth: ReturnType<typeof expectedCells>,
  record: ReportRecord,
  stamped: Set<string>,
  tag: string,
) {
  const got = new Map(record.cells.map((c) => [`${c.table}/${c.row}/${c.col}`, c]));
  const low = new Map(
    record.findings
      .filter((f) => f.code === 'ocr.low_confidence')
      .map((f) => [`${f.table}/${f.row}/${f.col}`, f]),
  );
  for (const e of truth) {
    const k = `${e.table}/${e.row}/${e.col}`;
    const c = got.get(k);
    t.total++;
    if (c && c.value === e.value) t.right++;
    else if (!c || c.value === null) {
      t.missing++;
      if (stamped.has(e.raw ?? '')) t.stampedMissing++;
      const f = low.get(k);
      if (f) {
        t.flagged++;
        if (t.examples.flagged.length < 6)
          t.examples.flagged.push(`${tag} ${k} printed ${e.raw}: ${f.message}`);
      } else if (t.examples.unflagged.length < 10) {
        const why = record.findings.filter((x) => x.table === e.table && (x.row === e.row || x.row === null));
        t.examples.unflagged.push(
          `${tag} ${k} printed ${e.raw}: ${why.map((x) => x.code).join(', ') || 'no finding'}`,
        );
      }
    } else {
      t.wrong++;
      if (t.examples.wrong.length < 10)
        t.examples.wrong.push(`${tag} ${k}: printed ${e.raw}, got ${c.raw} (${c.value})`);
    }
  }
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(2)}%` : 'n/a');
const results: Array<{ cond: Condition; form: string; t: Tally }> = [];
const misses = new Map<string, Array<Miss & { tag: string }>>();

console.log(
  `ocr: ${REPORTS} dense report(s) per template (${TEMPLATES.join(', ')}) per condition; Tesseract, engine cap ${limits.timeoutMs} ms / ${limits.memoryMb} MB`,
);
for (const cond of CONDITIONS) {
  const forms = { pdf: tally(), images: tally() };
  for (const template of TEMPLATES) {
    for (let i = 0; i < REPORTS; i++) {
      const seed = SEEDS + i * 17 + (template === '2019' ? 0 : 500);
      const report = generateReport(seed, { dense: true, template });
      const truth = expectedCells(report);
      const file = (form: string) => `${cond.dpi}-${template}-${seed}-${form}.json`;
      const scan = REPLAY
        ? null
        : await scanReport(buildableOf(report), { dpi: cond.dpi, damage: cond.damage(seed), seed });
      const format = scan?.format ?? (cond.images === 'png' ? 'png' : 'jpeg');
      const inputs: Array<[keyof typeof forms, () => Promise<Uint8Array[]>, ExtractHints]> = [
        ['pdf', async () => [await scanToPdf(scan!)], { filename: 'scan.pdf' }],
        [
          'images',
          async () => scan!.pages.map((p) => new Uint8Array(p)),
          { filename: `page-1.${format === 'png' ? 'png' : 'jpg'}` },
        ],
      ];
      for (const [form, bytes, hints] of inputs) {
        const t = forms[form];
        let saved: Saved;
        if (REPLAY) {
          saved = JSON.parse(readFileSync(join(REPLAY, file(form)), 'utf8')) as Saved;
          if (REDECIDE)
            for (const b of saved.document.blocks)
              if (b.kind === 'table') for (const c of b.table.cells) redecide(c);
        } else {
          const input = await bytes();
          const cpu0 = cpuSeconds();
          const wall0 = performance.now();
          const { document, ocrPages } = await ocrInputs(input, hints, { limits });
          const wall = (performance.now() - wall0) / 1000;
          const cpu1 = cpuSeconds();
          const cpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : 0;
          saved = { document, stamped: scan!.stamped, ocrPages, cpu, wall };
          if (SAVE) writeFileSync(join(SAVE, file(form)), JSON.stringify(saved));
        }
        // What the pipeline makes of what was read (ocrInputs does the same), with each miss's cause.
        const { record, causes, html } = explainRecord(saved.document, hints);
        t.wall += saved.wall;
        t.cpu += saved.cpu;
        t.pages += saved.ocrPages;
        const stamped = new Set(saved.stamped.map((s) => s.text));
        const before = { ...t };
        const tag = `[${template} seed ${seed} ${form}]`;
        score(t, truth, record, stamped, tag);
        const m = classifyMisses(
          truth,
          record,
          causes,
          (c) => (c.source ? cellAt(html, c.source.table_index, c.source.row, c.source.col) : undefined),
          saved.stamped.map(sealOver),
        );
        misses.set(cond.name, [...(misses.get(cond.name) ?? []), ...m.map((x) => ({ ...x, tag }))]);
        console.log(
          `  ${cond.name} ${template} seed ${seed} ${form === 'pdf' ? 'image-only PDF' : `${format.toUpperCase()} pages`}: ${saved.ocrPages} pages, ${t.right - before.right}/${t.total - before.total} right, ${t.missing - before.missing} missing (${t.flagged - before.flagged} flagged), ${t.wrong - before.wrong} wrong`,
        );
      }
    }
  }
  results.push(
    { cond, form: 'image-only PDF', t: forms.pdf },
    { cond, form: `${cond.images.toUpperCase()} pages`, t: forms.images },
  );
}
if (sampler) clearInterval(sampler);

console.log(
  '\ncondition        input            cells  right            missing (flagged)  wrong  pages  pages/s/core  pages/s wall',
);
for (const { cond, form, t } of results) {
  console.log(
    `${cond.name.padEnd(16)} ${form.padEnd(16)} ${String(t.total).padStart(5)}  ${String(t.right).padStart(5)} ${pct(t.right, t.total).padStart(8)}  ${String(t.missing).padStart(7)} (${String(t.flagged).padStart(4)})      ${String(t.wrong).padStart(5)}  ${String(t.pages).padStart(5)}  ${t.cpu ? (t.pages / t.cpu).toFixed(3).padStart(12) : '         n/a'}  ${(t.pages / t.wall).toFixed(3).padStart(12)}`,
  );
}
for (const cond of CONDITIONS) {
  const ts = results.filter((r) => r.cond === cond).map((r) => r.t);
  const sum = (f: (t: Tally) => number) => ts.reduce((a, t) => a + f(t), 0);
  const right = sum((t) => t.right);
  const total = sum((t) => t.total);
  const wrong = sum((t) => t.wrong);
  const unflagged = sum((t) => t.missing - t.flagged);
  const target = cond.dpi === 300 ? right === total : right / total >= 0.99 && wrong === 0;
  console.log(
    `${cond.name}: ${pct(right, total)} right, ${wrong} wrong, ${sum((t) => t.missing)} missing (${unflagged} not flagged ocr.low_confidence on the cell; ${sum((t) => t.stampedMissing)} under a seal) — target ${cond.dpi === 300 ? '100% right' : '≥ 99% right, 0 wrong'}: ${target ? 'MET' : 'NOT MET'}`,
  );
  for (const t of ts) {
    for (const w of t.examples.wrong) console.log(`    wrong: ${w}`);
    for (const u of t.examples.unflagged) console.log(`    missing, not flagged on the cell: ${u}`);
    for (const f of t.examples.flagged.slice(0, 3)) console.log(`    flagged: ${f}`);
  }
}
const report: string[] = [];
for (const cond of CONDITIONS) {
  const ms = misses.get(cond.name) ?? [];
  const total = results.filter((r) => r.cond === cond).reduce((a, r) => a + r.t.total, 0);
  report.push(
    `### ${cond.name}: ${ms.length} of ${total} cells missing`,
    '',
    '| cause | cells | detail |',
    '|---|---|---|',
  );
  const byKind = [...tallyMisses(ms)].sort((a, b) => b[1].n - a[1].n);
  for (const [kind, { n, details }] of byKind) {
    const d = [...details]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ×${v}`)
      .join('; ');
    report.push(`| ${kind} | ${n} | ${d} |`);
  }
  report.push('', 'Examples (first 3 of each cause):', '');
  for (const [kind] of byKind) {
    for (const x of ms.filter((m) => m.kind === kind).slice(0, 3))
      report.push(`- ${kind}: ${x.tag} ${x.key} printed "${x.printed}"${x.detail ? ` (${x.detail})` : ''}`);
  }
  report.push('');
}
console.log(`\nmissing cells by cause\n${report.join('\n')}`);
// The file lists every miss with what was read there (for work on the readings).
const every: string[] = [];
for (const cond of CONDITIONS) {
  every.push(
    `### ${cond.name}: every missing cell`,
    '',
    '| input | cell | printed | read | cause | detail |',
    '|---|---|---|---|---|---|',
  );
  for (const m of misses.get(cond.name) ?? [])
    every.push(
      `| ${m.tag} | ${m.key} | ${m.printed} | ${m.reading.replace(/\|/g, '\\|')} | ${m.kind} | ${m.detail.replace(/\|/g, '\\|')} |`,
    );
  every.push('');
}
if (MISSES) {
  const head = `# OCR bench: missing cells by cause\n\n\`npm run bench -- ocr ${process.argv.slice(2).join(' ')}\` at ${new Date().toISOString()} (${REPORTS} report(s) per template and condition, image-only PDF and page images each).\n\n`;
  writeFileSync(MISSES, `${head}${report.join('\n')}\n${every.join('\n')}`);
}
const all = results.map((r) => r.t);
const pages = all.reduce((a, t) => a + t.pages, 0);
const cpu = all.reduce((a, t) => a + t.cpu, 0);
console.log(
  `cost: ${pages} pages, ${cpu ? `${(pages / cpu).toFixed(3)} pages/s per core (${(cpu / pages).toFixed(1)} CPU s/page)` : 'CPU n/a'}; peak RSS: node ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, process tree (node + engines, sampled) ${peakTreeKb ? `${(peakTreeKb / 1024).toFixed(0)} MB` : 'n/a'}`,
);
