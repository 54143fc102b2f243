/**
 * Which URLs the crawler may touch: http(s) only, hosts of configured sources only, and no private or
 * loopback addresses (a redirect or a DNS answer must not turn the crawler against the local network)
 * unless a source explicitly allows it (the tests' loopback portal).
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { fetchError } from '../errors.ts';

export function parseHttpUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw fetchError('fetch.bad_url', { url, cause }, 'not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw fetchError('fetch.bad_url', { url }, `scheme ${u.protocol} is not fetched`);
  }
  return u;
}

/** True for loopback, RFC 1918, link-local, CGNAT, unique-local and unspecified addresses. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const v = isIP(ip);
  if (v === 4) return isPrivateV4(ip);
  if (v === 6) {
    const lower = ip.toLowerCase();
    const mapped = lower.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return isPrivateV4(mapped[1]!);
    return (
      lower === '::1' ||
      lower === '::' ||
      lower.startsWith('fc') ||
      lower.startsWith('fd') ||
      /^fe[89ab]/.test(lower)
    );
  }
  return false;
}

function isPrivateV4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  );
}

export interface ScopeOptions {
  allowHosts: (host: string) => boolean;
  allowPrivate: boolean;
}

/** Checks a URL before any byte is sent; literal IPs are checked here, names at connect time. */
export function checkScope(url: string, scope: ScopeOptions): URL {
  const u = parseHttpUrl(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!scope.allowHosts(host)) {
    throw fetchError('fetch.host_not_allowed', { url }, `host ${host} is not one of the configured sources`);
  }
  if (!scope.allowPrivate && (isPrivateAddress(host) || host === 'localhost')) {
    throw fetchError('fetch.private_address', { url }, `${host} is a private or loopback address`);
  }
  return u;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | object[],
  family?: number,
) => void;

/**
 * A `dns.lookup` for the socket layer that refuses private answers, so a public name that resolves to
 * 10.x or 127.x (DNS rebinding) is stopped where the connection is made, not only where it was checked.
 */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const list = addresses as Array<{ address: string; family: number }>;
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to private address ${bad.address}`);
      e.code = 'EPRIVATEADDR';
      return callback(e, '');
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}

/** Resolves a relative redirect target against the URL that sent it. */
export function resolveLocation(location: string, base: string): string {
  return new URL(location, base).toString();
}
