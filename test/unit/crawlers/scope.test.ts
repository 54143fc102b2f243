import { describe, expect, it } from 'vitest';
import { checkScope, isPrivateAddress, resolveLocation } from '../../../crawlers/http/scope.ts';

const scope = (hosts: string[], allowPrivate = false) => ({
  allowHosts: (h: string) => hosts.includes(h),
  allowPrivate,
});

describe('private addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['59.52.1.10', false],
    ['2400:da00::1', false],
    ['gzjkq.ganzhou.gov.cn', false],
  ])('%s → %s', (addr, expected) => {
    expect(isPrivateAddress(addr)).toBe(expected);
  });
});

describe('checkScope', () => {
  it('lets configured public hosts through', () => {
    expect(checkScope('https://gzjkq.ganzhou.gov.cn/a', scope(['gzjkq.ganzhou.gov.cn'])).hostname).toBe(
      'gzjkq.ganzhou.gov.cn',
    );
  });
  it('refuses other hosts (a redirect off the source)', () => {
    expect(() => checkScope('https://evil.example/x', scope(['gzjkq.ganzhou.gov.cn']))).toThrow(
      expect.objectContaining({ code: 'fetch.host_not_allowed', retryable: false }),
    );
  });
  it('refuses loopback and private literals unless allowed', () => {
    expect(() => checkScope('http://127.0.0.1:8080/', scope(['127.0.0.1']))).toThrow(
      expect.objectContaining({ code: 'fetch.private_address' }),
    );
    expect(() => checkScope('http://[::1]/', scope(['::1']))).toThrow(
      expect.objectContaining({ code: 'fetch.private_address' }),
    );
    expect(() => checkScope('http://localhost/', scope(['localhost']))).toThrow(
      expect.objectContaining({ code: 'fetch.private_address' }),
    );
    expect(checkScope('http://127.0.0.1:8080/', scope(['127.0.0.1'], true)).port).toBe('8080');
  });
  it('refuses non-http schemes and junk, naming the URL', () => {
    expect(() => checkScope('file:///etc/passwd', scope(['']))).toThrow(/file:\/\/\/etc\/passwd/);
    expect(() => checkScope('not a url', scope([]))).toThrow(
      expect.objectContaining({ code: 'fetch.bad_url' }),
    );
  });
  it('resolves relative redirect targets', () => {
    expect(resolveLocation('?loop=1', 'http://h/a/b.shtml')).toBe('http://h/a/b.shtml?loop=1');
    expect(resolveLocation('/x', 'http://h/a/b')).toBe('http://h/x');
  });
});
