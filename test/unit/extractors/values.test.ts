import { describe, expect, it } from 'vitest';
import { classify, parseValue } from '../../../extractors/values.ts';

describe('parseValue', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    [' 0', 0],
    ['０', 0],
    ['１２３', 123],
    ['+19', 19],
    ['＋19', 19],
    ['1,234', 1234],
    ['7件', 7],
  ])('count %j → %j', (raw, value) => {
    expect(parseValue(raw, 'count')).toEqual({ value, state: 'number' });
  });

  it.each(['', '无', '—', '-', '/', '／', '空', '——'])('blank marker %j → null', (raw) => {
    expect(parseValue(raw, 'count')).toEqual({ value: null, state: 'blank' });
  });

  it.each([
    ['+387', 387],
    ['-3', -3],
    ['－3', -3],
    ['增10', 10],
    ['减4', -4],
    ['0', 0],
  ])('change %j → %j', (raw, value) => {
    expect(parseValue(raw, 'change')).toEqual({ value, state: 'number' });
  });

  it('a count column keeps a negative number (checks flag it) but refuses 增/减', () => {
    expect(parseValue('-3', 'count')).toEqual({ value: -3, state: 'number' });
    expect(parseValue('减4', 'count').state).toBe('unreadable');
  });

  it.each([
    ['1103888.66元', 'yuan', 1103888.66],
    ['1007.25万元', 'yuan', 10072500],
    ['1007.25', 'wan', 10072500],
    ['1007.25', 'yuan', 1007.25],
    ['35元', 'wan', 35],
    ['0.3万元', 'yuan', 3000],
  ] as const)('money %j under a %s header → %j', (raw, unit, value) => {
    expect(parseValue(raw, 'money', unit)).toEqual({ value, state: 'number' });
  });

  it.each(['约30', '30余', '30多', '1.2.3', '12 34', '30左右'])('%j is unreadable', (raw) => {
    expect(parseValue(raw, 'count')).toEqual({ value: null, state: 'unreadable' });
  });
});

describe('classify', () => {
  it('tells labels from values', () => {
    expect(classify('规章')).toBe('text');
    expect(classify('1.属于国家秘密')).toBe('text');
    expect(classify('（七）总计')).toBe('text');
    expect(classify('0')).toBe('number');
    expect(classify('1007.25万元')).toBe('number');
    expect(classify('无')).toBe('blank');
    expect(classify('')).toBe('blank');
    expect(classify('约30')).toBe('unreadable');
  });
});
