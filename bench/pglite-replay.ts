/**
 * The embedded database's thread alone: replays the statements a crawl sent it (recorded with the
 * pgliteRecord setting, XXGK_PGLITE_RECORD=FILE, db/pglite-thread.ts) into a fresh data directory,
 * one after another, and prints that thread's CPU seconds, with each statement's summed wall time
 * (`--statements`). An A/B of the database side (db/pglite-worker.mjs: settings, how statements are
 * sent) without the crawl around it: `--ab-tree DIR` alternates with another checkout's db/pglite-thread.ts.
 *
 *   XXGK_PGLITE_RECORD=crawl.bin npx tsx bench/crawlee.ts --sizes "" --no-crawlee --kinds xxgk-embedded
 *   npx tsx bench/pglite-replay.ts crawl.bin --ab-tree ../other-checkout --pairs 4
 *
 * Both sides replay the same messages; a statement that fails is counted (it failed in the crawl
 * too, or the two sides differ: the count says which).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { threadCpu, threadSplit } from './support/proc-cpu.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const FILE = process.argv[2];
if (!FILE || FILE.startsWith('--'))
  throw new Error('usage: pglite-replay.ts FILE [--ab-tree DIR] [--pairs N] [--statements]');
const AB_TREE = arg('ab-tree', '');
const PAIRS = Number(arg('pairs', '1'));
const STATEMENTS = process.argv.includes('--statements');

interface Message {
  op: 'query' | 'exec' | 'copy' | 'close';
  sql?: string;
  params?: unknown[];
  data?: Uint8Array;
}

function messages(): Message[] {
  const buf = readFileSync(FILE!);
  const out: Message[] = [];
  for (let o = 0; o < buf.length; ) {
    const n = buf.readUInt32LE(o);
    const m = deserialize(buf.subarray(o + 4, o + 4 + n)) as Message;
    // Deserialised bytes are views on the whole file: posted as they are, each would copy all of it.
    if (m.params) m.params = m.params.map((p) => (p instanceof Uint8Array ? new Uint8Array(p) : p));
    out.push(m);
    o += 4 + n;
  }
  return out;
}

async function replay(tree: string, msgs: Message[]) {
  const { openPgliteThread } = (await import(
    join(tree, 'db', 'pglite-thread.ts')
  )) as typeof import('../db/pglite-thread.ts');
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-replay-'));
  try {
    const db = await openPgliteThread({ dataDir: join(dir, 'pglite'), schema: 'public', readOnly: false });
    const before = threadCpu();
    const started = performance.now();
    const times = new Map<string, { n: number; ms: number }>();
    let failed = 0;
    const decoder = new TextDecoder();
    for (const m of msgs) {
      if (m.op === 'close') break;
      const t0 = performance.now();
      try {
        // In order, one at a time, each as if inside a transaction: BEGIN and COMMIT are replayed too.
        if (m.op === 'query') await db.query(m.sql!, m.params ?? [], true);
        else if (m.op === 'exec') await db.exec(m.sql!, true);
        else if (m.op === 'copy') await db.copy(m.sql!, decoder.decode(m.data!), true);
      } catch {
        failed++;
      }
      const key = `${m.op} ${(m.sql ?? '').replace(/\s+/g, ' ').slice(0, 100)}`;
      const t = times.get(key) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += performance.now() - t0;
      times.set(key, t);
    }
    const seconds = (performance.now() - started) / 1000;
    // The database's thread: the busiest one besides this (the main) thread.
    const dbCpu = threadSplit(before).top;
    await db.close();
    return { seconds, dbCpu, failed, times };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const msgs = messages();
console.log(`${FILE}: ${msgs.length} messages`);
const trees: Array<[string, string]> = [['this', join(import.meta.dirname, '..')]];
if (AB_TREE) trees.push(['+ab', AB_TREE]);
const sums = new Map<string, number[]>();
for (let i = 0; i < PAIRS; i++)
  for (const [label, tree] of trees) {
    const r = await replay(tree, msgs);
    sums.set(label, [...(sums.get(label) ?? []), r.dbCpu]);
    console.log(
      `${label.padEnd(5)} database thread ${r.dbCpu.toFixed(2)} CPU s, wall ${r.seconds.toFixed(2)} s, ${r.failed} failed`,
    );
    if (STATEMENTS)
      for (const [k, t] of [...r.times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
        console.log(`  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}  ${k}`);
  }
for (const [label, xs] of sums)
  console.log(
    `${label}: mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)} CPU s over ${xs.length}`,
  );
