/**
 * Which URLs the crawler may touch: http(s) only, hosts of configured sources only, and no private or
 * loopback addresses (a redirect or a DNS answer must not turn the crawler against the local network)
 * unless a source explicitly allows it (the tests' loopback portal).
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
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

/**
 * True for every address that is not plain global unicast: loopback, unspecified, RFC 1918, link-local,
 * CGNAT, multicast, broadcast, unique-local, documentation/benchmark/reserved blocks, and IPv6 forms
 * that carry or translate an IPv4 address (IPv4-mapped `::ffff:127.0.0.1`, 6to4, Teredo, NAT64).
 * ipaddr.js keeps the IANA special-purpose registries; IPv4-mapped addresses are unwrapped first.
 */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(ip) || isIP(ip) === 0) return false;
  return ipaddr.process(ip).range() !== 'unicast';
}

/** `localhost` and its subdomains (RFC 6761), with or without the root dot. */
const isLocalhostName = (host: string) => /(^|\.)localhost\.?$/i.test(host);

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
  if (!scope.allowPrivate && (isPrivateAddress(host) || isLocalhostName(host))) {
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

/**
 * The next hop of a redirect: the Location resolved against the URL that sent it. Header bytes
 * beyond ASCII (a GBK file name sent raw) are percent-encoded as they came, so the server gets back
 * its own bytes. A Location that is missing, not a URL, or not http(s) is `fetch.bad_redirect`.
 */
export function resolveLocation(
  location: string | undefined,
  base: string,
  info: { url: string; status: number },
): string {
  if (location === undefined || location.trim() === '')
    throw fetchError('fetch.bad_redirect', info, `${info.status} redirect from ${base} without a Location`);
  const raw = location.replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  let next: URL;
  try {
    next = new URL(raw, base);
  } catch (cause) {
    throw fetchError(
      'fetch.bad_redirect',
      { ...info, cause },
      `malformed Location ${JSON.stringify(location.slice(0, 200))} from ${base}`,
    );
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw fetchError('fetch.bad_redirect', info, `redirect from ${base} to scheme ${next.protocol}`);
  return next.toString();
}
