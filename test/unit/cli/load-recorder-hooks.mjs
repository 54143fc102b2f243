/** Resolve hook for load-recorder.mjs. Sync append: the process may exit right after the import. */
import { appendFileSync } from 'node:fs';

const log = process.env.XXGK_TEST_LOAD_LOG;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
