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
    // The forms a hand-written prefix list misses: the URL parser writes mapped addresses in hex.
    ['::ffff:7f00:1', true],
    ['[::ffff:a9fe:a9fe]', true],
    ['::ffff:0:0', true],
    ['::127.0.0.1', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['224.0.0.251', true],
    ['ff02::1', true],
    ['ff0e::1', true],
    ['100.127.255.254', true],
    ['fe80::abcd', true],
    ['fc00::1', true],
    ['192.0.2.10', true],
    ['198.18.0.1', true],
    ['240.0.0.1', true],
    ['2001:db8::1', true],
    ['2002:7f00:1::', true],
    ['64:ff9b::7f00:1', true],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
    ['::ffff:8.8.8.8', false],
    ['100.128.0.1', false],
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
  it.each([
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]:8080/',
    'http://0.0.0.0/',
    'http://0/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://[::]/',
    'http://[fe80::1]/',
    'http://100.64.1.1/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://api.localhost/',
    'http://localhost./',
  ])('refuses %s, however the address is written', (url) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    expect(() => checkScope(url, scope([host]))).toThrow(
      expect.objectContaining({ code: 'fetch.private_address' }),
    );
  });
  it('refuses non-http schemes and junk, naming the URL', () => {
    expect(() => checkScope('file:///etc/passwd', scope(['']))).toThrow(/file:\/\/\/etc\/passwd/);
    expect(() => checkScope('not a url', scope([]))).toThrow(
      expect.objectContaining({ code: 'fetch.bad_url' }),
    );
  });
});

describe('resolveLocation', () => {
  const info = { url: 'http://h/start', status: 302 };
  it('resolves relative redirect targets', () => {
    expect(resolveLocation('?loop=1', 'http://h/a/b.shtml', info)).toBe('http://h/a/b.shtml?loop=1');
    expect(resolveLocation('/x', 'http://h/a/b', info)).toBe('http://h/x');
  });
  it('keeps raw non-ASCII header bytes (a GBK file name) as they came, percent-encoded', () => {
    // undici hands header bytes over as latin1: 报告 in GBK is B1 A8 B8 E6.
    expect(resolveLocation('/files/\xb1\xa8\xb8\xe6.pdf', 'http://h/a', info)).toBe(
      'http://h/files/%B1%A8%B8%E6.pdf',
    );
  });
  it.each([
    ['http://exa mple.com/x', /malformed Location/],
    ['http://[::1/x', /malformed Location/],
    ['http://h:99999/', /malformed Location/],
    ['https://', /malformed Location/],
    ['javascript:alert(1)', /scheme javascript:/],
    ['ftp://h/file.pdf', /scheme ftp:/],
    ['', /without a Location/],
    [undefined, /without a Location/],
  ])('%j is a coded, non-retryable fetch error naming the URL', (location, why) => {
    let err: unknown;
    try {
      resolveLocation(location, 'http://h/a', info);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      code: 'fetch.bad_redirect',
      retryable: false,
      url: 'http://h/start',
      status: 302,
    });
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain('http://h/start');
  });
});
