#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --single-threaded-gc
// The published entry stays plain JS so that `npx xxgk` works right after `npm install`,
// without a build step: tsx compiles the TypeScript sources on the fly (esbuild, cached).
// Node's options are on the line above, the only place they can go (`env -S`, coreutils ≥ 8.30,
// macOS, npm's Windows shims): V8's GC on this thread alone (`--single-threaded-gc`: NODE_OPTIONS
// refuses it, set at run time V8 aborts) and two malloc arenas instead of one per thread and core
// (glibc reads it at start-up). Measured on the embedded crawl (bench/crawlee.ts --ab, same run,
// 2,004 pages): GC threads' CPU -2.7 ms/page, two arenas -67 MB of peak RSS. `node bin/xxgk.mjs`
// runs without them, the same program.
import { register } from 'tsx/esm/api';

register();
const { handleClosedOutput, main } = await import('./cli.ts');
handleClosedOutput();
await main(process.argv);
