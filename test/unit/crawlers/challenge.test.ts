import { describe, expect, it } from 'vitest';
import { isChallenge } from '../../../crawlers/http/challenge.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('anti-bot challenge detection', () => {
  it('treats any 412 as a challenge', () => {
    expect(isChallenge(412, bytes(''))).toBe(true);
  });
  it('recognises a 200 page that only sets a cookie and reloads', () => {
    const js = `<html><script>document.cookie='__jsl_clearance=1;path=/';location.reload();</script></html>`;
    expect(isChallenge(200, bytes(js))).toBe(true);
  });
  it('recognises a 200 captcha page', () => {
    expect(
      isChallenge(200, bytes('<html><body><h1>请输入验证码</h1><img src="/captcha.jpg"></body></html>')),
    ).toBe(true);
  });
  it('does not mistake a real report page with scripts for a challenge', () => {
    const report = `<html><script>document.cookie='visited=1';</script><body><table><tr><td>规章</td><td>0</td></tr></table>${'正文'.repeat(3000)}</body></html>`;
    expect(isChallenge(200, bytes(report))).toBe(false);
    expect(isChallenge(404, bytes('<html>not found</html>'))).toBe(false);
  });
});
