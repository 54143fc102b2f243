// Starts a TypeScript entry (argv[2], its arguments after it) the way bin/xxgk.mjs starts the CLI:
// tsx registered by this thread. Not `node --import tsx`: worker threads inherit the process's
// node options, so each of the pipeline's threads (extraction, the embedded database) would load
// tsx again, ~1 CPU-s apiece in a 2,000-page crawl's profile, which `xxgk crawl` does not pay.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = resolve(process.argv[2]);
// The entry reads its own arguments from argv[2] on, as if started directly.
process.argv.splice(1, 1);
process.argv[1] = entry;
await import(pathToFileURL(entry).href);
