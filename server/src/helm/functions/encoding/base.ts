/**
 * Go's encoding/base64 and encoding/base32 StdEncoding DecodeString, strict about padding and
 * alphabet as Go is, with its error text ("illegal base64 data at input byte 4"). Encoding is
 * the standard one (Buffer for base64; RFC 4648 for base32).
 */

export class CorruptInputError extends Error {}

function corrupt(kind: 'base64' | 'base32', offset: number): CorruptInputError {
  return new CorruptInputError(`illegal ${kind} data at input byte ${offset}`);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < B64.length; i++) B64_MAP[B64.charCodeAt(i)] = i;

const isNewline = (c: number): boolean => c === 0x0a || c === 0x0d;

/** base64.StdEncoding.DecodeString. */
export function decodeBase64(s: string): Buffer {
  const src = Buffer.from(s, 'utf8');
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let end = false;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt('base64', si - j);
      }
      const c = src[si++];
      const v = B64_MAP[c];
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw corrupt('base64', si - 1);
      // padding
      if (j === 0 || j === 1) throw corrupt('base64', si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw corrupt('base64', src.length);
        if (src[si] !== 0x3d) throw corrupt('base64', si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) throw corrupt('base64', si);
      dlen = j;
      end = true;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (end) return Buffer.from(out);
  }
}

export function encodeBase64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B32_MAP = new Int16Array(256).fill(-1);
for (let i = 0; i < B32.length; i++) B32_MAP[B32.charCodeAt(i)] = i;

/** base32.StdEncoding.EncodeToString. */
export function encodeBase32(s: string): string {
  const src = Buffer.from(s, 'utf8');
  let out = '';
  for (let i = 0; i < src.length; i += 5) {
    const chunk = src.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** base32.StdEncoding.DecodeString (newlines stripped first, as Go does). */
export function decodeBase32(s: string): Buffer {
  const src = Buffer.from(Buffer.from(s, 'utf8').filter((c) => !isNewline(c)));
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < src.length && !end) {
    const dbuf = new Array<number>(8).fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === src.length) throw corrupt('base32', olen - (src.length - pos) - j);
      const c = src[pos++];
      const remaining = src.length - pos;
      if (c === 0x3d && j >= 2 && remaining < 8) {
        if (remaining + j < 8 - 1) throw corrupt('base32', olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (remaining > k && src[pos + k] !== 0x3d) throw corrupt('base32', olen - remaining + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw corrupt('base32', olen - remaining - 1);
        break;
      }
      const v = B32_MAP[c];
      if (v < 0) throw corrupt('base32', olen - remaining - 1);
      dbuf[j++] = v;
    }
    let bits = 0n;
    for (let k = 0; k < 8; k++) bits = (bits << 5n) | BigInt(dbuf[k]);
    const bytes = [];
    for (let k = 0; k < 5; k++) bytes.push(Number((bits >> BigInt(32 - 8 * k)) & 0xffn));
    const n = [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen];
    out.push(...bytes.slice(0, n));
  }
  return Buffer.from(out);
}
