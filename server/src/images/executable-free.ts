/**
 * Base images that hold no executable, whatever their platform: distroless's `static` images
 * (CA certificates, tzdata, /etc/passwd entries and /tmp — no libc, no shell, no program:
 * GoogleContainerTools/distroless base/README.md) and Chainguard's `static`, built to the same
 * contents. A stage on such a base that runs nothing holds only the files it copies in, so the
 * platform its base was pulled for changes no byte that executes.
 */
import type { ImageRef } from './reference';

const EXECUTABLE_FREE = new Set([
  'gcr.io/distroless/static',
  'gcr.io/distroless/static-debian11',
  'gcr.io/distroless/static-debian12',
  'gcr.io/distroless/static-debian13',
  'cgr.dev/chainguard/static',
]);

/** Whether the image is one of the bases known to hold no executable (any tag or digest). */
export function holdsNoExecutables(ref: ImageRef): boolean {
  return EXECUTABLE_FREE.has(`${ref.registry}/${ref.repository}`);
}
