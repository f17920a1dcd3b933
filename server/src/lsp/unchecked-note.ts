/**
 * Issue 12 in the editor: the images of a Dockerfile, Compose file or build script whose platforms
 * could not be learnt (offline and not cached, not found, registry unreachable…) get no AL209 and
 * their registry rules stay silent. The document gets one information note saying how many and
 * why — never one squiggle per image. It sits on the first such image (where "Retry look-up" is
 * offered) and points at each of them through its related information.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { ImageUse } from '../core/analyzer';
import type { FileKind } from '../core/types';
import { uncheckedInDocument, uncheckedReasons } from '../engine/unchecked';
import type { ImageLookup } from '../images/lookup';
import { SOURCE } from './diagnostics';

/** The note's code: not a rule (nothing to fix or ignore), like `internal-error`. */
export const UNCHECKED_CODE = 'unchecked-images';
/** At most this many images are named in the message; every one is in the related information, up to MAX_RELATED. */
const NAMED = 3;
const MAX_RELATED = 50;

/** The document's note about its unchecked images: none, or exactly one. */
export function uncheckedNote(kind: FileKind, images: readonly ImageUse[], lookups: ReadonlyMap<string, ImageLookup>, uri: string): Diagnostic[] {
  const unchecked = uncheckedInDocument(kind, images, lookups);
  if (unchecked.length === 0) return [];
  const first = new Map<string, ImageUse>();
  for (const use of images) {
    if (use.reference.ok && !first.has(use.reference.ref.canonical)) first.set(use.reference.ref.canonical, use);
  }
  const places = unchecked.map((u) => ({ image: u, use: first.get(u.reference)! }));
  places.sort((a, b) => a.use.range.start.line - b.use.range.start.line || a.use.range.start.character - b.use.range.start.character);
  const named = places.slice(0, NAMED).map((p) => p.use.reference.ok ? p.use.reference.ref.original : p.image.reference).join(', ');
  const more = places.length > NAMED ? ` and ${places.length - NAMED} more` : '';
  const count = places.length === 1 ? 'the platforms of 1 image' : `the platforms of ${places.length} images`;
  return [{
    range: places[0].use.range,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: UNCHECKED_CODE,
    message: `archlens could not learn ${count} in this file (${uncheckedReasons(unchecked)}): ${named}${more}. The registry rules (AL401, AL402, AL504) skipped them.`,
    relatedInformation: places.slice(0, MAX_RELATED).map((p) => ({ location: { uri, range: p.use.range }, message: `${p.image.reference}: ${p.image.message}` })),
  }];
}
