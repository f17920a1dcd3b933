/**
 * sprig's crypto functions (crypto.go): bcrypt/htpasswd, derivePassword (scrypt + HMAC, as
 * Master Password), private keys, CA / self-signed / signed certificates, AES-CBC encryption,
 * random bytes. Keys, serials, IVs and salts are random as in Go; formats (PEM block types,
 * certificate contents) follow Go's.
 */
import type * as Bcryptjs from 'bcryptjs';
import {
  type KeyObject, createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, scryptSync,
} from 'node:crypto';
import { isIP } from 'node:net';
import { type FunctionMap, formatValue, isGoMap } from '../../template';
import { readElements, readInteger, integer, sequence } from '../crypto/der';
import {
  KEY_USAGE_CERT_SIGN, KEY_USAGE_DIGITAL_SIGNATURE, KEY_USAGE_KEY_ENCIPHERMENT, createCertificate, parseCertificate, pemDecode, pemEncode,
} from '../crypto/x509';
import { goFunc } from '../define';
import { decodeBase64 } from '../encoding/base';
import type { ResolvedOptions } from '../options';
import { utf8Length } from '../go-values';

/** sprig's certificate struct: templates read .Cert and .Key. */
export class Certificate {
  static readonly goType = 'sprig.certificate';
  constructor(
    readonly Cert: string,
    readonly Key: string,
  ) {}
}

const BCRYPT_COST = 10;

/** bcryptjs is read by the first htpasswd or bcrypt call: most charts never make one (issue 13). */
let bcryptjsModule: typeof Bcryptjs | undefined;
function bcryptjs(): typeof Bcryptjs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it (build.mjs lazyVendors)
  bcryptjsModule ??= require('bcryptjs') as typeof Bcryptjs;
  return bcryptjsModule;
}

function bcrypt(options: ResolvedOptions, input: string): string {
  if (utf8Length(input) > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  const salt = `$2a$${BCRYPT_COST}$` + bcryptjs().encodeBase64(Array.from(options.random.bytes(16)), 16);
  return bcryptjs().hashSync(input, salt);
}

const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function derivePassword(counter: bigint, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!templates) return `cannot find password template ${passwordType}`;
  const userBytes = Buffer.from(user, 'utf8');
  const salt = Buffer.concat([Buffer.from(MASTER_PASSWORD_SEED), uint32be(userBytes.length), userBytes]);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 * 2 });
  const siteBytes = Buffer.from(site, 'utf8');
  const message = Buffer.concat([Buffer.from(MASTER_PASSWORD_SEED), uint32be(siteBytes.length), siteBytes, uint32be(Number(counter))]);
  const seed = createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

