/**
 * Image references parsed and normalised exactly like distribution/reference `ParseDockerRef`,
 * which is what containerd (and so most Kubernetes nodes) does before pulling.
 *
 * Grammar (distribution/reference regexp.go):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 *   domain    := host [":" port]      host := domain-name | "[" ipv6 "]"
 *   path-component := [a-z0-9]+ (separator [a-z0-9]+)*    separator := [._] | "__" | "-"+
 *   tag       := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex   (validated like opencontainers/go-digest)
 */

export interface ImageRef {
  /** Registry host as the reference names it after normalisation: "docker.io", "ghcr.io", "localhost:5000". */
  registry: string;
  /** Repository path inside the registry, lowercase: "library/nginx". */
  repository: string;
  /** The tag as written, or "latest" when neither tag nor digest was written. Kept with a digest for display and AL205. */
  tag?: string;
  /** "sha256:<64 hex>" when pinned; it decides what is pulled. */
  digest?: string;
  /** ParseDockerRef's normalised string: "docker.io/library/nginx:1.27" or "…/nginx@sha256:…" (tag dropped when a digest is present). */
  canonical: string;
  /** The text as written in the file. */
  original: string;
  /** True when the tag was not written and "latest" was supplied (only without a digest). */
  tagDefaulted?: boolean;
}

export type ParsedReference = { ok: true; ref: ImageRef } | { ok: false; reason: string; original: string };

export const DOCKER_HUB = 'docker.io';
const LEGACY_HUB_HOSTS = new Set(['index.docker.io', 'registry-1.docker.io']);
const OFFICIAL_PREFIX = 'library/';
const DEFAULT_TAG = 'latest';
/** distribution/reference RepositoryNameTotalLengthMax: applies to the path, not the host. */
export const MAX_PATH_LENGTH = 255;

