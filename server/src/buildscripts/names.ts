/** Image names and outputs in build files that show an image is meant for a registry. */

/** A name whose first component is a registry host (`ghcr.io/…`, `localhost:5000/…`): it is meant to be pushed. */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash <= 0) return false;
  const host = image.slice(0, slash);
  if (PULL_ONLY_GATEWAY.test(host)) return false;
  return !host.includes('$') && (host.includes('.') || host.includes(':') || host === 'localhost');
}

/**
 * Scarf gateways (`devlake.docker.scarf.sh/apache/devlake`: apache/incubator-devlake's Compose
 * files) serve pulls of an image kept on another registry, which is where it is pushed: a build
 * tagged with the gateway's name is for the local machine.
 */
const PULL_ONLY_GATEWAY = /^(?:[a-z0-9-]+\.)*scarf\.sh$/i;

/** A buildx output (`--output`, Bake `output`, build-push-action `outputs` line) that pushes. */
export function pushingOutput(value: string): boolean {
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  if (fields.includes('type=registry')) return true;
  return fields.includes('push=true') && fields.some((f) => f === 'type=image' || f === 'type=oci' || f === 'type=docker');
}

/** Architecture words a person writes in a step name or tag: `AMD64`, `arm64`, `x86_64`, `aarch64`, `x86` (what Docker users call amd64). */
const ARCH_WORDS = 'amd64|x86_64|x86-64|x86|arm64v8|arm64|aarch64|armv7|armhf|ppc64le|s390x|riscv64';
const ARCH_WORD = new RegExp(`(?<![A-Za-z0-9])(${ARCH_WORDS})(?![A-Za-z0-9])`, 'i');
const GOARCH_OF: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', x86: 'amd64', aarch64: 'arm64', arm64v8: 'arm64', armv7: 'arm', armhf: 'arm' };

function goarchOf(word: string): string {
  const lower = word.toLowerCase();
  return GOARCH_OF[lower] ?? lower;
}

/** Build arguments that choose the architecture of what goes into the image (ARG ARCH in `FROM --platform=linux/${ARCH}`, `COPY bin/app-linux-$ARCH`). */
const ARCH_BUILD_ARG = /^(?:ARCH|TARGETARCH|GOARCH)$/;
const WHOLE_ARCH_WORD = new RegExp(`^(?:${ARCH_WORDS})$`, 'i');

/** The architecture a build argument sets (`ARCH=amd64`, as a GOARCH), or undefined when it sets none or a value not written out. */
export function archOfBuildArg(name: string, value: string): string | undefined {
  return ARCH_BUILD_ARG.test(name) && WHOLE_ARCH_WORD.test(value.trim()) ? goarchOf(value.trim()) : undefined;
}

/** The architecture a free text (a step's name) names, as a GOARCH. */
export function archNamedInText(text: string): string | undefined {
  const m = ARCH_WORD.exec(text);
  return m ? goarchOf(m[1]) : undefined;
}

/**
 * The architecture a Make target's name names: `build-arm64`, `push_amd64`, and names that run
 * words together, `dockerx86Dev`, `imagearm64` — so the word may start anywhere, and ends at the
 * name's end, a separator, or a capital that starts the next word.
 */
export function archNamedInTarget(name: string): string | undefined {
  for (const m of name.matchAll(new RegExp(`(?:${ARCH_WORDS})`, 'gi'))) {
    const next = name.charAt(m.index + m[0].length);
    if (next === '' || !/[A-Za-z0-9]/.test(next) || (/[A-Z]/.test(next) && /[a-z0-9]$/.test(m[0]))) return goarchOf(m[0]);
  }
  return undefined;
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

/**
 * A word that marks something for the project's own tests: a path segment or name part `e2e`, `test`,
 * `tests`, `testing` (kubernetes-sigs/dashboard's context `packages/e2e/base-image`, clickhouse-operator's
 * `${CLICKHOUSE_OPERATOR_TESTS_IMAGE}`, sig-storage-local-static-provisioner's `hack/run-e2e.sh`).
 */
const TEST_WORD = /(?:^|[^a-z0-9])(?:e2e|tests?|testing)(?:[^a-z0-9]|$)/i;

/** Whether a name, path or image name as written marks it for the project's own tests. */
export function marksTests(text: string): boolean {
  return TEST_WORD.test(text);
}

/** `ci` as a word of an image's name (`tilt-ci`, `app-integration-ci`), not inside one (`cilium`, `circle`). */
const CI_WORD = /(?:^|[^a-z0-9])ci(?:[^a-z0-9]|$)/i;
/**
 * A CI system's configuration folder, whose images are what its jobs run in: `.circleci` (CircleCI's
 * executors) or `.github` (camunda/camunda-platform-helm's `.github/docker/ci-runner` and
 * `playwright-runner`, the containers of its workflow jobs on amd64 runners).
 */
const CI_CONFIG_FOLDER = /(?:^|[\\/])\.(?:circleci|github)(?:[\\/]|$)/;

/**
 * Whether an image name says it is the image a CI system's jobs run in (tilt-dev/tilt's
 * tiltdev/tilt-ci, tilt-integration-ci): built for the CI's machines, like an image for the tests.
 */
export function namesCiImage(name: string): boolean {
  // Expansions are no part of the name as written: GitLab's `$CI_REGISTRY_IMAGE` is any project's image.
  const literal = name.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ');
  return CI_WORD.test(literal.slice(literal.lastIndexOf('/') + 1));
}

/** Whether a context or Dockerfile path lies in a CI system's configuration folder (`.circleci/Dockerfile`, `.github/docker/ci-runner`). */
export function inCiConfigFolder(path: string): boolean {
  return CI_CONFIG_FOLDER.test(path);
}

/** Whether a file's own name (not its folders) marks it for the project's tests: `hack/run-e2e.sh`, `.github/workflows/smoke-test.yaml`. */
export function fileNameMarksTests(file: string): boolean {
  return marksTests(file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
}
