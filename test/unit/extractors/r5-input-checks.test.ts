/**
 * Findings about the input: an anti-bot page (captcha, 412 script challenge) instead of a report,
 * and a report whose text stops inside a table (no sections 五/六).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../extractors/index.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'r5', name), 'utf8');
const seed = readFileSync(join(import.meta.dirname, '../../fixtures/seeds/001_32db68a7ed8774d3.txt'), 'utf8');
const codes = (r: ReturnType<typeof extractText>) => r.findings.map((f) => f.code);

describe('anti-bot pages', () => {
  for (const name of ['captcha.html', 'challenge-412.html']) {
    it(`${name} is failed with input.challenge first`, () => {
      const r = extractText(fixture(name));
      expect(r.status).toBe('failed');
      expect(r.findings[0]).toMatchObject({ code: 'input.challenge', severity: 'error' });
    });
  }

  it('a report that mentions 验证码 is not a challenge', () => {
    expect(
      codes(extractText(seed.replace('一、总体情况', '一、总体情况\n本机关网站登录需输入验证码。'))),
    ).not.toContain('input.challenge');
  });

  it('an empty page without challenge signs gets no input.challenge', () => {
    expect(codes(extractText('<html><body><p>页面不存在</p></body></html>'))).not.toContain(
      'input.challenge',
    );
  });
});

describe('truncated text', () => {
  it('text that stops inside the requests table gets input.truncated (warning)', () => {
    const lines = seed.split('\n');
    const cut = lines.findIndex((l) => l.startsWith('2.重复申请'));
    const r = extractText(lines.slice(0, cut).join('\n'));
    const f = r.findings.find((x) => x.code === 'input.truncated');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain('requests');
  });

  it('the whole report does not', () => {
    expect(codes(extractText(seed))).not.toContain('input.truncated');
  });
});
