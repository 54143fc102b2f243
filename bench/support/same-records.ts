/**
 * Are two extractors' records byte-identical? Speed work must not change a single record: this
 * runs this checkout's extractor and another (`--against DIR/extractors/index.ts`, or `--ref REF`:
 * a detached worktree of that git ref is made under the temporary directory) on the same inputs
 * and compares their JSON, input by input:
 *
 * - the extract bench's corpus (bench/support/extract-corpus.ts), 10,000 reports by default;
 * - mangled reports (test/support/mangle), 5,000 by default;
 * - detail pages with and without a content selector (and a sidebar one that must not win), with
 *   hints, and their page metadata (extractPageMeta);
 * - table-less reports (text and HTML) and the inputs that are not reports;
 * - the adversarial families (test/support/adversarial.ts) at two sizes;
 * - every text/HTML/document fixture, as text and as bytes; and for one input in ten, the tables
 *   `xxgk trace` reads (readDocument: record and grids).
 *
 * Usage: tsx bench/support/same-records.ts (--ref REF | --against PATH) [--reports N] [--mangled N].
 * Exits 1 on any difference, printing the first ones with where their JSON first differs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as mine from '../../extractors/index.ts';
import { ADVERSARIAL } from '../../test/support/adversarial.ts';
import { generateReport } from '../../test/support/generate.ts';
import { mangledCorpus } from '../../test/support/mangle/registry.ts';
import { escapeHtml, renderDetailPage, renderHtml } from '../../test/support/render/html.ts';
import { NOT_REPORTS, renderTableless, tablelessReport } from '../../test/support/tableless.ts';
import { DEFAULT_SEED_DIR, extractCorpus, loadSeeds } from './extract-corpus.ts';

type Extractor = typeof mine;
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPORTS = Number(arg('--reports') ?? 10_000);
const MANGLED = Number(arg('--mangled') ?? 5_000);
const root = resolve(import.meta.dirname, '../..');

function againstPath(): string {
  const path = arg('--against');
  if (path) return resolve(path);
  const ref = arg('--ref');
  if (!ref) throw new Error('same-records: give --ref REF or --against PATH/extractors/index.ts');
  const git = (...a: string[]) => {
    const r = spawnSync('git', ['-C', root, ...a], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  const dir = join(tmpdir(), `xxgk-same-records-${sha.slice(0, 12)}`);
  if (!existsSync(dir)) {
    git('worktree', 'add', '--detach', dir, sha);
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  }
  console.log(`same-records: ${ref} is ${sha.slice(0, 12)}, checked out at ${dir}`);
  return join(dir, 'extractors/index.ts');
}

const theirs: Extractor = await import(pathToFileURL(againstPath()).href);

interface Input {
  name: string;
  run(x: Extractor): unknown | Promise<unknown>;
}

function* inputs(): Generator<Input> {
  let i = 0;
  for (const doc of extractCorpus(REPORTS, loadSeeds(DEFAULT_SEED_DIR))) {
    const n = i++;
    yield { name: `bench ${n} ${doc.kind}`, run: (x) => x.extractText(doc.text) };
    if (n % 10 === 0)
      yield { name: `bench ${n} ${doc.kind} trace`, run: (x) => x.readDocument(Buffer.from(doc.text)) };
  }
  for (const c of mangledCorpus(MANGLED, 1)) {
    const name = `mangled ${c.seed} ${c.base} + ${c.applied.join(' + ')}`;
    yield { name, run: (x) => x.extractText(c.text) };
    if (c.seed % 10 === 0) yield { name: `${name} trace`, run: (x) => x.readDocument(Buffer.from(c.text)) };
  }
  const sidebar = `<div class="content sidebar"><p>热点排行</p><ul><li><a href="#">关于开展安全生产月活动的通知</a></li></ul></div>`;
  for (let seed = 1; seed <= 300; seed++) {
    const report = generateReport(seed, seed % 3 === 0 ? { template: '2019' } : {});
    const html = renderHtml(report)
      .replace('<div class="xxgk-detail">', `${sidebar}\n<div class="xxgk-detail">`)
      .replace('<div class="footer">', '<div class="share">分享到：微信 微博</div>\n<div class="footer">');
    const hints = { title: report.meta.title, agency: report.meta.agency, url: `http://x/${seed}.html` };
    yield { name: `page ${seed}`, run: (x) => x.extractText(html) };
    yield { name: `page ${seed} meta`, run: (x) => x.extractPageMeta(html) };
    for (const sel of ['#zoom', '.content', 'div.article-content', '#none', 'div[[', '.content, #zoom'])
      yield { name: `page ${seed} ${sel}`, run: (x) => x.extractText(html, { contentSelector: sel }) };
    yield {
      name: `page ${seed} hints`,
      run: (x) => x.extractText(html, { ...hints, contentSelector: '#zoom' }),
    };
    if (seed % 10 === 0) {
      const meta = renderDetailPage(report, {
        indexNo: report.meta.index_no,
        bodyHtml: `<table class="m"><tr><td>发布机构：</td><td>${escapeHtml(report.meta.agency)}</td></tr></table>`,
      });
      yield { name: `page ${seed} no body`, run: (x) => x.extractText(meta, { contentSelector: '#zoom' }) };
      yield { name: `page ${seed} trace`, run: (x) => x.readDocument(Buffer.from(html), hints) };
    }
  }
  for (let seed = 1; seed <= 50; seed++)
    for (const kind of ['no-tables', 'pre2019'] as const)
      for (const format of ['text', 'html'] as const) {
        const text = renderTableless(tablelessReport(seed, kind), kind, format, seed);
        yield { name: `tableless ${seed} ${kind} ${format}`, run: (x) => x.extractText(text) };
      }
  for (const [name, text] of Object.entries(NOT_REPORTS))
    yield { name: `not a report ${name}`, run: (x) => x.extractText(text) };
  for (const fam of ADVERSARIAL)
    for (const n of [Math.round(fam.wild / 20), Math.round(fam.wild / 10)]) {
      const text = fam.build(n);
      yield { name: `adversarial ${fam.name} ${n}`, run: (x) => x.extractText(text) };
    }
  const files = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p) : [p];
      });
  for (const file of [
    ...files(join(root, 'test/unit/extractors/fixtures')),
    ...files(join(root, 'test/fixtures')),
  ]) {
    if (/\.(json|ts|png)$/.test(file)) continue;
    const bytes = readFileSync(file);
    const rel = file.slice(root.length + 1);
    if (/\.(txt|html|md)$/.test(file))
      yield { name: `${rel} as text`, run: (x) => x.extractText(bytes.toString('utf8')) };
    yield { name: `${rel} as bytes`, run: (x) => x.readDocument(bytes, { filename: rel }) };
  }
}

const json = async (x: Extractor, input: Input) => {
  try {
    return JSON.stringify(await input.run(x));
  } catch (err) {
    return `threw ${(err as Error)?.message ?? String(err)}`;
  }
};

let compared = 0;
const differ: string[] = [];
for (const input of inputs()) {
  const a = await json(mine, input);
  const b = await json(theirs, input);
  compared++;
  if (a !== b) {
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    differ.push(
      `${input.name}: at ${at}: this …${a.slice(Math.max(0, at - 60), at + 80)}… that …${b.slice(Math.max(0, at - 60), at + 80)}…`,
    );
  }
}
console.log(
  `same-records: extractor ${mine.EXTRACTOR_VERSION} against ${theirs.EXTRACTOR_VERSION}: ${compared} inputs compared, ${differ.length} differ`,
);
for (const d of differ.slice(0, 10)) console.log(`same-records: DIFFERS ${d}`);
process.exit(differ.length ? 1 : 0);