/** DSA keys as Go's (and OpenSSL's traditional) "DSA PRIVATE KEY": SEQUENCE { 0, p, q, g, y, x }. */
function dsaPem(key: KeyObject): string {
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const [info] = readElements(pkcs8);
  const [, algorithm, privateKey] = readElements(info.content);
  const [, params] = readElements(algorithm.content);
  const [p, q, g] = readElements(params.content).map(readInteger);
  const [xNode] = readElements(privateKey.content);
  const x = readInteger(xNode);
  const y = modPow(g, x, p);
  return pemEncode('DSA PRIVATE KEY', sequence(integer(0n), integer(p), integer(q), integer(g), integer(y), integer(x)));
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

/** pemBlockForKey: RSA as PKCS#1, EC as SEC 1, DSA as above, others as PKCS#8. */
function pemForKey(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return key.export({ type: 'pkcs1', format: 'pem' }) as string;
    case 'ec':
      return key.export({ type: 'sec1', format: 'pem' }) as string;
    case 'dsa':
      return dsaPem(key);
    default:
      return key.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

function generatePrivateKey(typ: string): string {
  try {
    switch (typ) {
      case '':
      case 'rsa':
        return pemForKey(generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey);
      case 'dsa':
        return pemForKey(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey);
      case 'ecdsa':
        return pemForKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
      case 'ed25519':
        return pemForKey(generateKeyPairSync('ed25519').privateKey);
    }
  } catch (e) {
    return `failed to generate private key: ${(e as Error).message}`;
  }
  return `Unknown type ${typ}`;
}

/** sprig's parsePrivateKeyPEM. */
function parsePrivateKeyPem(text: string): KeyObject {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  const pem = pemEncode(block.type, block.der);
  if (block.type === 'PRIVATE KEY') {
    try {
      return createPrivateKey({ key: pem, format: 'pem' });
    } catch (e) {
      throw new Error(`decoding PEM as PKCS#8: ${(e as Error).message}`);
    }
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  const kind = block.type.slice(0, -' PRIVATE KEY'.length);
  const label: Record<string, string> = { RSA: 'parsing RSA private key from PEM', EC: 'parsing EC private key from PEM', DSA: 'parsing DSA private key from PEM' };
  if (!label[kind]) throw new Error(`invalid private key type ${block.type}`);
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    throw new Error(`${label[kind]}: ${(e as Error).message}`);
  }
}

/** net.ParseIP, as the bytes a certificate stores (4 for IPv4, 16 for IPv6). */
function parseIp(s: string): Buffer | undefined {
  const family = isIP(s);
  if (family === 4) return Buffer.from(s.split('.').map(Number));
  if (family !== 6) return undefined;
  let text = s;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const parts = v4[1].split('.').map(Number);
    tail.push((parts[0] << 8) | parts[1], (parts[2] << 8) | parts[3]);
    text = text.slice(0, -v4[1].length) + '0:0';
  }
  const [head, rest] = text.split('::');
  const groups = (x: string | undefined): number[] => (x ? x.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  let words = groups(head);
  if (rest !== undefined) {
    const back = groups(rest);
    words = [...words, ...new Array<number>(8 - words.length - back.length).fill(0), ...back];
  }
  if (tail.length > 0) words.splice(6, 2, ...tail);
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(w, i * 2));
  return b;
}

function netIps(ips: unknown[] | null): Buffer[] {
  return (ips ?? []).map((ip) => {
    if (typeof ip !== 'string') throw new Error(`error parsing ip: ${formatValue(ip)} is not a string`);
    const bytes = parseIp(ip);
    if (!bytes) throw new Error(`error parsing ip: ${ip}`);
    return bytes;
  });
}

function dnsNames(names: unknown[] | null): string[] {
  return (names ?? []).map((n) => {
    if (typeof n !== 'string') throw new Error(`error processing alternate dns name: ${formatValue(n)} is not a string`);
    return n;
  });
}

function randomSerial(options: ResolvedOptions): bigint {
  return BigInt('0x' + options.random.bytes(16).toString('hex'));
}

function rsa2048(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** Go's crypto/cipher CBC over AES-256 with a 32-byte key made from the password. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

function encryptAES(options: ResolvedOptions, password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = options.random.bytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const crypt = decodeBase64(crypt64);
  if (crypt.length < 16) throw new Error(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new Error('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, 16));
  decipher.setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new Error('runtime error: index out of range [-1]');
  const cut = decrypted.length - decrypted[decrypted.length - 1];
  if (cut < 0) throw new Error(`runtime error: slice bounds out of range [:${cut}]`);
  return decrypted.subarray(0, cut).toString('utf8');
}

export function cryptoFunctions(options: ResolvedOptions): FunctionMap {
  const now = (): Date => new Date(Math.floor(options.clock() / 1000) * 1000);
  const makeCert = (cn: string, ips: unknown[] | null, alternateDNS: unknown[] | null, daysValid: number, isCA: boolean, key: KeyObject, parent: Certificate | 'self'): Certificate => {
    const ipAddresses = netIps(ips);
    const names = dnsNames(alternateDNS);
    let issuer: { subject: Buffer; subjectKeyId?: Buffer } | 'self' = 'self';
    let signingKey = key;
    if (parent !== 'self') {
      const block = pemDecode(parent.Cert);
      if (!block) throw new Error('unable to decode certificate');
      try {
        issuer = parseCertificate(block.der);
      } catch (e) {
        throw new Error(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
      }
      try {
        signingKey = parsePrivateKeyPem(parent.Key);
      } catch (e) {
        throw new Error(`error parsing private key: ${(e as Error).message}`);
      }
    }
    const start = now();
    const der = (() => {
      try {
        return createCertificate({
          serialNumber: randomSerial(options),
          commonName: cn,
          notBefore: start,
          notAfter: new Date(start.getTime() + daysValid * 24 * 3600 * 1000),
          keyUsage: KEY_USAGE_KEY_ENCIPHERMENT | KEY_USAGE_DIGITAL_SIGNATURE | (isCA ? KEY_USAGE_CERT_SIGN : 0),
          extKeyUsageServerAndClient: true,
          isCA,
          dnsNames: names,
          ipAddresses,
        }, createPublicKey(key), issuer, signingKey);
      } catch (e) {
        throw new Error(`error creating certificate: ${(e as Error).message}`);
      }
    })();
    return new Certificate(pemEncode('CERTIFICATE', der), pemForKey(key));
  };
  const withPem = (pem: string): KeyObject => {
    try {
      return parsePrivateKeyPem(pem);
    } catch (e) {
      throw new Error(`parsing private key: ${(e as Error).message}`);
    }
  };
  const asCertificate = (v: unknown): Certificate => {
    if (v instanceof Certificate) return v;
    if (isGoMap(v) && typeof v.Cert === 'string' && typeof v.Key === 'string') return new Certificate(v.Cert, v.Key);
    throw new Error(`wrong type for value; expected sprig.certificate; got ${v === null ? 'interface {}' : 'map[string]interface {}'}`);
  };

  return {
    bcrypt: goFunc('bcrypt', { params: ['string'] }, (s) => bcrypt(options, s)),
    htpasswd: goFunc('htpasswd', { params: ['string', 'string'] }, (user, password) =>
      user.includes(':') ? `invalid username: ${user}` : `${user}:${bcrypt(options, password)}`),
    randBytes: goFunc('randBytes', { params: ['int'] }, (n) => {
      if (n < 0) throw new Error('runtime error: makeslice: len out of range');
      return options.random.bytes(n).toString('base64');
    }),
    derivePassword: goFunc('derivePassword', { params: ['uint32', 'string', 'string', 'string', 'string'] }, derivePassword),
    genPrivateKey: goFunc('genPrivateKey', { params: ['string'] }, generatePrivateKey),
    buildCustomCert: goFunc('buildCustomCert', { params: ['string', 'string'] }, (b64cert, b64key) => {
      let cert: Buffer;
      let key: Buffer;
      try {
        cert = decodeBase64(b64cert);
      } catch {
        throw new Error('unable to decode base64 certificate');
      }
      try {
        key = decodeBase64(b64key);
      } catch {
        throw new Error('unable to decode base64 private key');
      }
      const block = pemDecode(cert.toString('latin1'));
      if (!block) throw new Error('unable to decode certificate');
      try {
        parseCertificate(block.der);
      } catch (e) {
        throw new Error(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
      }
      try {
        parsePrivateKeyPem(key.toString('latin1'));
      } catch (e) {
        throw new Error(`error parsing private key: ${(e as Error).message}`);
      }
      return new Certificate(cert.toString('utf8'), key.toString('utf8'));
    }),
    genCA: goFunc('genCA', { params: ['string', 'int'] }, (cn, days) => makeCert(cn, null, null, days, true, rsa2048(), 'self')),
    genCAWithKey: goFunc('genCAWithKey', { params: ['string', 'int', 'string'] }, (cn, days, pem) =>
      makeCert(cn, null, null, days, true, withPem(pem), 'self')),
    genSelfSignedCert: goFunc('genSelfSignedCert', { params: ['string', '[]interface {}', '[]interface {}', 'int'] }, (cn, ips, names, days) =>
      makeCert(cn, ips, names, days, false, rsa2048(), 'self')),
    genSelfSignedCertWithKey: goFunc('genSelfSignedCertWithKey', { params: ['string', '[]interface {}', '[]interface {}', 'int', 'string'] },
      (cn, ips, names, days, pem) => makeCert(cn, ips, names, days, false, withPem(pem), 'self')),
    genSignedCert: goFunc('genSignedCert', { params: ['string', '[]interface {}', '[]interface {}', 'int', 'interface {}'] },
      (cn, ips, names, days, ca) => makeCert(cn, ips, names, days, false, rsa2048(), asCertificate(ca))),
    genSignedCertWithKey: goFunc('genSignedCertWithKey', { params: ['string', '[]interface {}', '[]interface {}', 'int', 'interface {}', 'string'] },
      (cn, ips, names, days, ca, pem) => makeCert(cn, ips, names, days, false, withPem(pem), asCertificate(ca))),
    encryptAES: goFunc('encryptAES', { params: ['string', 'string'] }, (password, plaintext) => encryptAES(options, password, plaintext)),
    decryptAES: goFunc('decryptAES', { params: ['string', 'string'] }, decryptAES),
  };
}
