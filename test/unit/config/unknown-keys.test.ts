import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeIssues,
  editDistance,
  keysAt,
  nearestKeys,
  unknownKeyMessage,
} from '../../../config/unknown-keys.ts';

describe('nearestKeys', () => {
  it('finds typos: a dropped, doubled, swapped or changed letter, or another case', () => {
    expect(nearestKeys('databseUrl', ['databaseUrl', 'dataDir', 'redisUrl'])).toEqual(['databaseUrl']);
    expect(nearestKeys('listt', ['list', 'lists', 'titleFilter'])).toEqual(['list', 'lists']);
    expect(nearestKeys('itmeSelector', ['itemSelector', 'linkSelector'])).toEqual(['itemSelector']);
    expect(nearestKeys('BASEURL', ['baseUrl', 'name'])).toEqual(['baseUrl']);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
  it('offers nothing when no key is close', () => {
    expect(nearestKeys('zzz', ['contentSelector', 'attachmentSelector'])).toEqual([]);
    expect(nearestKeys('ab', ['xy'])).toEqual([]);
  });
  it('says so in one line', () => {
    expect(unknownKeyMessage('databseUrl', ['databaseUrl', 'dataDir'])).toBe(
      'unknown key "databseUrl" (did you mean "databaseUrl"?)',
    );
    expect(unknownKeyMessage('zzz', ['a1', 'b2'], 'detail')).toBe(
      'unknown key "zzz" in detail (valid keys: a1, b2)',
    );
  });
});

describe('keysAt and describeIssues on a strict schema', () => {
  const Schema = z.strictObject({
    name: z.string(),
    items: z.array(z.strictObject({ path: z.string(), agency: z.string().optional() })).default([]),
    paging: z
      .discriminatedUnion('style', [
        z.strictObject({ style: z.literal('numbered'), template: z.string() }),
        z.strictObject({ style: z.literal('query'), param: z.string() }),
      ])
      .optional(),
  });

  it('walks objects, arrays, defaults and the union option the input picks', () => {
    expect(keysAt(Schema, [])).toEqual(['name', 'items', 'paging']);
    expect(keysAt(Schema, ['items', 0])).toEqual(['path', 'agency']);
    expect(keysAt(Schema, ['paging'], { paging: { style: 'query' } })).toEqual(['style', 'param']);
    expect(keysAt(Schema, ['paging'], { paging: { style: 'other' } })).toEqual([
      'style',
      'template',
      'param',
    ]);
  });

  it('turns every issue into a line, unknown keys with their nearest valid key', () => {
    const input = { nmae: 'x', items: [{ path: '/a', agnecy: 'b' }], paging: { style: 'query', parm: 'p' } };
    const r = Schema.safeParse(input);
    expect(r.success).toBe(false);
    const lines = describeIssues(r.error!, Schema, input);
    expect(lines).toEqual(
      expect.arrayContaining([
        'unknown key "nmae" (did you mean "name"?)',
        'unknown key "agnecy" in items[0] (did you mean "agency"?)',
        'unknown key "parm" in paging (did you mean "param"?)',
      ]),
    );
    expect(lines.slice(0, 3).every((l) => l.startsWith('unknown key'))).toBe(true);
    expect(lines.some((l) => l.startsWith('field name:'))).toBe(true);
  });
});
