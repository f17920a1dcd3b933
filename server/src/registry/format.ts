/** `archlens platforms IMAGE…` output: text like `docker buildx imagetools inspect`, or JSON. */
import type { ImageLookup, ImagePlatforms } from '../images/lookup';
import type { Platform } from '../images/platform';
import { escapeControls, jsonText } from '../core/escape';

/** One answer to print: the reference as the user wrote it (or canonical) and its look-up. */
export interface NamedLookup {
  name: string;
  lookup: ImageLookup;
}

type Lookups = ReadonlyArray<NamedLookup> | ReadonlyMap<string, ImageLookup>;

function entries(lookups: Lookups): NamedLookup[] {
  if (Array.isArray(lookups)) return [...lookups];
  return [...(lookups as ReadonlyMap<string, ImageLookup>)].map(([name, lookup]) => ({ name, lookup }));
}

export function platformString(p: Platform): string {
  const base = `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
  return p.osVersion ? `${base} (${p.osVersion})` : base;
}

/** Name of the repository part of a canonical reference (drops :tag / @digest). */
function repositoryOf(reference: string): string {
  const at = reference.indexOf('@');
  const noDigest = at >= 0 ? reference.slice(0, at) : reference;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function ageText(image: ImagePlatforms, now: number): string {
  if (image.source === 'registry') return 'registry';
  const minutes = Math.max(0, Math.round((now - image.fetchedAt) / 60000));
  if (minutes < 60) return `cache (${minutes} min old)`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `cache (${hours} h old)` : `cache (${Math.round(hours / 24)} days old)`;
}

/** "state: message", said once when the message already starts with its state ("offline: … is not in the cache"). */
export function lookupErrorText(error: { state: string; message: string }): string {
  return error.message.startsWith(`${error.state}:`) ? error.message : `${error.state}: ${error.message}`;
}

/** Human-readable text; one block per image, blank line between blocks. */
export function formatPlatformsText(lookups: Lookups, now: number = Date.now()): string {
  const blocks: string[] = [];
  for (const { name, lookup } of entries(lookups)) {
    const lines: string[] = [];
    // Names come from the command line, the rest from a registry or the cache: every value escaped.
    const pad = (label: string, value: string, indent = ''): void => {
      lines.push(`${indent}${(label + ':').padEnd(11)}${escapeControls(value)}`);
    };
    if (!lookup.ok) {
      pad('Name', name);
      pad('Error', lookupErrorText(lookup.error));
      if (lookup.error.retryAfter) pad('RetryAfter', new Date(lookup.error.retryAfter).toISOString());
      blocks.push(lines.join('\n'));
      continue;
    }
    const image = lookup.image;
    pad('Name', image.reference);
    pad('MediaType', image.mediaType);
    pad('Digest', image.digest);
    pad('Source', ageText(image, now) + (image.via ? ` via ${image.via}` : ''));
    for (const warning of image.warnings ?? []) pad('Warning', warning);
    if (image.kind === 'index') {
      lines.push('', 'Manifests:');
      const repo = repositoryOf(image.reference);
      image.platforms.forEach((entry, i) => {
        if (i > 0) lines.push('');
        if (entry.digest) pad('Name', `${repo}@${entry.digest}`, '  ');
        if (entry.mediaType) pad('MediaType', entry.mediaType, '  ');
        pad('Platform', platformString(entry.platform), '  ');
      });
      if (image.platforms.length === 0) lines.push('  (no runnable platforms)');
    } else {
      for (const entry of image.platforms) pad('Platform', platformString(entry.platform));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n') + (blocks.length ? '\n' : '');
}

export interface PlatformsJsonEntry {
  name: string;
  ok: boolean;
  reference?: string;
  digest?: string;
  mediaType?: string;
  kind?: ImagePlatforms['kind'];
  platforms?: Array<{ os: string; architecture: string; variant?: string; osVersion?: string; digest?: string; mediaType?: string; platform: string }>;
  source?: ImagePlatforms['source'];
  fetchedAt?: string;
  via?: string;
  warnings?: string[];
  error?: { state: string; message: string; retryAfter?: string; credentialSource?: string };
}

/** Plain objects for `--format json` (also used for the `images` section of `check --format json`). */
export function platformsJson(lookups: Lookups): PlatformsJsonEntry[] {
  return entries(lookups).map(({ name, lookup }): PlatformsJsonEntry => {
    if (!lookup.ok) {
      const e = lookup.error;
      return {
        name,
        ok: false,
        error: {
          state: e.state,
          message: e.message,
          ...(e.retryAfter ? { retryAfter: new Date(e.retryAfter).toISOString() } : {}),
          ...(e.credentialSource ? { credentialSource: e.credentialSource } : {}),
        },
      };
    }
    const i = lookup.image;
    return {
      name,
      ok: true,
      reference: i.reference,
      digest: i.digest,
      mediaType: i.mediaType,
      kind: i.kind,
      platforms: i.platforms.map((p) => ({ ...p.platform, ...(p.digest ? { digest: p.digest } : {}), ...(p.mediaType ? { mediaType: p.mediaType } : {}), platform: platformString(p.platform) })),
      source: i.source,
      fetchedAt: new Date(i.fetchedAt).toISOString(),
      ...(i.via ? { via: i.via } : {}),
      ...(i.warnings?.length ? { warnings: i.warnings } : {}),
    };
  });
}

/** JSON text (pretty, trailing newline). */
export function formatPlatformsJson(lookups: Lookups): string {
  return jsonText(platformsJson(lookups));
}
