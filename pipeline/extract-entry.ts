/** What an extraction thread runs (extract-thread.mjs): bundled into one module by config/entry-bundle.ts. */
export { computeLoadInputs } from '../db/load-inputs.ts';
export { extractBytes } from '../extractors/index.ts';
