/**
 * extractText on damaged input: it never throws, answers within 2 s, returns a valid record,
 * and a `partial` or `failed` status always comes with findings saying why.
 *
 * The 2 s bound is on the CPU time the call uses, not wall time: this 2-core machine runs
 * several suites at once (load average above 10 seen), and wall time then measures the
 * neighbours. A runaway call is still caught in wall time: the child is killed at 15 s.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../../extractors/index.ts';
import { ReportRecord } from '../../../../extractors/record.ts';
import { generateReport } from '../../../support/generate.ts';
import { loadGoldens } from '../../../support/golden.ts';
import { SHAPES } from '../../../support/render/index.ts';
import { applyMutation, mutation } from './mutate.ts';

const LIMIT_MS = 2000;

function checkedExtract(text: string) {
  const cpuStart = process.cpuUsage();
  const record = extractText(text);
  const cpu = process.cpuUsage(cpuStart);
  const ms = (cpu.user + cpu.system) / 1000;
  expect(ms, `extractText used ${ms.toFixed(0)} ms of CPU on ${text.length} chars`).toBeLessThan(LIMIT_MS);
  const parsed = ReportRecord.safeParse(record);
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
  expect(['ok', 'partial', 'failed']).toContain(record.status);
  if (record.status !== 'ok')
    expect(record.findings.length, `status ${record.status} without findings`).toBeGreaterThan(0);
  return record;
}

const sources = [
  ...loadGoldens().map((g) => g.text),
  ...Object.values(SHAPES).map((render, i) => render(generateReport(500 + i))),
];

describe('mutated reports', () => {
  it('survive one to four random mutations', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sources),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (text, ms) => {
          checkedExtract(ms.reduce(applyMutation, text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('survive random unicode and binary-ish strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 2000 }),
          fc.string({ unit: 'binary', maxLength: 2000 }),
        ),
        (s) => {
          checkedExtract(s);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a report with no tables at all is failed, with a finding', () => {
    const record = checkedExtract('某某局2020年政府信息公开工作年度报告\n一、总体情况\n本年度无特别事项。\n');
    expect(record.status).toBe('failed');
  });
});

describe('pathological sizes (each in a child process, killed at a deadline)', () => {
  const MB2 = 2 * 1024 * 1024;
  // The kill is a guard against a hang, not the speed check (that is the CPU time below, which load
  // does not inflate): at load 30 on two cores a child's start-up, module loading and its ~2 s of
  // CPU took over 15 s of wall time.
  const KILL_AFTER_MS = 120_000;
  const child = join(import.meta.dirname, 'extract-child.ts');

  it.each([
    ['2 MB of one CJK character', '政'.repeat(MB2 / 3)],
    ['2 MB single line of pipes', '|'.repeat(MB2)],
    ['2 MB single line of digits and pipes', '0 | '.repeat(MB2 / 4)],
    ['2 MB single line of brackets', '[0]'.repeat(MB2 / 3)],
    ['2 MB of nested table tags', '<table><tr><td>'.repeat(MB2 / 15)],
    [
      'a seed with a 2 MB line inserted',
      (() => {
        const t = sources[0]!;
        const i = t.indexOf('三、');
        return `${t.slice(0, i)}${'规章'.repeat(MB2 / 6)}\n${t.slice(i)}`;
      })(),
    ],
  ])(
    '%s',
    (_name, text) => {
      const res = spawnSync(process.execPath, ['--import', 'tsx', child], {
        input: text,
        timeout: KILL_AFTER_MS,
        maxBuffer: 1 << 20,
      });
      expect(res.signal, `extractText did not return within ${KILL_AFTER_MS / 1000} s (killed)`).toBeNull();
      expect(res.status, res.stderr.toString().slice(0, 2000)).toBe(0);
      const out = JSON.parse(res.stdout.toString()) as {
        ms: number;
        wallMs: number;
        valid: boolean;
        error: string | null;
        status: string;
        findings: number;
      };
      expect(
        out.ms,
        `extractText used ${out.ms.toFixed(0)} ms of CPU (${out.wallMs.toFixed(0)} ms wall) on ${text.length} chars`,
      ).toBeLessThan(LIMIT_MS);
      expect(out.valid, out.error ?? '').toBe(true);
      expect(['ok', 'partial', 'failed']).toContain(out.status);
      if (out.status !== 'ok') expect(out.findings).toBeGreaterThan(0);
    },
    KILL_AFTER_MS + 30_000,
  );
});
