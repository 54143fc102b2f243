/** The cookie jar on its own (RFC 6265 via tough-cookie); the fetcher's use of it: e2e/crawl/fetcher-hostile. */
import { describe, expect, it } from 'vitest';
import { createCookieJar } from '../../../crawlers/http/cookies.ts';

describe('cookie jar', () => {
  it('scopes by Path and Domain, drops expired and foreign cookies', () => {
    const jar = createCookieJar();
    jar.absorb('http://www.gz.gov.cn/xxgk/login', [
      'a=1; Path=/xxgk/c1',
      'b=2; Domain=gz.gov.cn; Path=/',
      'c=3; Max-Age=0',
      'd=4; Domain=evil.example',
    ]);
    expect(jar.header('http://www.gz.gov.cn/xxgk/c1/x')).toBe('a=1; b=2');
    expect(jar.header('http://www.gz.gov.cn/xxgk/c11/x')).toBe('b=2');
    expect(jar.header('http://sub.gz.gov.cn/')).toBe('b=2');
    expect(jar.header('http://evil.example/')).toBeUndefined();
  });

  it('refuses a cookie for a public suffix (Domain=gov.cn would reach every government site)', () => {
    const jar = createCookieJar();
    jar.absorb('http://www.gz.gov.cn/', ['all=1; Domain=gov.cn']);
    expect(jar.header('http://www.sz.gov.cn/')).toBeUndefined();
    expect(jar.header('http://www.gz.gov.cn/')).toBeUndefined();
  });

  it('takes a browser’s cookies: dotted domains for subdomains, host-only for that host, session or dated', () => {
    const jar = createCookieJar();
    const inAnHour = Date.now() / 1000 + 3600;
    jar.absorbBrowser('http://www.gz.gov.cn/list.shtml', [
      { name: '__jsl_clearance', value: 'ok', domain: 'www.gz.gov.cn', path: '/', expires: inAnHour },
      { name: 'sid', value: 's', domain: '.gz.gov.cn', path: '/', expires: -1 },
      { name: 'old', value: 'x', domain: 'www.gz.gov.cn', path: '/', expires: 1000 },
      { name: 'tracker', value: 't', domain: 'cdn.example', path: '/', expires: -1 },
    ]);
    expect(jar.header('http://www.gz.gov.cn/a')).toBe('__jsl_clearance=ok; sid=s');
    expect(jar.header('http://img.gz.gov.cn/a')).toBe('sid=s');
  });
});
