/** A minimal per-host cookie jar: name=value pairs from Set-Cookie or from a solved browser challenge. */
export interface CookieJar {
  header(host: string): string | undefined;
  set(host: string, name: string, value: string): void;
  absorb(host: string, setCookie: string | string[] | undefined): void;
}

export function createCookieJar(): CookieJar {
  const jar = new Map<string, Map<string, string>>();
  const set = (host: string, name: string, value: string) => {
    const m = jar.get(host) ?? new Map<string, string>();
    jar.set(host, m);
    m.set(name, value);
  };
  return {
    header(host) {
      const m = jar.get(host);
      if (!m || m.size === 0) return undefined;
      return [...m].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set,
    absorb(host, setCookie) {
      if (!setCookie) return;
      for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
        const pair = line.split(';', 1)[0]!;
        const eq = pair.indexOf('=');
        if (eq > 0) set(host, pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
  };
}
