/**
 * sprig's urlParse and urlJoin over a port of the parts of Go's net/url they use: Parse (scheme,
 * opaque, authority with userinfo and port checks, path, raw query, fragment) and URL.String()
 * with Go's escaping rules.
 */
import { type FunctionMap, goKindOf, quote } from '../../template';
import { goFunc } from '../define';

type Mode = 'path' | 'host' | 'userPassword' | 'queryComponent' | 'fragment';

class UrlError extends Error {}

interface UserInfo {
  username: string;
  password?: string;
}

interface Url {
  scheme: string;
  opaque: string;
  user?: UserInfo;
  host: string;
  path: string;
  rawPath: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** net/url's shouldEscape for one byte. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === 'host' && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'queryComponent':
        return true;
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

const HEX = '0123456789ABCDEF';

/** net/url's escape over the UTF-8 bytes of s. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (mode === 'host' && b >= 0x80) {
      out += '%' + HEX[b >> 4] + HEX[b & 15];
    } else if (shouldEscape(b, mode)) {
      out += b === 0x20 && mode === 'queryComponent' ? '+' : '%' + HEX[b >> 4] + HEX[b & 15];
    } else out += String.fromCharCode(b);
  }
  return out;
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** net/url's unescape: %XX sequences (validated), '+' as space only in query components. */
function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === 0x25) {
      const a = String.fromCharCode(src[i + 1] ?? 0);
      const b = String.fromCharCode(src[i + 2] ?? 0);
      if (i + 2 >= src.length || !isHex(a) || !isHex(b)) {
        let bad = Buffer.from(src.subarray(i)).toString('utf8');
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new UrlError(`invalid URL escape ${quote(bad)}`);
      }
      const v = parseInt(a + b, 16);
      if (mode === 'host' && v < 0x80 && a + b !== '25') throw new UrlError(`invalid URL escape ${quote('%' + a + b)}`);
      bytes.push(v);
      i += 2;
    } else if (c === 0x2b) {
      bytes.push(mode === 'queryComponent' ? 0x20 : 0x2b);
    } else {
      if (mode === 'host' && c < 0x80 && shouldEscape(c, mode)) throw new UrlError(`invalid character ${quote(String.fromCharCode(c))} in host name`);
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  if (port[0] !== ':') return false;
  return /^[0-9]*$/.test(port.slice(1));
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${quote(colonPort)} after host`);
    return host.slice(0, i + 1) + colonPort;
  }
  const i = host.lastIndexOf(':');
  if (i >= 0) {
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${quote(colonPort)} after host`);
  }
  return unescape(host, 'host');
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(authority: string): [UserInfo | undefined, string] {
  const i = authority.lastIndexOf('@');
  const host = parseHost(i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [undefined, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return [{ username: unescape(userinfo, 'userPassword') }, host];
  return [{ username: unescape(userinfo.slice(0, colon), 'userPassword'), password: unescape(userinfo.slice(colon + 1), 'userPassword') }, host];
}

/** url.Parse; throws with Go's message (`parse "…": …`). */
export function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? '' : raw.slice(hash + 1);
  let url: Url;
  try {
    url = parseWithoutFragment(u);
  } catch (e) {
    if (e instanceof UrlError) throw new UrlError(`parse ${quote(u)}: ${e.message}`);
    throw e;
  }
  if (frag !== '') {
    try {
      url.fragment = unescape(frag, 'fragment');
    } catch (e) {
      if (e instanceof UrlError) throw new UrlError(`parse ${quote(raw)}: ${e.message}`);
      throw e;
    }
  }
  return url;
}

function parseWithoutFragment(raw: string): Url {
  // eslint-disable-next-line no-control-regex -- Go's net/url rejects ASCII control characters
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url: Url = { scheme: '', opaque: '', host: '', path: '', rawPath: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  let rest: string;
  [url.scheme, rest] = getScheme(raw);
  url.scheme = url.scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    const segment = rest.split('/')[0];
    if (segment.includes(':')) throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    [url.user, url.host] = parseAuthority(authority);
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  url.path = unescape(rest, 'path');
  url.rawPath = escape(url.path, 'path') === rest ? '' : rest;
  return url;
}

function userString(u: UserInfo): string {
  let s = escape(u.username, 'userPassword');
  if (u.password !== undefined) s += ':' + escape(u.password, 'userPassword');
  return s;
}

/** Hostname(): the host without port and IPv6 brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** URL.String(). */
export function urlString(u: Url): string {
  let out = '';
  if (u.scheme !== '') out += u.scheme + ':';
  if (u.opaque !== '') out += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user) {
      if (!(u.omitHost && u.host === '' && !u.user)) {
        if (u.host !== '' || u.path !== '' || u.user) out += '//';
        if (u.user) out += userString(u.user) + '@';
        if (u.host !== '') out += escape(u.host, 'host');
      }
    }
    const path = u.rawPath !== '' ? u.rawPath : escape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') out += '/';
    if (out === '' && path.split('/')[0].includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery !== '') out += '?' + u.rawQuery;
  if (u.fragment !== '') out += '#' + escape(u.fragment, 'fragment');
  return out;
}

function urlParse(v: string): Record<string, unknown> {
  let u: Url;
  try {
    u = parseUrl(v);
  } catch (e) {
    if (e instanceof UrlError) throw new Error(`unable to parse url: ${e.message}`);
    throw e;
  }
  return {
    scheme: u.scheme,
    host: u.host,
    hostname: hostname(u.host),
    path: u.path,
    query: u.rawQuery,
    opaque: u.opaque,
    fragment: u.fragment,
    userinfo: u.user ? userString(u.user) : '',
  };
}

function dictGetOrEmpty(d: Record<string, unknown>, key: string): string {
  if (!Object.prototype.hasOwnProperty.call(d, key)) return '';
  const v = d[key];
  if (typeof v !== 'string') {
    if (v === null || v === undefined) throw new Error('runtime error: invalid memory address or nil pointer dereference');
    throw new Error(`unable to parse ${key} key, must be of type string, but ${goKindOf(v)} found`);
  }
  return v;
}

function urlJoin(d: Record<string, unknown> | null): string {
  const dict = d ?? {};
  const u: Url = {
    scheme: dictGetOrEmpty(dict, 'scheme'),
    host: dictGetOrEmpty(dict, 'host'),
    path: dictGetOrEmpty(dict, 'path'),
    rawQuery: dictGetOrEmpty(dict, 'query'),
    opaque: dictGetOrEmpty(dict, 'opaque'),
    fragment: dictGetOrEmpty(dict, 'fragment'),
    rawPath: '',
    omitHost: false,
    forceQuery: false,
  };
  const userinfo = dictGetOrEmpty(dict, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof UrlError) throw new Error(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return urlString(u);
}

export function urlFunctions(): FunctionMap {
  return {
    urlParse: goFunc('urlParse', { params: ['string'] }, urlParse),
    urlJoin: goFunc('urlJoin', { params: ['map[string]interface {}'] }, urlJoin),
  };
}
