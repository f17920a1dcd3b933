/**
 * OCI platforms (os/architecture/variant/os.version), normalised like containerd's `platforms`
 * package, plus the Kubernetes `kubernetes.io/arch` label vocabulary (Go GOARCH names).
 * Nothing here throws: unknown values are kept as written (lowercased).
 */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
}

/** Go's known GOARCH values (go/build syslist.go knownArch): what `kubernetes.io/arch` holds. */
export const GOARCH_VALUES: readonly string[] = [
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle',
  'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64',
  's390', 's390x', 'sparc', 'sparc64', 'wasm',
];
const GOARCH_SET: ReadonlySet<string> = new Set(GOARCH_VALUES);

/** Go's known GOOS values (go/build syslist.go knownOS). */
export const GOOS_VALUES: readonly string[] = [
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux',
  'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
];
const GOOS_SET: ReadonlySet<string> = new Set(GOOS_VALUES);

/** Legacy/uname spellings of ARM variants seen in the wild ("armv7", "armv7l") → OCI "v7". */
function normalizeArmVariant(variant: string): string {
  const m = /^(?:armv|v)?([5-9])(?:l|\.0)?$/.exec(variant);
  return m ? `v${m[1]}` : variant;
}

function normalizeOs(os: string): string {
  const lower = os.trim().toLowerCase();
  // containerd uses the host OS for an empty value; archlens checks Linux nodes by default.
  if (lower === '') return 'linux';
  if (lower === 'macos') return 'darwin';
  return lower;
}

/** containerd's normalizeArch, extended with uname/Debian spellings (armv7l, armv6l, i686, ppc64el). */
function normalizeArch(architecture: string, variant: string): { architecture: string; variant: string } {
  const arch = architecture.trim().toLowerCase();
  let v = variant.trim().toLowerCase();
  switch (arch) {
    case 'i386':
    case 'i486':
    case 'i586':
    case 'i686':
    case 'x86':
      return { architecture: '386', variant: '' };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return { architecture: 'amd64', variant: v === 'v1' ? '' : v };
    case 'aarch64':
    case 'arm64':
      if (v === '8' || v === 'v8' || v === 'v8.0' || v === 'armv8') v = '';
      else if (v === '9' || v === '9.0' || v === 'v9.0') v = 'v9';
      return { architecture: 'arm64', variant: v };
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'armv5':
    case 'armv5l':
    case 'armv6':
    case 'armv6l':
    case 'armv7':
    case 'armv7l':
    case 'armv8':
    case 'armv8l':
      // uname -m of a 32-bit ARM kernel: the variant is in the name.
      return { architecture: 'arm', variant: `v${arch.charAt(4)}` };
    case 'arm':
      v = normalizeArmVariant(v);
      return { architecture: 'arm', variant: v === '' ? 'v7' : v };
    case 'ppc64el':
      return { architecture: 'ppc64le', variant: v };
    default:
      return { architecture: arch, variant: v };
  }
}

/** Normalise like containerd's platforms.Normalize: lowercase, aliases resolved, default variants made explicit or dropped. */
export function normalizePlatform(p: Platform): Platform {
  const { architecture, variant } = normalizeArch(p.architecture ?? '', p.variant ?? '');
  const out: Platform = { os: normalizeOs(p.os ?? ''), architecture };
  if (variant) out.variant = variant;
  if (p.osVersion) out.osVersion = p.osVersion;
  return out;
}

const SPECIFIER_PART = /^[A-Za-z0-9_.-]+$/;

/**
 * Parse a platform specifier like containerd's platforms.Parse: "linux/arm64/v8", "linux/amd64",
 * "windows(10.0.17763)/amd64", or a bare architecture ("arm64" → linux/arm64). Returns undefined
 * for junk, and for an OS alone ("linux"), which names no architecture.
 */
export function parsePlatform(text: string): Platform | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let osVersion: string | undefined;
  let spec = trimmed;
  const versioned = /^([^/(]+)\(([^)]+)\)(\/.*)?$/.exec(trimmed);
  if (versioned) {
    osVersion = versioned[2];
    spec = versioned[1] + (versioned[3] ?? '');
  }
  const parts = spec.split('/');
  if (parts.length > 3 || parts.some((part) => !SPECIFIER_PART.test(part))) return undefined;
  let platform: Platform;
  if (parts.length === 1) {
    const only = parts[0].toLowerCase();
    if (GOOS_SET.has(only) || only === 'macos') return undefined;
    const arch = normalizeArch(only, '');
    if (!GOARCH_SET.has(arch.architecture)) return undefined;
    platform = { os: 'linux', architecture: parts[0] };
  } else {
    platform = { os: parts[0], architecture: parts[1] };
    if (parts.length === 3) platform.variant = parts[2];
  }
  if (osVersion) platform.osVersion = osVersion;
  const normalized = normalizePlatform(platform);
  // An OS/arch pair of two unknown words is junk, not a platform.
  if (!GOOS_SET.has(normalized.os) && !GOARCH_SET.has(normalized.architecture)) return undefined;
  return normalized;
}

