/**
 * Architecture words inside image names (AL106) and Docker Hub's per-arch namespaces (AL311).
 * Works lexically on the text as written, so it also reads references that are not resolvable
 * (`amd64/alpine:${VERSION}`); offsets are into that text (`ImageRef.original` for a parsed ref).
 */
import type { ImageRef } from './reference';

export type ArchTokenPlace = 'namespace' | 'name' | 'tag';

export interface ArchToken {
  /** The token as written ("x86_64", "arm64v8"). */
  token: string;
  /** The GOARCH it means ("amd64", "arm64", "arm", "386", …). */
  arch: string;
  /** ARM variant the token implies ("v7" for armv7/armhf/arm32v7). */
  variant?: string;
  where: ArchTokenPlace;
  /** Offsets into the original text: [start, end). */
  start: number;
  end: number;
}

/** The architecture tokens AL106 looks for in image names, longest first so arm64v8 wins over arm64 at the same place. */
const TOKENS: ReadonlyArray<{ token: string; arch: string; variant?: string }> = [
  { token: 'arm32v5', arch: 'arm', variant: 'v5' },
  { token: 'arm32v6', arch: 'arm', variant: 'v6' },
  { token: 'arm32v7', arch: 'arm', variant: 'v7' },
  { token: 'arm64v8', arch: 'arm64' },
  { token: 'aarch64', arch: 'arm64' },
  { token: 'ppc64le', arch: 'ppc64le' },
  { token: 'riscv64', arch: 'riscv64' },
  { token: 'x86_64', arch: 'amd64' },
  { token: 'x86-64', arch: 'amd64' },
  { token: 'amd64', arch: 'amd64' },
  { token: 'arm64', arch: 'arm64' },
  { token: 'armv7', arch: 'arm', variant: 'v7' },
  { token: 'armhf', arch: 'arm', variant: 'v7' },
  { token: 's390x', arch: 's390x' },
  { token: 'i386', arch: '386' },
];

/** Docker Hub's per-architecture namespaces (AL311). */
const ARCH_NAMESPACES: Record<string, { os: string; arch: string; variant?: string }> = {
  amd64: { os: 'linux', arch: 'amd64' },
  arm64v8: { os: 'linux', arch: 'arm64' },
  arm32v5: { os: 'linux', arch: 'arm', variant: 'v5' },
  arm32v6: { os: 'linux', arch: 'arm', variant: 'v6' },
  arm32v7: { os: 'linux', arch: 'arm', variant: 'v7' },
  i386: { os: 'linux', arch: '386' },
  ppc64le: { os: 'linux', arch: 'ppc64le' },
  s390x: { os: 'linux', arch: 's390x' },
  riscv64: { os: 'linux', arch: 'riscv64' },
  mips64le: { os: 'linux', arch: 'mips64le' },
  'windows-amd64': { os: 'windows', arch: 'amd64' },
};

const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

interface Segment {
  start: number;
  end: number;
}

/** Lexical layout of a reference: optional host, path components, optional tag. */
interface Layout {
  text: string;
  host?: Segment;
  components: Segment[];
  tag?: Segment;
}

function layoutOf(text: string): Layout {
  const at = text.indexOf('@');
  const nameEnd = at >= 0 ? at : text.length;
  const lastSlash = text.lastIndexOf('/', nameEnd - 1);
  const colon = text.indexOf(':', lastSlash + 1);
  const pathEnd = colon >= 0 && colon < nameEnd ? colon : nameEnd;
  const tag = pathEnd < nameEnd ? { start: pathEnd + 1, end: nameEnd } : undefined;
  const components: Segment[] = [];
  let start = 0;
  for (let i = 0; i <= pathEnd; i++) {
    if (i === pathEnd || text[i] === '/') {
      components.push({ start, end: i });
      start = i + 1;
    }
  }
  let host: Segment | undefined;
  if (components.length > 1) {
    const first = text.slice(components[0].start, components[0].end);
    // distribution/reference's rule for "is the first component a registry host".
    if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) host = components.shift();
  }
  return { text, host, components, tag };
}

const DELIMITERS = new Set(['-', '_', '.', '/', ':']);

function scan(text: string, seg: Segment, where: ArchTokenPlace, out: ArchToken[]): void {
  const lower = text.toLowerCase();
  let i = seg.start;
  while (i < seg.end) {
    const boundaryBefore = i === seg.start || DELIMITERS.has(text[i - 1]);
    let matched = 0;
    if (boundaryBefore) {
      for (const t of TOKENS) {
        const end = i + t.token.length;
        if (end > seg.end || lower.startsWith(t.token, i) === false) continue;
        if (end !== seg.end && !DELIMITERS.has(text[end])) continue;
        const hit: ArchToken = { token: text.slice(i, end), arch: t.arch, where, start: i, end };
        if (t.variant) hit.variant = t.variant;
        out.push(hit);
        matched = t.token.length;
        break;
      }
    }
    i += matched > 0 ? matched : 1;
  }
}

function textOf(input: ImageRef | string): string {
  return typeof input === 'string' ? input : input.original;
}

/** Every AL106 token in the namespace(s), the last repository component and the tag, in text order. */
export function findArchTokens(input: ImageRef | string): ArchToken[] {
  const layout = layoutOf(textOf(input));
  const out: ArchToken[] = [];
  const { components } = layout;
  components.forEach((seg, index) => scan(layout.text, seg, index === components.length - 1 ? 'name' : 'namespace', out));
  if (layout.tag) scan(layout.text, layout.tag, 'tag', out);
  return out;
}

/** The first AL106 token of a reference (see findArchTokens), or undefined. */
export function findArchToken(input: ImageRef | string): ArchToken | undefined {
  return findArchTokens(input)[0];
}

export interface ArchNamespace {
  /** "amd64", "arm64v8", "windows-amd64", … */
  namespace: string;
  os: string;
  arch: string;
  variant?: string;
  /** The namespace's offsets in the original text: [start, end). */
  start: number;
  end: number;
  /** End of the text to delete to strip the namespace (its trailing '/'): delete [start, removeEnd). */
  removeEnd: number;
  /** The reference as written with the namespace removed: "amd64/alpine:3.19" → "alpine:3.19". */
  stripped: string;
}

/** AL311: a Docker Hub reference `<arch namespace>/<name>` (optionally with docker.io/ in front). */
export function archNamespace(input: ImageRef | string): ArchNamespace | undefined {
  const layout = layoutOf(textOf(input));
  const { text, host, components } = layout;
  if (host && !HUB_HOSTS.has(text.slice(host.start, host.end))) return undefined;
  if (components.length !== 2) return undefined;
  const ns = components[0];
  const namespace = text.slice(ns.start, ns.end);
  const info = ARCH_NAMESPACES[namespace];
  if (!info) return undefined;
  const removeEnd = ns.end + 1;
  const found: ArchNamespace = {
    namespace,
    os: info.os,
    arch: info.arch,
    start: ns.start,
    end: ns.end,
    removeEnd,
    stripped: text.slice(0, ns.start) + text.slice(removeEnd),
  };
  if (info.variant) found.variant = info.variant;
  return found;
}
