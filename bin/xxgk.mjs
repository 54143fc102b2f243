#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --single-threaded-gc
// The published entry stays plain JS so that `npx xxgk` works right after `npm install`,
// without a build step: tsx compiles the TypeScript sources on the fly (esbuild, cached).
// Node's options are on the line above, the only place they can go (`env -S`, coreutils ≥ 8.30,
// macOS, npm's Windows shims): V8's GC without helper threads (`--single-threaded-gc`: NODE_OPTIONS
// refuses it, set at run time V8 aborts) and two malloc arenas instead of one per thread and core
// (glibc reads it at start-up). Same-run A/Bs of the embedded crawl under load 17–29
// (bench/crawlee.ts --ab, 2,004 pages): each alone lowered the peak (by 15 and 67 MB) and the CPU
// per page (by 1.3 and 1.7 ms); both together -2.7 ms and +35 MB in one run, +0.8 ms and +19 MB in
// another. Under such load the peak moves ±35 MB from run to run. `node bin/xxgk.mjs`
// runs without them, the same program.
import { register } from 'tsx/esm/api';

register();
const { handleClosedOutput, main } = await import('./cli.ts');
handleClosedOutput();
await main(process.argv);
