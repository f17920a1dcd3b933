/**
 * Registry answers are untrusted text. Platform fields and media types are checked where a
 * document is parsed, so that everything stored in the cache or printed holds only printable
 * tokens; other registry strings quoted in a message are clipped and escaped there.
 *
 * Why a malformed platform is rejected rather than escaped: no node has a platform with a control
 * character or a space in it (containerd matches entries against Go's GOOS/GOARCH names after
 * normalising, and its specifier parts are `[A-Za-z0-9_-]`), so such an entry can never be pulled;
 * keeping it escaped would only carry hostile text into the cache, the JSON output, hovers and
 * rule messages, each of which would then have to escape it again.
 */
import { escapeControls } from '../core/escape';

/** os, architecture and variant: containerd's specifier characters plus `.` and `+` (seen in variants and os.version), bounded. */
const PLATFORM_FIELD = /^[A-Za-z0-9_.+-]{1,64}$/;
/** os.version: Windows build numbers ("10.0.17763.1879") and the like. */
const OS_VERSION = /^[A-Za-z0-9_.+-]{1,128}$/;
/** RFC 6838 type/subtype, parameters dropped by the caller. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

export function isPlatformField(value: string): boolean {
  return PLATFORM_FIELD.test(value);
}

export function isOsVersion(value: string): boolean {
  return OS_VERSION.test(value);
}

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/** A platform whose every field is well formed (the invariant of cached and printed platforms). */
export function isWellFormedPlatform(p: { os: string; architecture: string; variant?: string; osVersion?: string }): boolean {
  return isPlatformField(p.os) && isPlatformField(p.architecture) && (p.variant === undefined || isPlatformField(p.variant)) && (p.osVersion === undefined || isOsVersion(p.osVersion));
}

/** A registry string quoted in a message: at most `max` characters, control characters escaped. */
export function quoteUntrusted(value: string, max = 100): string {
  const clipped = value.length > max ? `${value.slice(0, max)}…` : value;
  return escapeControls(clipped);
}
