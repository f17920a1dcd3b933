/**
 * What the engine itself reports for a fixture, so the e2e scenarios assert that the editor shows
 * exactly that (code, message, position) rather than a second copy of each rule's wording.
 */
import type { ImageLookup } from '../../../server/src/images/lookup';
import { parseImageReference } from '../../../server/src/images/reference';
import type { Finding } from '../../../server/src/core/types';
import { lint } from '../../helpers/lint';
import type { E2EImage } from './registry';

/** The look-up answers the loopback registry gives for `images` (as the registry client would). */
export function lookupsFor(images: E2EImage[]): Map<string, ImageLookup> {
  const lookups = new Map<string, ImageLookup>();
  for (const image of images) {
    const parsed = parseImageReference(`${image.repo}:${image.tag}`);
    if (!parsed.ok) throw new Error(`fixture image ${image.repo}:${image.tag}: ${parsed.reason}`);
    lookups.set(parsed.ref.canonical, {
      ok: true,
      image: {
        reference: parsed.ref.canonical,
        digest: 'sha256:' + '0'.repeat(64), // the rules do not read it for these scenarios
        mediaType: image.platforms.length === 1 ? 'application/vnd.oci.image.manifest.v1+json' : 'application/vnd.oci.image.index.v1+json',
        kind: image.platforms.length === 1 ? 'manifest' : 'index',
        platforms: image.platforms.map((platform) => ({ platform })),
        source: 'registry',
        fetchedAt: Date.now(),
      },
    });
  }
  return lookups;
}

/** The one finding of `rule` the engine reports for the fixture; throws if there is not exactly one. */
export function expectedFinding(file: string, text: string, rule: string, images?: E2EImage[]): Finding {
  const { findings } = lint(text, { file, ...(images ? { lookups: lookupsFor(images) } : {}) });
  const matching = findings.filter((f) => f.rule === rule);
  if (matching.length !== 1) {
    throw new Error(`the engine reports ${matching.length} ${rule} findings for ${file} (expected 1); all: ${findings.map((f) => f.rule).join(', ') || 'none'}`);
  }
  return matching[0];
}

/** Every finding the engine reports for each file (registry rules answered from `images`). */
export function expectedFindings(files: Record<string, string>, images?: E2EImage[]): { file: string; finding: Finding }[] {
  const lookups = images ? lookupsFor(images) : undefined;
  return Object.entries(files).flatMap(([file, text]) =>
    lint(text, { file, ...(lookups ? { lookups } : {}) }).findings.map((finding) => ({ file, finding })),
  );
}

/** "[Ln 10, Col 18]" as the Problems panel writes a finding's start (1-based). */
export function problemsPosition(finding: Finding): string {
  return `[Ln ${finding.range.start.line + 1}, Col ${finding.range.start.character + 1}]`;
}
