/**
 * Pushes content to a test registry with plain HTTP per the distribution API (POST an upload,
 * PUT the blob with ?digest=, PUT manifests with their Content-Type; an index after its children).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Platform } from '../../../server/src/images/platform';
import type { TestRegistry } from './registry';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string; 'os.version'?: string };
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface PushedImage {
  digest: string;
  mediaType: string;
  size: number;
  /** Per-platform children (index) or the one manifest itself (single). */
  children: Array<{ platform?: Platform; digest: string; mediaType: string; size: number }>;
  /** Digests of attestation manifests pushed alongside (index with attestations). */
  attestations: string[];
}

export type ImageSpec =
  /** An index (OCI) or manifest list (docker) with one image per platform. */
  | { platforms: Platform[]; format?: 'oci' | 'docker'; attestations?: boolean; omitPlatformFor?: number[] }
  /** One image manifest with its config blob. */
  | { single: Platform; format?: 'oci' | 'docker'; configMediaType?: string; config?: Record<string, unknown>; artifactType?: string }
  /** An index of given descriptors (children already pushed), e.g. a nested index. */
  | { index: Descriptor[]; format?: 'oci' | 'docker' }
  /** Raw bytes pushed as a manifest under the tag. */
  | { raw: Buffer | string; mediaType: string };

async function authHeaders(registry: TestRegistry, repo: string): Promise<Record<string, string>> {
  const a = await registry.pushAuthorization(repo);
  return a ? { Authorization: a } : {};
}

export async function pushBlob(registry: TestRegistry, repo: string, data: Buffer | string): Promise<Descriptor & { digest: string }> {
  const bytes = Buffer.from(data);
  const digest = sha256(bytes);
  const headers = await authHeaders(registry, repo);
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
  await start.arrayBuffer();
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' }, body: bytes });
  const text = await put.text();
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${text}`);
  return { mediaType: 'application/octet-stream', digest, size: bytes.length };
}

export async function pushManifest(registry: TestRegistry, repo: string, reference: string, body: Buffer | string, mediaType: string): Promise<Descriptor> {
  const bytes = Buffer.from(body);
  const headers = await authHeaders(registry, repo);
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${reference}`, { method: 'PUT', headers: { ...headers, 'Content-Type': mediaType }, body: bytes });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`manifest push ${repo}:${reference}: HTTP ${res.status} ${text}`);
  const digest = sha256(bytes);
  const claimed = res.headers.get('docker-content-digest');
  if (claimed && claimed !== digest) throw new Error(`registry digest ${claimed} differs from ${digest}`);
  return { mediaType, digest, size: bytes.length };
}

function platformField(p: Platform): Descriptor['platform'] {
  return { architecture: p.architecture, os: p.os, ...(p.variant ? { variant: p.variant } : {}), ...(p.osVersion ? { 'os.version': p.osVersion } : {}) };
}

/** Pushes config + one layer + the image manifest by digest (or under `tag`). */
export async function pushSingle(registry: TestRegistry, repo: string, platform: Platform, opts: { format?: 'oci' | 'docker'; tag?: string; configMediaType?: string; config?: Record<string, unknown>; artifactType?: string } = {}): Promise<Descriptor> {
  const docker = opts.format === 'docker';
  const layer = await pushBlob(registry, repo, randomBytes(32));
  const config = opts.config ?? { ...platformField(platform), rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} };
  const configBlob = await pushBlob(registry, repo, JSON.stringify(config));
  const manifest = {
    schemaVersion: 2,
    mediaType: docker ? DOCKER_MANIFEST : OCI_MANIFEST,
    ...(opts.artifactType ? { artifactType: opts.artifactType } : {}),
    config: { mediaType: opts.configMediaType ?? (docker ? DOCKER_CONFIG : OCI_CONFIG), digest: configBlob.digest, size: configBlob.size },
    layers: [{ mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
  };
  const body = JSON.stringify(manifest);
  return pushManifest(registry, repo, opts.tag ?? sha256(body), body, manifest.mediaType);
}

/** A BuildKit-style attestation manifest for `subject` (in-toto layer, unknown/unknown entry). */
async function pushAttestation(registry: TestRegistry, repo: string, subject: string): Promise<Descriptor> {
  const statement = await pushBlob(registry, repo, JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: { sha256: subject.slice(7) } }] }));
  const config = await pushBlob(registry, repo, JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [statement.digest] } }));
  const body = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.size },
    layers: [{ mediaType: 'application/vnd.in-toto+json', digest: statement.digest, size: statement.size, annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' } }],
  });
  const d = await pushManifest(registry, repo, sha256(body), body, OCI_MANIFEST);
  return { ...d, platform: { architecture: 'unknown', os: 'unknown' }, annotations: { 'vnd.docker.reference.digest': subject, 'vnd.docker.reference.type': 'attestation-manifest' } };
}

export function indexDocument(manifests: Descriptor[], format: 'oci' | 'docker' = 'oci'): string {
  return JSON.stringify({ schemaVersion: 2, mediaType: format === 'docker' ? DOCKER_LIST : OCI_INDEX, manifests });
}

/** Pushes an image per `spec` and tags it `tag`; returns the digests. */
export async function pushImage(registry: TestRegistry, repo: string, tag: string, spec: ImageSpec): Promise<PushedImage> {
  if ('raw' in spec) {
    const d = await pushManifest(registry, repo, tag, spec.raw, spec.mediaType);
    return { digest: d.digest, mediaType: d.mediaType, size: d.size, children: [], attestations: [] };
  }
  if ('single' in spec) {
    const d = await pushSingle(registry, repo, spec.single, { ...spec, tag });
    return { digest: d.digest, mediaType: d.mediaType, size: d.size, children: [{ platform: spec.single, digest: d.digest, mediaType: d.mediaType, size: d.size }], attestations: [] };
  }
  const format = spec.format ?? 'oci';
  if ('index' in spec) {
    const body = indexDocument(spec.index, format);
    const d = await pushManifest(registry, repo, tag, body, format === 'docker' ? DOCKER_LIST : OCI_INDEX);
    return { digest: d.digest, mediaType: d.mediaType, size: d.size, children: spec.index.map((c) => ({ digest: c.digest, mediaType: c.mediaType, size: c.size })), attestations: [] };
  }
  const children: PushedImage['children'] = [];
  const entries: Descriptor[] = [];
  const attestations: string[] = [];
  for (const [i, platform] of spec.platforms.entries()) {
    const d = await pushSingle(registry, repo, platform, { format });
    children.push({ platform, digest: d.digest, mediaType: d.mediaType, size: d.size });
    entries.push(spec.omitPlatformFor?.includes(i) ? d : { ...d, platform: platformField(platform) });
  }
  if (spec.attestations) {
    for (const child of children) {
      const a = await pushAttestation(registry, repo, child.digest);
      entries.push(a);
      attestations.push(a.digest);
    }
  }
  const body = indexDocument(entries, format);
  const d = await pushManifest(registry, repo, tag, body, format === 'docker' ? DOCKER_LIST : OCI_INDEX);
  return { digest: d.digest, mediaType: d.mediaType, size: d.size, children, attestations };
}
