/** `xxgk extract` end to end, as a user runs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SEED = join(ROOT, 'test/fixtures/seeds/003_b07cdb3dbe681def.txt');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/xxgk.mjs'), 'extract', ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
const tmp = mkdtempSync(join(tmpdir(), 'xxgk-extract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('xxgk extract', () => {
  it('prints one file as pretty JSON', () => {
    const r = run(SEED);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('{\n  "status": "partial"')).toBe(true);
    const rec = JSON.parse(r.stdout);
    expect(rec.meta.agency).toBe('聊城市市场监督管理局');
    expect(rec.findings.map((f: { code: string }) => f.code)).toContain('table.short_row');
  });

  it('--compact prints one line', () => {
    const r = run('--compact', SEED);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file: one error line, exit 2', () => {
    const r = run(join(tmp, 'nope.txt'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^xxgk: extract .*nope\.txt: input\.missing: /);
  });

  it('a directory: JSON Lines in name order with "file"; keeps going past unreadable files, exit 2', () => {
    writeFileSync(join(tmp, 'a.txt'), '某局2022年政府信息公开工作年度报告\n一、总体情况\n无。\n');
    writeFileSync(join(tmp, 'b.txt'), '');
    writeFileSync(
      join(tmp, 'c.txt'),
      '三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n',
    );
    const r = run(tmp);
    expect(r.status).toBe(2);
    const recs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs.map((x) => x.file)).toEqual([join(tmp, 'a.txt'), join(tmp, 'c.txt')]);
    expect(recs[0].status).toBe('failed');
    expect(r.stderr).toMatch(/xxgk: extract .*b\.txt: input\.empty: /);
  });
});
