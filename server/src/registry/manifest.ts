/**
 * Pure interpretation of manifest documents (no I/O): what an index says about its platforms,
 * which image manifest needs its config blob, what a config blob says.
 */
import type { Platform } from '../images/platform';
import { DOCKER_CONFIG, OCI_CONFIG, OCTET_STREAM, bareType, isRecord, kindOfType } from './mediatypes';
import { isPlatformField, isWellFormedPlatform, quoteUntrusted } from './untrusted';

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
  /** Its platform has malformed fields: never a runnable entry, never fetched. */
  malformedPlatform?: boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST_RE.test(value);
}

/** A platform object whose fields hold control characters, spaces or absurd lengths (see untrusted.ts). */
export const MALFORMED = 'malformed';

/**
 * An OCI/Docker platform object → Platform (raw values; normalisation happens later); undefined
 * when it names no os/architecture, MALFORMED when a field is not a printable token.
 */
export function platformOf(raw: unknown): Platform | typeof MALFORMED | undefined {
  if (!isRecord(raw)) return undefined;
  const os = raw.os;
  const architecture = raw.architecture;
  if (typeof os !== 'string' || typeof architecture !== 'string' || !os || !architecture) return undefined;
  const p: Platform = { os, architecture };
  if (typeof raw.variant === 'string' && raw.variant) p.variant = raw.variant;
  const osVersion = raw['os.version'];
  if (typeof osVersion === 'string' && osVersion) p.osVersion = osVersion;
  return isWellFormedPlatform(p) ? p : MALFORMED;
}

function descriptorOf(raw: unknown): Descriptor | undefined {
  if (!isRecord(raw) || !isDigest(raw.digest)) return undefined;
  const d: Descriptor = { digest: raw.digest };
  if (typeof raw.mediaType === 'string') d.mediaType = raw.mediaType;
  if (typeof raw.size === 'number') d.size = raw.size;
  if (typeof raw.artifactType === 'string') d.artifactType = raw.artifactType;
  if (raw.platform !== undefined) {
    const p = platformOf(raw.platform);
    if (p === MALFORMED) d.malformedPlatform = true;
    else if (p) d.platform = p;
  }
  if (isRecord(raw.annotations)) {
    const a: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.annotations)) if (typeof v === 'string') a[k] = v;
    d.annotations = a;
  }
  return d;
}

