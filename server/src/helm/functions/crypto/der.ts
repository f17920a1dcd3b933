/**
 * A minimal ASN.1 DER writer and reader: what certificate generation needs (node:crypto signs
 * and parses but does not build certificates) and what reading a DSA key needs.
 */

export type Der = Buffer;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(content.length), content]);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, Buffer.concat(items));
export const set = (...items: Der[]): Der => tlv(0x31, Buffer.concat(items));
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 + n, inner);
export const octetString = (b: Buffer): Der => tlv(0x04, b);
export const nullValue = (): Der => Buffer.from([0x05, 0x00]);
export const boolean = (v: boolean): Der => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
export const utf8String = (s: string): Der => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Der => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5String = (s: string): Der => tlv(0x16, Buffer.from(s, 'latin1'));

/** INTEGER of a non-negative bigint (minimal encoding, a leading 0 keeps it positive). */
export function integer(v: bigint): Der {
  if (v < 0n) throw new Error('asn1: negative integers are not supported here');
  const bytes: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** BIT STRING with the given number of unused bits in the last byte. */
export function bitString(bytes: Buffer, unusedBits = 0): Der {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), to the second. */
export function time(date: Date): Der {
  const y = date.getUTCFullYear();
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const rest = `${p2(date.getUTCMonth() + 1)}${p2(date.getUTCDate())}${p2(date.getUTCHours())}${p2(date.getUTCMinutes())}${p2(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p2(y % 100) + rest, 'latin1'));
  return tlv(0x18, Buffer.from(String(y).padStart(4, '0') + rest, 'latin1'));
}

export interface DerNode {
  tag: number;
  /** The whole element (tag, length, content). */
  raw: Buffer;
  content: Buffer;
}

/** Reads the elements of a DER buffer (one level). Throws on malformed input. */
export function readElements(buf: Buffer): DerNode[] {
  const out: DerNode[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const tag = buf[pos++];
    if (pos >= buf.length) throw new Error('asn1: truncated element');
    let len = buf[pos++];
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || pos + n > buf.length) throw new Error('asn1: invalid length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[pos++];
    }
    if (pos + len > buf.length) throw new Error('asn1: truncated element');
    out.push({ tag, raw: buf.subarray(start, pos + len), content: buf.subarray(pos, pos + len) });
    pos += len;
  }
  return out;
}

export function readInteger(node: DerNode): bigint {
  if (node.tag !== 0x02) throw new Error('asn1: structure error: tags don\'t match');
  let v = 0n;
  for (const b of node.content) v = (v << 8n) | BigInt(b);
  if (node.content.length > 0 && node.content[0] & 0x80) v -= 1n << BigInt(8 * node.content.length);
  return v;
}