/** "linux/arm/v7", "linux/amd64", "windows/amd64" (os.version is not part of the string, as in containerd). */
export function formatPlatform(p: Platform): string {
  const n = normalizePlatform(p);
  return n.variant ? `${n.os}/${n.architecture}/${n.variant}` : `${n.os}/${n.architecture}`;
}

/** Same os/architecture/variant after normalisation (os.version is ignored). */
export function samePlatform(a: Platform, b: Platform): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && (x.variant ?? '') === (y.variant ?? '');
}

/** Value of a `kubernetes.io/arch` label (or expression value) mapped onto GOARCH. */
export interface ArchLabel {
  arch: string;
  /** True only when the value was already exactly the GOARCH name. */
  canonical: boolean;
}

/** Spellings people put in `kubernetes.io/arch` that are not GOARCH names (AL101). */
const ARCH_LABEL_ALIASES: Record<string, string> = {
  x86_64: 'amd64', 'x86-64': 'amd64', x64: 'amd64', amd64v1: 'amd64', 'amd-64': 'amd64', intel64: 'amd64',
  aarch64: 'arm64', arm64v8: 'arm64', armv8: 'arm64', aarch: 'arm64', 'arm-64': 'arm64',
  armhf: 'arm', armel: 'arm', armv7: 'arm', armv7l: 'arm', armv6: 'arm', armv6l: 'arm', armv5: 'arm',
  arm32: 'arm', arm32v5: 'arm', arm32v6: 'arm', arm32v7: 'arm', aarch32: 'arm',
  i386: '386', i486: '386', i586: '386', i686: '386', x86: '386', x86_32: '386', ia32: '386',
  ppc64el: 'ppc64le', powerpc64le: 'ppc64le', loongarch64: 'loong64', mips64el: 'mips64le', mipsel: 'mipsle',
};

/**
 * Map a `kubernetes.io/arch` value onto a GOARCH. `amd64` → canonical; `x86_64`, `AMD64`,
 * `linux/amd64`, `aarch64`, `arm64v8`, `armhf` → their GOARCH, not canonical; undefined when the
 * value maps to nothing ("banana").
 */
export function normalizeArchLabel(value: string): ArchLabel | undefined {
  if (GOARCH_SET.has(value)) return { arch: value, canonical: true };
  let v = value.trim().toLowerCase();
  if (v === '') return undefined;
  // "linux/amd64", "linux/arm64/v8", "linux-amd64": a platform written where an arch belongs.
  const platformLike = /^([a-z0-9]+)[/-](.+)$/.exec(v);
  if (platformLike && GOOS_SET.has(platformLike[1])) v = platformLike[2];
  const parts = v.split('/');
  if (parts.length === 2 && (GOARCH_SET.has(parts[0]) || parts[0] in ARCH_LABEL_ALIASES)) v = parts[0];
  if (parts.length > 2) return undefined;
  if (GOARCH_SET.has(v)) return { arch: v, canonical: false };
  const alias = ARCH_LABEL_ALIASES[v];
  return alias ? { arch: alias, canonical: false } : undefined;
}

export type NodeAcceptance = 'exact' | 'fallback' | 'no';

function variantNumber(variant: string | undefined, implicit: number): number | undefined {
  if (!variant) return implicit;
  const m = /^v(\d+)/.exec(variant);
  return m ? Number(m[1]) : undefined;
}

/**
 * Would containerd on a `target` node pull an index entry for `image`? Exact match, or one of
 * containerd's fallbacks: arm64 nodes also take arm/v8…v5 (32-bit), amd64 nodes also take 386,
 * arm/vN nodes take lower arm variants, amd64/vN lower amd64 variants. The OS must match.
 * (CRI-O has no fallback; os.version is not compared.)
 */
export function nodeAcceptance(target: Platform, image: Platform): NodeAcceptance {
  const node = normalizePlatform(target);
  const img = normalizePlatform(image);
  if (node.os !== img.os) return 'no';
  if (node.architecture === img.architecture && (node.variant ?? '') === (img.variant ?? '')) return 'exact';
  switch (node.architecture) {
    case 'arm64': {
      if (img.architecture === 'arm') {
        const n = variantNumber(img.variant, 7);
        return n !== undefined && n >= 5 && n <= 8 ? 'fallback' : 'no';
      }
      if (img.architecture === 'arm64') {
        // arm64 (= v8) nodes with a newer variant also take older arm64 variants.
        const have = variantNumber(node.variant, 8);
        const want = variantNumber(img.variant, 8);
        return have !== undefined && want !== undefined && want <= have ? 'fallback' : 'no';
      }
      return 'no';
    }
    case 'amd64': {
      if (img.architecture === '386') return 'fallback';
      if (img.architecture === 'amd64') {
        const have = variantNumber(node.variant, 1);
        const want = variantNumber(img.variant, 1);
        return have !== undefined && want !== undefined && want <= have ? 'fallback' : 'no';
      }
      return 'no';
    }
    case 'arm': {
      if (img.architecture !== 'arm') return 'no';
      const have = variantNumber(node.variant, 7);
      const want = variantNumber(img.variant, 7);
      return have !== undefined && want !== undefined && want >= 5 && want <= have ? 'fallback' : 'no';
    }
    default:
      return 'no';
  }
}
