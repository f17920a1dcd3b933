/** Manifest media types, the Accept list, and classification of a fetched document. */

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
export const SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';

export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const OCTET_STREAM = 'application/octet-stream';

/**
 * Sent on HEAD and GET alike. Without the list types a registry answers with the linux/amd64 child
 * (the image would look amd64-only); without the OCI index type some answer 404. schema1 last.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST, SCHEMA1_SIGNED, SCHEMA1].join(', ');

export type DocumentKind = 'index' | 'manifest' | 'schema1';

const BY_TYPE: Record<string, DocumentKind> = {
  [OCI_INDEX]: 'index',
  [DOCKER_LIST]: 'index',
  [OCI_MANIFEST]: 'manifest',
  [DOCKER_MANIFEST]: 'manifest',
  [SCHEMA1_SIGNED]: 'schema1',
  [SCHEMA1]: 'schema1',
};

/** Media type without parameters, lowercase. */
export function bareType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function kindOfType(mediaType: string | undefined): DocumentKind | undefined {
  return BY_TYPE[bareType(mediaType)];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The kind and media type of a parsed manifest document: the Content-Type decides when it is a
 * manifest type; otherwise (text/plain, application/json, octet-stream…) the document's own
 * `mediaType`, then its shape.
 */
export function classify(contentType: string | undefined, doc: unknown): { kind: DocumentKind; mediaType: string } | undefined {
  const fromHeader = kindOfType(contentType);
  if (fromHeader) return { kind: fromHeader, mediaType: bareType(contentType) };
  if (!isRecord(doc)) return undefined;
  const own = typeof doc.mediaType === 'string' ? kindOfType(doc.mediaType) : undefined;
  if (own) return { kind: own, mediaType: bareType(doc.mediaType as string) };
  if (doc.schemaVersion === 1 && (Array.isArray(doc.fsLayers) || typeof doc.architecture === 'string')) return { kind: 'schema1', mediaType: SCHEMA1_SIGNED };
  if (Array.isArray(doc.manifests)) return { kind: 'index', mediaType: OCI_INDEX };
  if (isRecord(doc.config)) return { kind: 'manifest', mediaType: OCI_MANIFEST };
  return undefined;
}
