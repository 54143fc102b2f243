/**
 * `node --import ./load-recorder.mjs …`: appends the URL of every module the process resolves to the
 * file named by XXGK_TEST_LOAD_LOG, so a test can see what a CLI command loaded. Module hooks run
 * in their own thread, hence the separate hooks file and a log file rather than a variable.
 */
import { register } from 'node:module';

register('./load-recorder-hooks.mjs', import.meta.url);
