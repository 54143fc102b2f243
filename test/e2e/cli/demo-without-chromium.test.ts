/**
 * `xxgk demo` on a machine without Chromium (a bad XXGK_CHROMIUM_PATH): it finishes (the browser
 * pool used to leak a slot per failed launch, so the third render waited forever and the demo froze),
 * loads everything that needs no browser, and its summary says the browser pages failed for want of
 * a prerequisite, not because of the portal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../../bin/xxgk.mjs');
const dataDir = mkdtempSync(join(tmpdir(), 'xxgk-demo-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function demo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'demo', '--agencies', '4', '--years', '2023'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('xxgk demo without Chromium', () => {
  it('finishes and says which failures come from the missing prerequisite', async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
    const missing = join(dataDir, 'no-chromium-here');
    const r = await demo({
      ...rest,
      XXGK_DATA_DIR: dataDir,
      XXGK_CHROMIUM_PATH: missing,
      XXGK_LOG_LEVEL: 'silent',
    });
    expect(r.code).toBe(0);
    // Everything that needs no browser still loads.
    expect(r.stdout).toMatch(/^reports: [1-9]\d*, cells: [1-9]\d*/m);
    expect(r.stdout).toMatch(/^ {2}portal-jcms: done$/m);
    // The JS-rendered list and the challenged agency fail, and the summary says why in plain words.
    expect(r.stdout).toMatch(/^ {2}portal-trs: failed — .*fetch\.browser_unavailable/m);
    expect(r.stdout).toContain('missing prerequisite, not a fault of the portal:');
    expect(r.stdout).toContain(`Chromium unavailable: not found at ${missing}`);
    expect(r.stdout).toContain('apt-get install chromium');
  }, 180_000);
});