// --- grammar (anchored pieces, built once) ---------------------------------------------------
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_AND_PORT = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_RE = new RegExp(`^${DOMAIN_AND_PORT}$`);
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_SHAPE_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IMAGE_ID_RE = /^[a-f0-9]{64}$/;
/** go-digest's registered algorithms and their hex lengths. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const VARIABLE_RE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function fail(original: string, reason: string): ParsedReference {
  return { ok: false, reason, original };
}

/** Reasons for values that are not references at all (never sent to a registry). */
function notAReference(input: string): string | undefined {
  if (input === '') return 'cannot check: the image reference is empty';
  if (input === 'scratch') return 'cannot check: "scratch" is the empty base image, not a pullable reference';
  if (input.includes('{{')) return `cannot check: the reference is a template (${input})`;
  const variables = [...input.matchAll(VARIABLE_RE)].map((m) => m[0]);
  if (variables.length > 0) {
    const unique = [...new Set(variables)];
    return unique.length === 1
      ? `cannot check: the reference depends on variable ${unique[0]}`
      : `cannot check: the reference depends on variables ${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
  }
  if (input.includes('$')) return `cannot check: the reference contains a shell expansion (${input})`;
  if (/<[^<>]*>/.test(input)) return `cannot check: "${input}" is a placeholder, not an image reference`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    return `not an image reference: "${input}" is a URL; write registry/repository[:tag] without a scheme`;
  }
  if (/\s/.test(input)) return `not an image reference: "${input}" contains whitespace`;
  if (IMAGE_ID_RE.test(input)) {
    return `not an image reference: "${input}" is a 64-hex image ID; use repository@sha256:… to pin a digest`;
  }
  return undefined;
}

/** Splits the host off like splitDockerDomain; `written` is the path before "library/" is implied. */
function splitDomain(name: string): { domain: string; remainder: string; written: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: DOCKER_HUB, remainder: OFFICIAL_PREFIX + name, written: name };
  const maybe = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybe === 'localhost' || /[.:]/.test(maybe) || maybe.toLowerCase() !== maybe) {
    domain = maybe;
    remainder = rest;
  } else {
    domain = DOCKER_HUB;
    remainder = name;
  }
  const written = remainder;
  // index.docker.io is normalised by distribution/reference; registry-1.docker.io is the same
  // registry (Hub's API host), so it gets the same treatment.
  if (LEGACY_HUB_HOSTS.has(domain)) domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return { domain, remainder, written };
}

function validateDigest(digest: string): string | undefined {
  if (!DIGEST_SHAPE_RE.test(digest)) return `invalid digest "${digest}" (expected sha256:<64 hex>)`;
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return `unsupported digest algorithm "${algorithm}" (expected sha256, sha384 or sha512)`;
  if (hex.length !== length) return `invalid digest "${digest}": ${algorithm} needs ${length} hex characters, got ${hex.length}`;
  if (!/^[a-f0-9]+$/.test(hex)) return `invalid digest "${digest}": hex must be lowercase`;
  return undefined;
}

function buildCanonical(registry: string, repository: string, tag: string | undefined, digest: string | undefined): string {
  const name = `${registry}/${repository}`;
  if (digest) return `${name}@${digest}`;
  return `${name}:${tag ?? DEFAULT_TAG}`;
}

/** Parse and normalise like ParseDockerRef. Never throws; a value that is not a reference gets a human reason. */
export function parseImageReference(input: string): ParsedReference {
  const early = notAReference(input);
  if (early) return fail(input, early);

  // Split "name[:tag][@digest]" lexically; the name's host port is before the last '/'.
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = validateDigest(digest);
    if (problem) return fail(input, problem);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) {
      if (tag === '') return fail(input, `invalid reference "${input}": empty tag after ':'`);
      if (tag.length > 128) return fail(input, `invalid tag: ${tag.length} characters, at most 128 are allowed`);
      return fail(input, `invalid tag "${tag}": tags use letters, digits, '_', '.', '-' and cannot start with '.' or '-'`);
    }
  }
  if (rest === '') return fail(input, `invalid reference "${input}": no repository name`);

  // Messages name the repository as written, without the implied "library/".
  const { domain, remainder, written } = splitDomain(rest);
  if (remainder.toLowerCase() !== remainder) {
    return fail(input, `invalid reference "${input}": repository name "${written}" must be lowercase`);
  }
  if (!DOMAIN_RE.test(domain)) return fail(input, `invalid registry host "${domain}"`);
  if (remainder.length > MAX_PATH_LENGTH) {
    return fail(input, `repository name is ${remainder.length} characters long; at most ${MAX_PATH_LENGTH} are allowed`);
  }
  if (!PATH_RE.test(remainder)) {
    return fail(input, `invalid repository name "${written}": components are lowercase letters and digits separated by '.', '_', '__' or '-', joined by '/'`);
  }

  const ref: ImageRef = {
    registry: domain,
    repository: remainder,
    canonical: buildCanonical(domain, remainder, tag, digest),
    original: input,
  };
  if (tag !== undefined) ref.tag = tag;
  else if (digest === undefined) {
    ref.tag = DEFAULT_TAG;
    ref.tagDefaulted = true;
  }
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

/** Docker's familiar form: "nginx:1.27", "bitnami/redis:7", "ghcr.io/o/r@sha256:…" (the tag is dropped with a digest unless keepTag). */
export function familiarName(ref: ImageRef, options: { keepTag?: boolean } = {}): string {
  let path = ref.repository;
  let name: string;
  if (ref.registry === DOCKER_HUB) {
    if (path.startsWith(OFFICIAL_PREFIX) && !path.slice(OFFICIAL_PREFIX.length).includes('/')) {
      path = path.slice(OFFICIAL_PREFIX.length);
    }
    name = path;
  } else {
    name = `${ref.registry}/${path}`;
  }
  if (ref.digest) {
    const tag = options.keepTag && ref.tag !== undefined ? `:${ref.tag}` : '';
    return `${name}${tag}@${ref.digest}`;
  }
  return `${name}:${ref.tag ?? DEFAULT_TAG}`;
}

/** The same reference by tag (the written tag, else "latest"): what AL205 looks up to find the index. */
export function withoutDigest(ref: ImageRef): ImageRef {
  const tag = ref.tag ?? DEFAULT_TAG;
  const out: ImageRef = {
    registry: ref.registry,
    repository: ref.repository,
    tag,
    canonical: buildCanonical(ref.registry, ref.repository, tag, undefined),
    original: ref.original,
  };
  if (ref.tag === undefined || ref.tagDefaulted) out.tagDefaulted = true;
  return out;
}

/** The host the registry API is served from: Docker Hub's API lives at registry-1.docker.io. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB || LEGACY_HUB_HOSTS.has(registry) ? 'registry-1.docker.io' : registry;
}
