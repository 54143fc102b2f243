#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --single-threaded-gc --max-semi-space-size=8
// The published entry stays plain JS so that `npx xxgk` works right after `npm install`,
// without a build step: tsx compiles the TypeScript sources on the fly (esbuild, cached).
// Node's options are on the line above, the only place they can go (`env -S`, coreutils ≥ 8.30,
// macOS, npm's Windows shims): V8's GC without helper threads (`--single-threaded-gc`: NODE_OPTIONS
// refuses it, set at run time V8 aborts) and two malloc arenas instead of one per thread and core
// (glibc reads it at start-up). Same-run A/Bs of the embedded crawl under load 17–29
// (bench/crawlee.ts --ab, 2,004 pages): each alone lowered the peak (by 15 and 67 MB) and the CPU
// per page (by 1.3 and 1.7 ms); both together -2.7 ms and +35 MB in one run, +0.8 ms and +19 MB in
// another. Under such load the peak moves ±35 MB from run to run. `--max-semi-space-size=8`
// (V8's default grows to 16 MB): since the embedded crawl extracts on a thread of its own, that
// thread's heap adds to the peak, and with the main thread's full-size young generation the peak
// went over the 500 MB budget (8,004 pages, alternating runs under load 2.5–5: 432, 442, 453 and
// 464 MB with it, 506 and 498 without). It costs some CPU, more scavenges: 6.4–7.6 against
// 6.2–6.3 ms/page in those runs. `node bin/xxgk.mjs` runs without them, the same program.
import { register } from 'tsx/esm/api';

register();
const { handleClosedOutput, main } = await import('./cli.ts');
handleClosedOutput();
await main(process.argv);
