/**
 * The fetcher's cookie jar: RFC 6265 through tough-cookie (Domain and Path matching, Expires and
 * Max-Age, Secure, public-suffix refusal), fed by Set-Cookie answers and by the cookies a browser
 * left after solving a challenge. Expiry is calendar time (Expires dates are absolute), so the
 * jar reads the real clock, never the fetcher's injected one.
 */
import { Cookie, CookieJar as ToughCookieJar } from 'tough-cookie';

/** A cookie as a browser reports it (playwright: `expires` in seconds since the epoch, -1 = session). */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path?: string;
  expires?: number;
  secure?: boolean;
  httpOnly?: boolean;
}

export interface CookieJar {
  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: string): string | undefined;
  /** Set-Cookie lines of a response to `url`; a line the rules refuse is dropped. */
  absorb(url: string, setCookie: string | string[] | undefined): void;
  /** Cookies a browser holds after loading `url` (a solved challenge's clearance cookie). */
  absorbBrowser(url: string, cookies: BrowserCookie[]): void;
}

export function createCookieJar(): CookieJar {
  const jar = new ToughCookieJar(undefined, { looseMode: true, rejectPublicSuffixes: true });
  const put = (cookie: string | Cookie, url: string) => {
    // ignoreError: a cookie for another domain or a malformed line is dropped, not thrown.
    jar.setCookieSync(cookie, url, { ignoreError: true });
  };
  return {
    header(url) {
      const s = jar.getCookieStringSync(url);
      return s === '' ? undefined : s;
    },
    absorb(url, setCookie) {
      if (!setCookie) return;
      for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) put(line, url);
    },
    absorbBrowser(url, cookies) {
      const host = new URL(url).hostname;
      for (const c of cookies) {
        // Host-only cookies of other hosts (the browser's context holds every host it visited).
        if (!c.domain.startsWith('.') && c.domain !== host) continue;
        const cookie = new Cookie({
          key: c.name,
          value: c.value,
          path: c.path ?? '/',
          secure: c.secure ?? false,
          httpOnly: c.httpOnly ?? false,
          expires: c.expires !== undefined && c.expires > 0 ? new Date(c.expires * 1000) : 'Infinity',
        });
        // A leading dot is a Domain cookie (subdomains too); without it the cookie is host-only.
        if (c.domain.startsWith('.')) cookie.domain = c.domain.slice(1);
        put(cookie, url);
      }
    },
  };
}
