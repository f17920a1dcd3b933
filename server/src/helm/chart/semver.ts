/**
 * chartutil.IsCompatibleRange over the function library's Masterminds/semver port (one
 * implementation of semver for templates and charts alike).
 */
import { SemverConstraints, SemverVersion } from '../functions/sprig/semver';

/** Whether `version` satisfies `constraint`; false when either does not parse, as in Helm. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  let cs: SemverConstraints;
  let v: SemverVersion;
  try {
    cs = SemverConstraints.parse(constraint);
    v = SemverVersion.parse(version);
  } catch {
    return false;
  }
  return cs.check(v);
}

/** Masterminds semver.NewVersion succeeds (Helm's check on a chart's version). */
export function isValidSemver(version: string): boolean {
  try {
    SemverVersion.parse(version);
    return true;
  } catch {
    return false;
  }
}
