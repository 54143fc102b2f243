#!/usr/bin/env node
// The published entry stays plain JS so that `npx xxgk` works right after `npm install`,
// without a build step: tsx compiles the TypeScript sources on the fly (esbuild, cached).
import { register } from 'tsx/esm/api';

register();
const { handleClosedOutput, main } = await import('./cli.ts');
handleClosedOutput();
await main(process.argv);
