/** Which hosts and addresses are local (loopback, link-local), and the name-resolution hook. */

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

/**
 * Resolves a host name to its addresses, as the system resolver (dns.lookup) would. Injectable
 * (ResolverTuning.lookup) so tests can answer names without touching /etc/hosts or the network.
 */
export type NameLookup = (name: string) => Promise<string[]>;
