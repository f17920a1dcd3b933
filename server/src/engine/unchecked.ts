/**
 * The images whose platforms could not be learnt in files whose rules have no per-image AL209
 * (Dockerfile FROM / COPY --from / RUN --mount=from, Compose `image:`): offline and not cached,
 * not found, unauthorized, unreachable… Their registry rules (AL401, AL402, AL504) stay silent for
 * them, so the user is told once — one summary per run in the CLI, one note per file in the
 * editor — instead of one squiggle per image (issue 12). The engine only says which images and
 * why; how to show it is the front end's (the CLI's summary below; the language server's hook:
 * `uncheckedInDocument`).
 */
import type { ImageUse } from '../core/analyzer';
import type { FileKind } from '../core/types';
import type { ImageLookup, LookupErrorState } from '../images/lookup';

/** File kinds whose images are looked up but whose rules report no AL209 of their own. */
const SILENT_KINDS: ReadonlySet<FileKind> = new Set(['dockerfile', 'compose', 'bake', 'shell', 'makefile', 'github-workflow', 'gitlab-ci']);

export interface UncheckedImage {
  /** The canonical reference ("docker.io/library/alpine:3.20"). */
  reference: string;
  state: LookupErrorState | 'no-platforms';
  /** The look-up's own sentence. */
  message: string;
  /** The files that use it (as the caller named them). */
  files: string[];
}

/** One document's images that could not be checked, each once. */
export function uncheckedInDocument(kind: FileKind, images: readonly ImageUse[], lookups: ReadonlyMap<string, ImageLookup>): UncheckedImage[] {
  if (!SILENT_KINDS.has(kind)) return [];
  const out = new Map<string, UncheckedImage>();
  for (const use of images) {
    if (!use.reference.ok) continue; // A name known only at build time is not a look-up that failed.
    const reference = use.reference.ref.canonical;
    if (out.has(reference)) continue;
    const answer = lookups.get(reference);
    if (!answer) continue;
    if (!answer.ok) out.set(reference, { reference, state: answer.error.state, message: answer.error.message, files: [] });
    else if (answer.image.platforms.length === 0) out.set(reference, { reference, state: 'no-platforms', message: 'the registry lists no runnable platform for it', files: [] });
  }
  return [...out.values()];
}

/** Every file's unchecked images, merged by reference, files listed in order. */
export function uncheckedInRun(
  files: ReadonlyArray<{ file: string; kind?: FileKind; images: readonly ImageUse[] }>,
  lookups: ReadonlyMap<string, ImageLookup>,
): UncheckedImage[] {
  const merged = new Map<string, UncheckedImage>();
  for (const f of files) {
    if (!f.kind) continue;
    for (const u of uncheckedInDocument(f.kind, f.images, lookups)) {
      const seen = merged.get(u.reference);
      if (seen) { if (!seen.files.includes(f.file)) seen.files.push(f.file); } else merged.set(u.reference, { ...u, files: [f.file] });
    }
  }
  return [...merged.values()].sort((a, b) => a.reference.localeCompare(b.reference));
}

const STATE_WORDS: Partial<Record<UncheckedImage['state'], string>> = {
  offline: 'not in the offline cache',
  'not-found': 'not found',
  'not-found-or-private': 'not found or private',
  unauthorized: 'unauthorized',
  denied: 'access denied',
  'rate-limited': 'rate-limited',
  timeout: 'timed out',
  unreachable: 'registry unreachable',
  tls: 'TLS failure',
  'untrusted-workspace': 'not looked up in an untrusted workspace',
  'no-platforms': 'no runnable platform',
};

/** Why, counted: "2 not in the offline cache, 1 not found" (the most frequent first). */
export function uncheckedReasons(unchecked: readonly UncheckedImage[]): string {
  const byState = new Map<string, number>();
  for (const u of unchecked) {
    const word = STATE_WORDS[u.state] ?? u.state.replace(/-/g, ' ');
    byState.set(word, (byState.get(word) ?? 0) + 1);
  }
  return [...byState].sort((a, b) => b[1] - a[1]).map(([word, n]) => `${n} ${word}`).join(', ');
}

/**
 * The one-line summary for a run: how many images of how many files were not checked and why,
 * with a few examples ("3 images in 2 files (Dockerfiles, Compose, build scripts) could not be
 * checked (2 not in the offline cache, 1 not found): docker.io/x/y:1 (Dockerfile), …").
 */
export function summarizeUnchecked(unchecked: readonly UncheckedImage[], shownFile: (file: string) => string): string | undefined {
  if (unchecked.length === 0) return undefined;
  const reasons = uncheckedReasons(unchecked);
  const files = new Set(unchecked.flatMap((u) => u.files));
  const examples = unchecked.slice(0, 3).map((u) => `${u.reference} (${shownFile(u.files[0])})`).join(', ');
  const more = unchecked.length > 3 ? `, and ${unchecked.length - 3} more` : '';
  const images = unchecked.length === 1 ? 'image' : 'images';
  return `${unchecked.length} ${images} in ${files.size} file${files.size === 1 ? '' : 's'} (Dockerfiles, Compose, build scripts) could not be checked (${reasons}): ${examples}${more}. The registry rules (AL401, AL402, AL504) skipped them; --format json lists each under "unchecked".`;
}
