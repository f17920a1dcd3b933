/**
 * X.509 v3 certificates as sprig's genCA / genSelfSignedCert / genSignedCert make them through
 * Go's x509.CreateCertificate: subject CN, validity, key usage, extended key usage, basic
 * constraints, subject/authority key ids, subject alternative names; signed with SHA-256 (RSA,
 * ECDSA) or Ed25519 by node:crypto.
 */
import { type KeyObject, X509Certificate, createHash, sign } from 'node:crypto';
import { bitString, boolean, explicit, integer, nullValue, octetString, oid, printableString, readElements, sequence, set, time, tlv, utf8String } from './der';

export const KEY_USAGE_DIGITAL_SIGNATURE = 1 << 0;
export const KEY_USAGE_KEY_ENCIPHERMENT = 1 << 2;
export const KEY_USAGE_CERT_SIGN = 1 << 5;

export interface CertificateTemplate {
  serialNumber: bigint;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  keyUsage: number;
  extKeyUsageServerAndClient: boolean;
  isCA: boolean;
  dnsNames: string[];
  /** IP addresses as their bytes (4 or 16). */
  ipAddresses: Buffer[];
}

export interface Issuer {
  /** The issuer's subject Name, DER encoded. */
  subject: Buffer;
  /** The issuer's subject key id, if it has one. */
  subjectKeyId?: Buffer;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?*&]*$/;

/** A Name with only a common name, as Go's pkix.Name{CommonName: cn} marshals. */
export function nameWithCommonName(cn: string): Buffer {
  if (cn === '') return sequence();
  const value = PRINTABLE.test(cn) ? printableString(cn) : utf8String(cn);
  return sequence(set(sequence(oid('2.5.4.3'), value)));
}

function keyUsageBits(usage: number): Buffer {
  // Bit 0 is the most significant bit of the first byte; trailing zero bits are dropped.
  let bits = 0;
  for (let i = 0; i < 9; i++) if (usage & (1 << i)) bits = i + 1;
  const bytes = Buffer.alloc(Math.ceil(bits / 8));
  for (let i = 0; i < 9; i++) if (usage & (1 << i)) bytes[i >> 3] |= 0x80 >> (i & 7);
  return bitString(bytes, bytes.length * 8 - bits);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** The public key bits of a SubjectPublicKeyInfo (for Go's SHA-1 subject key id). */
function publicKeyBits(spki: Buffer): Buffer {
  const [info] = readElements(spki);
  const [, bits] = readElements(info.content);
  return bits.content.subarray(1);
}

function signatureAlgorithm(key: KeyObject): { algorithm: Buffer; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { algorithm: sequence(oid('1.2.840.113549.1.1.11'), nullValue()), digest: 'sha256' };
    case 'ec':
      return { algorithm: sequence(oid('1.2.840.10045.4.3.2')), digest: 'sha256' };
    case 'ed25519':
      return { algorithm: sequence(oid('1.3.101.112')), digest: null };
  }
  throw new Error('x509: certificate private key does not implement crypto.Signer');
}

/** x509.CreateCertificate(template, parent, pub, priv): the certificate's DER bytes. */
export function createCertificate(template: CertificateTemplate, subjectKey: KeyObject, issuer: Issuer | 'self', signingKey: KeyObject): Buffer {
  const { algorithm, digest } = signatureAlgorithm(signingKey);
  const spki = subjectKey.export({ type: 'spki', format: 'der' });
  const subject = nameWithCommonName(template.commonName);
  const issuerName = issuer === 'self' ? subject : issuer.subject;
  const subjectKeyId = template.isCA ? createHash('sha1').update(publicKeyBits(spki)).digest() : undefined;
  const authorityKeyId = issuer === 'self' ? undefined : issuer.subjectKeyId;

  const extensions: Buffer[] = [];
  if (template.keyUsage !== 0) extensions.push(extension('2.5.29.15', true, keyUsageBits(template.keyUsage)));
  if (template.extKeyUsageServerAndClient) {
    extensions.push(extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))));
  }
  extensions.push(extension('2.5.29.19', true, template.isCA ? sequence(boolean(true)) : sequence()));
  if (subjectKeyId) extensions.push(extension('2.5.29.14', false, octetString(subjectKeyId)));
  if (authorityKeyId && authorityKeyId.length > 0) extensions.push(extension('2.5.29.35', false, sequence(tlv(0x80, authorityKeyId))));
  if (template.dnsNames.length > 0 || template.ipAddresses.length > 0) {
    const names = [...template.dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'utf8'))), ...template.ipAddresses.map((ip) => tlv(0x87, ip))];
    extensions.push(extension('2.5.29.17', false, sequence(...names)));
  }

  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(template.serialNumber),
    algorithm,
    issuerName,
    sequence(time(template.notBefore), time(template.notAfter)),
    subject,
    spki,
    explicit(3, sequence(...extensions)),
  );
  const signature = sign(digest, tbs, signingKey);
  return sequence(tbs, algorithm, bitString(signature));
}

/** pem.EncodeToMemory of one block. */
export function pemEncode(type: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}-----END ${type}-----\n`;
}

/** pem.Decode: the first PEM block of the text, or undefined. */
export function pemDecode(text: string): { type: string; der: Buffer } | undefined {
  const m = /-----BEGIN ([^\n-]+)-----\r?\n((?:[^\n]*\r?\n)*?)-----END \1-----/.exec(text);
  if (!m) return undefined;
  const body = m[2].split(/\r?\n/).filter((l) => !/^[^:]+:/.test(l)).join('');
  return { type: m[1], der: Buffer.from(body, 'base64') };
}

/** Parses a DER certificate (x509.ParseCertificate); throws with the parser's message. */
export function parseCertificate(der: Buffer): { subject: Buffer; subjectKeyId?: Buffer } {
  new X509Certificate(der); // validates
  const [cert] = readElements(der);
  const [tbs] = readElements(cert.content);
  const fields = readElements(tbs.content);
  let i = fields[0].tag === 0xa0 ? 1 : 0; // optional version
  i += 2; // serial, signature algorithm
  i += 2; // issuer, validity
  const subject = Buffer.from(fields[i].raw);
  let subjectKeyId: Buffer | undefined;
  const ext = fields.find((f) => f.tag === 0xa3);
  if (ext) {
    const [list] = readElements(ext.content);
    for (const e of readElements(list.content)) {
      const parts = readElements(e.content);
      if (parts[0].raw.equals(oid('2.5.29.14'))) {
        const value = parts[parts.length - 1];
        const [inner] = readElements(value.content);
        subjectKeyId = Buffer.from(inner.content);
      }
    }
  }
  return { subject, subjectKeyId };
}
