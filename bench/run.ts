/**
 * `npm run bench [-- name…]`: runs every bench/*.ts but this one, in sequence, each in its own
 * process (so one bench's memory does not colour the next one's RSS figures), printing their
 * figures as they come. `npm run bench -- extract` runs only bench/extract.ts; arguments from the
 * first option on go to the chosen benches (`npm run bench -- ocr --reports 1`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GROWTH_NODE_FLAGS } from '../test/support/linearity.ts';

const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== basename(import.meta.filename))
  .map((f) => f.slice(0, -3))
  .sort();

const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('-'));
const wanted = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`bench: unknown bench ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(2);
}
const chosen = wanted.length ? wanted : available;

/** Node flags a bench needs to measure what its test measures (robustness: the adversarial test's). */
const NODE_FLAGS: Record<string, string[]> = { robustness: GROWTH_NODE_FLAGS };

let failed = 0;
for (const name of chosen) {
  console.log(`== bench ${name}`);
  const started = performance.now();
  const flags = NODE_FLAGS[name] ?? [];
  const res = spawnSync(
    process.execPath,
    // Started as `xxgk` starts (support/launch.mjs): the pipeline's threads do not load tsx.
    [...flags, join(dir, 'support', 'launch.mjs'), join(dir, `${name}.ts`), ...options],
    {
      stdio: 'inherit',
    },
  );
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (res.status !== 0) {
    failed++;
    console.log(`== bench ${name}: FAILED (exit ${res.status ?? res.signal}) after ${secs} s`);
  } else console.log(`== bench ${name}: done in ${secs} s`);
}
process.exit(failed ? 1 : 0);
