/** Image names and outputs in build files that show an image is meant for a registry. */

/** A name whose first component is a registry host (`ghcr.io/…`, `localhost:5000/…`): it is meant to be pushed. */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash <= 0) return false;
  const host = image.slice(0, slash);
  return !host.includes('$') && (host.includes('.') || host.includes(':') || host === 'localhost');
}

/** A buildx output (`--output`, Bake `output`, build-push-action `outputs` line) that pushes. */
export function pushingOutput(value: string): boolean {
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  if (fields.includes('type=registry')) return true;
  return fields.includes('push=true') && fields.some((f) => f === 'type=image' || f === 'type=oci' || f === 'type=docker');
}

/** Architecture words a person writes in a step name or tag: `AMD64`, `arm64`, `x86_64`, `aarch64`. */
const ARCH_WORD = /(?<![A-Za-z0-9])(amd64|x86_64|x86-64|arm64|aarch64|arm64v8|armv7|armhf|ppc64le|s390x|riscv64)(?![A-Za-z0-9])/i;
const GOARCH_OF: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', arm64v8: 'arm64', armv7: 'arm', armhf: 'arm' };

/** The architecture a free text (a step's name) names, as a GOARCH. */
export function archNamedInText(text: string): string | undefined {
  const m = ARCH_WORD.exec(text);
  if (!m) return undefined;
  const word = m[1].toLowerCase();
  return GOARCH_OF[word] ?? word;
}

/** The architecture an image tag names (`app:1.0-arm64`, `app-amd64:1.0`): the last path component and the tag, expansions ignored. */
export function archNamedInTag(reference: string): string | undefined {
  const literal = reference.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ');
  const last = literal.slice(literal.lastIndexOf('/') + 1);
  return archNamedInText(last);
}

/** Words that make an image a Windows one: `windows-2022`, `ltsc2022-nanoserver`, `servercore`. */
const WINDOWS_WORD = /(?<![A-Za-z0-9])(?:windows|nanoserver|servercore)(?![A-Za-z0-9])/i;

/** The image reference's name or tag (its last path component) says it is a Windows image; expansions ignored. */
export function namesWindows(reference: string): boolean {
  const literal = reference.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ');
  return WINDOWS_WORD.test(literal.slice(literal.lastIndexOf('/') + 1));
}
