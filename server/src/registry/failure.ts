/** Internal failure carrying a LookupError; converted to a value at the resolver's edge. Also: which hosts are local. */
import * as dns from 'node:dns';
import { isIP } from 'node:net';
import type { LookupError, LookupErrorState } from '../images/lookup';
import { NetError } from './transport';

export class LookupFailure extends Error {
  readonly error: LookupError;
  constructor(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}) {
    super(message);
    this.error = { state, message, ...extra };
  }
}

export function fail(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}): never {
  throw new LookupFailure(state, message, extra);
}

/** Any thrown value → a LookupError (never a stack or a header value). */
export function toLookupError(error: unknown): LookupError {
  if (error instanceof LookupFailure) return error.error;
  if (error instanceof NetError) {
    switch (error.kind) {
      case 'timeout':
        return { state: 'timeout', message: error.message };
      case 'unreachable':
        return { state: 'unreachable', message: error.message };
      case 'tls':
        return { state: 'tls', message: error.message };
      case 'cancelled':
        return { state: 'cancelled', message: error.message };
      case 'too-large':
        return { state: 'invalid-response', message: error.message };
      case 'rate-limited':
        return { state: 'rate-limited', message: error.retryAfter ? `${error.message} until ${new Date(error.retryAfter).toISOString()}` : error.message, ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}) };
      case 'reset':
      case 'protocol':
        return { state: 'registry-error', message: error.message };
    }
  }
  return { state: 'registry-error', message: 'unexpected failure in the registry client' };
}

/** Loopback hosts: 127.0.0.0/8, ::1, localhost (also as IPv4-mapped IPv6). `host` may carry a port. */
export function isLoopbackHost(host: string): boolean {
  const h = hostnameOf(host);
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

/** Loopback or link-local (169.254/16, fe80::/10) addresses: never a redirect target from outside. */
export function isLocalAddress(host: string): boolean {
  const h = hostnameOf(host);
  return isLoopbackHost(host) || /^169\.254\.\d+\.\d+$/.test(h) || /^fe[89ab][0-9a-f]:/i.test(h) || h === '0.0.0.0' || h === '::';
}

/** host[:port] or [v6]:port → the bare hostname, lowercase; an IPv4-mapped IPv6 address as dotted IPv4. */
export function hostnameOf(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return unmapIPv4(h.slice(1, h.indexOf(']')));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : unmapIPv4(h);
}

/** `::ffff:7f00:1` / `::ffff:127.0.0.1` (any spelling of the zero prefix) → `127.0.0.1`; others unchanged. */
function unmapIPv4(h: string): string {
  const m = /^(?:0{1,4}:){5}ffff:(.+)$|^::ffff:(.+)$/.exec(h);
  const tail = m?.[1] ?? m?.[2];
  if (!tail) return h;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(tail)) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
  if (!hex) return h;
  const a = parseInt(hex[1], 16);
  const b = parseInt(hex[2], 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
}

/** Resolves a host name to its addresses (injectable for tests). */
export type NameLookup = (name: string) => Promise<string[]>;

export const systemLookup: NameLookup = async (name) => (await dns.promises.lookup(name, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether a host given by name (not an address literal, which isLocalAddress judges) resolves to a
 * loopback or link-local address. A name that does not resolve here (no DNS, a proxy that resolves
 * for us) or resolves slowly is not judged local: the request goes ahead as it would have.
 */
export async function resolvesToLocalAddress(host: string, lookup: NameLookup, timeoutMs = 2000): Promise<boolean> {
  const name = hostnameOf(host);
  if (isIP(name) || isLocalAddress(host)) return isLocalAddress(host);
  let timer: NodeJS.Timeout | undefined;
  try {
    const addresses = await Promise.race([lookup(name), new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), timeoutMs)))]);
    return addresses.some((a) => isLocalAddress(a.includes(':') ? `[${a}]` : a));
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