/** BuildKit attestation manifests and other non-runnable index entries. */
export function isAttestation(d: Descriptor): boolean {
  const a = d.annotations ?? {};
  if ('vnd.docker.reference.type' in a || 'vnd.docker.reference.digest' in a) return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

export interface IndexPlan {
  /** Entries that name their platform. */
  platforms: Descriptor[];
  /** Entries that are indexes themselves (recursed into by the caller). */
  nested: Descriptor[];
  /** Image-manifest entries without a platform: the child's config says it. */
  unplatformed: Descriptor[];
  /** Attestation / unknown entries skipped. */
  skipped: number;
  /** Entries skipped because their platform fields are malformed (control characters, absurd lengths). */
  malformed: number;
  /** Entries that are not descriptors at all (no object, no valid digest). */
  invalid: number;
}

export function planIndex(doc: unknown): Outcome<IndexPlan> {
  if (!isRecord(doc) || !Array.isArray(doc.manifests)) return { ok: false, reason: 'the index has no "manifests" list' };
  const plan: IndexPlan = { platforms: [], nested: [], unplatformed: [], skipped: 0, malformed: 0, invalid: 0 };
  for (const raw of doc.manifests) {
    const d = descriptorOf(raw);
    if (!d) {
      plan.invalid++;
      continue;
    }
    if (isAttestation(d)) {
      plan.skipped++;
      continue;
    }
    if (d.malformedPlatform) {
      plan.malformed++;
      continue;
    }
    const kind = kindOfType(d.mediaType);
    if (kind === 'index') plan.nested.push(d);
    else if (d.platform) plan.platforms.push(d);
    else if (kind === 'manifest' || kind === 'schema1' || d.mediaType === undefined) plan.unplatformed.push(d);
    else plan.skipped++;
  }
  return { ok: true, value: plan };
}

export interface ImageManifestPlan {
  config: Descriptor;
}

/** Config media types that describe a runnable image (octet-stream tolerated: some tools write it). */
const IMAGE_CONFIG_TYPES = new Set([OCI_CONFIG, DOCKER_CONFIG, OCTET_STREAM, '']);

/** An image manifest → its config descriptor, or why it is not a runnable image. */
export function planManifest(doc: unknown): Outcome<ImageManifestPlan> | { ok: false; reason: string; notRunnable: true } {
  if (!isRecord(doc)) return { ok: false, reason: 'the manifest is not a JSON object' };
  const config = descriptorOf(doc.config);
  if (!config) return { ok: false, reason: 'the manifest has no valid config descriptor' };
  const type = bareType(config.mediaType);
  if (typeof doc.artifactType === 'string' && type !== OCI_CONFIG && type !== DOCKER_CONFIG) {
    return { ok: false, reason: `an OCI artifact (${quoteUntrusted(doc.artifactType)}), not a runnable image`, notRunnable: true };
  }
  if (!IMAGE_CONFIG_TYPES.has(type)) {
    return { ok: false, reason: `not a runnable image (config type ${quoteUntrusted(type)})`, notRunnable: true };
  }
  return { ok: true, value: { config } };
}

/** A config blob → its platform. */
export function platformOfConfig(doc: unknown): Outcome<Platform> | { ok: false; reason: string; malformed: true } {
  const p = platformOf(doc);
  if (p === MALFORMED) return { ok: false, reason: 'the image config names a malformed platform (control characters, spaces or over 64 characters)', malformed: true };
  if (!p) return { ok: false, reason: 'the image config names no os/architecture' };
  return { ok: true, value: p };
}

/** schema1: top-level architecture; os from the newest history entry when present. */
export function platformOfSchema1(doc: unknown): Outcome<Platform> {
  if (!isRecord(doc) || typeof doc.architecture !== 'string' || !doc.architecture) {
    return { ok: false, reason: 'the schema1 manifest names no architecture' };
  }
  if (!isPlatformField(doc.architecture)) return { ok: false, reason: 'the schema1 manifest names a malformed architecture' };
  let os = 'linux';
  const history = doc.history;
  if (Array.isArray(history) && isRecord(history[0]) && typeof history[0].v1Compatibility === 'string') {
    try {
      const v1: unknown = JSON.parse(history[0].v1Compatibility);
      if (isRecord(v1) && typeof v1.os === 'string' && isPlatformField(v1.os)) os = v1.os;
    } catch {
      // A broken history entry leaves the default; the architecture is what matters.
    }
  }
  return { ok: true, value: { os, architecture: doc.architecture } };
}

export const SCHEMA1_WARNING = 'schema1 manifest: deprecated (Docker Image Manifest V2 Schema 1); current runtimes refuse to pull it';

/**
 * A signed schema1 manifest's digest covers its JWS payload — the raw bytes up to `formatLength`
 * plus `formatTail`, both from the protected header of every signature (libtrust) — not the bytes
 * with the signatures. Those payload bytes, or undefined when the document is no such JWS.
 */
export function schema1Payload(raw: Buffer): Buffer | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(doc) || !Array.isArray(doc.signatures) || doc.signatures.length === 0) return undefined;
  let payload: Buffer | undefined;
  for (const sig of doc.signatures) {
    if (!isRecord(sig) || typeof sig.protected !== 'string') return undefined;
    let header: unknown;
    try {
      header = JSON.parse(Buffer.from(sig.protected, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isRecord(header) || typeof header.formatLength !== 'number' || typeof header.formatTail !== 'string') return undefined;
    const { formatLength, formatTail } = header;
    if (!Number.isInteger(formatLength) || formatLength < 0 || formatLength > raw.length) return undefined;
    const candidate = Buffer.concat([raw.subarray(0, formatLength), Buffer.from(formatTail, 'base64url')]);
    if (payload && !payload.equals(candidate)) return undefined; // signatures disagree about the payload
    payload = candidate;
  }
  return payload;
}
