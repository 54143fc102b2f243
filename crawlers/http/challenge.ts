/**
 * Anti-bot answers: an HTTP 412 (or a 200) whose body is a small script that sets a clearance cookie and
 * reloads (the 加速乐 `__jsl_clearance` family), or a captcha page. Only a browser can answer those.
 */
const SCRIPT_CHALLENGE = /document\.cookie\s*=|location\.(reload|href\s*=|replace)/;
const CAPTCHA = /验证码|captcha|人机验证|安全验证/i;

export function isChallenge(status: number, bytes: Uint8Array): boolean {
  if (status === 412) return true;
  if (status !== 200 || bytes.length > 16_384) return false;
  const text = Buffer.from(bytes).toString('utf8');
  if (/<table/i.test(text)) return false;
  return (
    (SCRIPT_CHALLENGE.test(text) && /<script/i.test(text) && text.length < 4096) ||
    CAPTCHA.test(text.slice(0, 2048))
  );
}
