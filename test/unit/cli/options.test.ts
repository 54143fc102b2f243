/**
 * Option values are refused whole, naming the option: an id is digits only (`parseInt('12abc')` took
 * it as 12), a port is 1–65535, years are four digits; an unknown `--source` names the option and
 * the sources there are.
 */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { defineSource } from '../../../config/sources/load.ts';
import { pickSources } from '../../../pipeline/cli/context.ts';
import { port, positiveInt, yearList } from '../../../pipeline/cli/options.ts';

describe('option parsers', () => {
  it('positiveInt: digits only, above zero', () => {
    expect(positiveInt('42')).toBe(42);
    for (const bad of ['12abc', '1e3', '-1', '0', '', 'abc', '1.5', '0x10'])
      expect(() => positiveInt(bad), bad).toThrow(InvalidArgumentError);
  });

  it('port: 1 to 65535', () => {
    expect(port('3100')).toBe(3100);
    for (const bad of ['0', '65536', '80x', 'http'])
      expect(() => port(bad), bad).toThrow(InvalidArgumentError);
  });

  it('yearList: comma-separated four-digit years, the bad ones named', () => {
    expect(yearList('2019, 2020,2021')).toEqual([2019, 2020, 2021]);
    expect(() => yearList('2019,20x1,3')).toThrow('not a comma-separated list of years (20x1, 3)');
  });
});

describe('--source', () => {
  const all = ['alpha', 'beta'].map((id) => defineSource({ id, baseUrl: `https://${id}.example.gov.cn/` }));
  it('picks the named sources (repeatable or comma-separated), all when none is named', () => {
    expect(pickSources(all, undefined).map((s) => s.id)).toEqual(['alpha', 'beta']);
    expect(pickSources(all, ['beta']).map((s) => s.id)).toEqual(['beta']);
    expect(pickSources(all, ['alpha,beta']).map((s) => s.id)).toEqual(['alpha', 'beta']);
  });
  it('an unknown one is an error naming the option and the known sources', () => {
    expect(() => pickSources(all, ['gamma'])).toThrow('--source gamma: unknown source (known: alpha, beta)');
  });
});
