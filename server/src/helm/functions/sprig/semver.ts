/**
 * Masterminds/semver v3 (as Helm links it): NewVersion's lenient parsing, version precedence, and
 * constraint checking with its rules for `x`/`*` wildcards, `~`, `^`, hyphen ranges, `,` and `||`,
 * and prereleases (a version with a prerelease only satisfies a constraint group that itself
 * names a prerelease, so `>=1.21-0` admits `1.22.1-eks-1`).
 *
 * Regular expressions here are Go's from semver (same priority order of alternatives), with
 * `\s` spelled out as Go's ASCII set.
 */

import { quote as goQuote } from '../../template';

const WS = '[\\t\\n\\f\\r ]';
const LOOSE_VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const CV = '(?:v?([0-9|xX*]+)(\\.[0-9|xX*]+)?(\\.[0-9|xX*]+)?(-([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?(\\+([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?)';
const CV_NO_GROUPS = '(?:v?[0-9|xX*]+(?:\\.[0-9|xX*]+)?(?:\\.[0-9|xX*]+)?(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT = new RegExp(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const CONSTRAINT_RANGE = new RegExp(`${WS}*(${CV_NO_GROUPS})${WS}+-${WS}+(${CV_NO_GROUPS})${WS}*`, 'g');
const FIND_CONSTRAINT = new RegExp(`(?:${OPS})${WS}*${CV_NO_GROUPS}`, 'g');
const VALID_CONSTRAINT = new RegExp(
  `^(?:${WS}*(?:${OPS})${WS}*${CV_NO_GROUPS}${WS}*)(?:(?:${WS}+|,${WS}*)(?:${OPS})${WS}*${CV_NO_GROUPS}${WS}*)*$`,
);

const UINT64_MAX = 2n ** 64n - 1n;
const ALLOWED = /^[0-9A-Za-z-]+$/;
const NUMERIC = /^[0-9]+$/;

export class SemverError extends Error {}

function parseSegment(text: string): bigint {
  const n = BigInt(text);
  if (n > UINT64_MAX) {
    throw new SemverError(`error parsing version segment: strconv.ParseUint: parsing ${goQuote(text)}: value out of range`);
  }
  return n;
}

function validatePrerelease(pre: string): void {
  for (const part of pre.split('.')) {
    if (part === '') throw new SemverError('invalid prerelease string');
    if (NUMERIC.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError('version segment starts with 0');
    } else if (!ALLOWED.test(part)) throw new SemverError('invalid prerelease string');
  }
}

function validateMetadata(meta: string): void {
  for (const part of meta.split('.')) {
    if (part === '' || !ALLOWED.test(part)) throw new SemverError('invalid metadata string');
  }
}

/** A parsed version; its methods are what templates call (`(semver "1.2.3").Major`). */
export class SemverVersion {
  static readonly goType = '*semver.Version';

  constructor(
    private readonly major: bigint,
    private readonly minor: bigint,
    private readonly patch: bigint,
    private readonly pre: string,
    private readonly metadata: string,
    private readonly original: string,
  ) {}

  /** semver.NewVersion (coercing: `1`, `1.2`, `v1.2.3` and leading zeros are accepted). */
  static parse(v: string): SemverVersion {
    const m = LOOSE_VERSION.exec(v);
    if (!m) throw new SemverError('invalid semantic version');
    const major = parseSegment(m[1]);
    const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
    const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
    const pre = m[5] ?? '';
    const metadata = m[8] ?? '';
    if (pre) validatePrerelease(pre);
    if (metadata) validateMetadata(metadata);
    return new SemverVersion(major, minor, patch, pre, metadata, v);
  }

  Major(): bigint {
    return this.major;
  }
  Minor(): bigint {
    return this.minor;
  }
  Patch(): bigint {
    return this.patch;
  }
  Prerelease(): string {
    return this.pre;
  }
  Metadata(): string {
    return this.metadata;
  }
  Original(): string {
    return this.original;
  }

  String(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre) s += `-${this.pre}`;
    if (this.metadata) s += `+${this.metadata}`;
    return s;
  }

  toString(): string {
    return this.String();
  }

  /** MarshalJSON: the version string. */
  toJSON(): string {
    return this.String();
  }

  private vPrefix(): string {
    return this.original.startsWith('v') ? 'v' : '';
  }

  private with(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string): SemverVersion {
    const next = new SemverVersion(major, minor, patch, pre, metadata, '');
    return new SemverVersion(major, minor, patch, pre, metadata, this.vPrefix() + next.String());
  }

  IncPatch(): SemverVersion {
    if (this.pre) return this.with(this.major, this.minor, this.patch, '', '');
    if (this.patch === UINT64_MAX) throw new SemverError('patch version increment would overflow uint64');
    return this.with(this.major, this.minor, this.patch + 1n, '', '');
  }

  IncMinor(): SemverVersion {
    if (this.minor === UINT64_MAX) throw new SemverError('minor version increment would overflow uint64');
    return this.with(this.major, this.minor + 1n, 0n, '', '');
  }

  IncMajor(): SemverVersion {
    if (this.major === UINT64_MAX) throw new SemverError('major version increment would overflow uint64');
    return this.with(this.major + 1n, 0n, 0n, '', '');
  }

  SetPrerelease(pre: string): SemverVersion {
    if (pre) validatePrerelease(pre);
    return this.with(this.major, this.minor, this.patch, pre, this.metadata);
  }

  SetMetadata(metadata: string): SemverVersion {
    if (metadata) validateMetadata(metadata);
    return this.with(this.major, this.minor, this.patch, this.pre, metadata);
  }

  Compare(o: SemverVersion): bigint {
    return BigInt(compareVersions(this, o));
  }
  LessThan(o: SemverVersion): boolean {
    return compareVersions(this, o) < 0;
  }
  LessThanEqual(o: SemverVersion): boolean {
    return compareVersions(this, o) <= 0;
  }
  GreaterThan(o: SemverVersion): boolean {
    return compareVersions(this, o) > 0;
  }
  GreaterThanEqual(o: SemverVersion): boolean {
    return compareVersions(this, o) >= 0;
  }
  Equal(o: SemverVersion): boolean {
    return compareVersions(this, o) === 0;
  }
}

function compareSegment(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareVersions(v: SemverVersion, o: SemverVersion): number {
  const d = compareSegment(v.Major(), o.Major()) || compareSegment(v.Minor(), o.Minor()) || compareSegment(v.Patch(), o.Patch());
  if (d !== 0) return d;
  const ps = v.Prerelease();
  const po = o.Prerelease();
  if (ps === '' && po === '') return 0;
  if (ps === '') return 1;
  if (po === '') return -1;
  return comparePrerelease(ps, po);
}

function comparePrerelease(v: string, o: string): number {
  const sparts = v.split('.');
  const oparts = o.split('.');
  const n = Math.max(sparts.length, oparts.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrePart(sparts[i] ?? '', oparts[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function parseUint(s: string): bigint | undefined {
  if (!NUMERIC.test(s)) return undefined;
  const n = BigInt(s);
  return n <= UINT64_MAX ? n : undefined;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const oi = parseUint(o);
  const si = parseUint(s);
  if (oi === undefined && si === undefined) return s > o ? 1 : -1; // Go compares bytes; both are ASCII here
  if (oi === undefined) return -1;
  if (si === undefined) return 1;
  return si > oi ? 1 : -1;
}

interface Constraint {
  con: SemverVersion;
  orig: string;
  op: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

function isX(s: string | undefined): boolean {
  return s === 'x' || s === '*' || s === 'X';
}

function rewriteRange(c: string): string {
  let out = c;
  for (const m of c.matchAll(CONSTRAINT_RANGE)) {
    out = out.replace(m[0], `>= ${m[1]}, <= ${m[2]} `);
  }
  return out;
}

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c);
  if (!m) throw new SemverError(`improper constraint: ${goQuote(c)}`);
  const [, op, orig, major, minorPart, patchPart, preWithDash = ''] = m;
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || !major) {
    ver = `0.0.0${preWithDash}`;
    dirty = true;
  } else if (isX(minorPart?.slice(1)) || !minorPart) {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${preWithDash}`;
  } else if (isX(patchPart?.slice(1)) || !patchPart) {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minorPart}.0${preWithDash}`;
  }
  let con: SemverVersion;
  try {
    con = SemverVersion.parse(ver);
  } catch {
    throw new SemverError('constraint parser error');
  }
  return { con, orig, op, dirty, minorDirty, patchDirty };
}

/** A parsed constraint string: groups separated by `||`, each a list that must all hold. */
export class SemverConstraints {
  private constructor(
    private readonly groups: Constraint[][],
    private readonly groupHasPrerelease: boolean[],
  ) {}

  /** semver.NewConstraint. */
  static parse(text: string): SemverConstraints {
    const groups: Constraint[][] = [];
    const hasPre: boolean[] = [];
    for (const part of rewriteRange(text).split('||')) {
      if (!VALID_CONSTRAINT.test(part)) throw new SemverError(`improper constraint: ${goQuote(part)}`);
      const found = part.match(FIND_CONSTRAINT) ?? [part];
      const group = found.map(parseConstraint);
      groups.push(group);
      hasPre.push(group.some((c) => c.con.Prerelease() !== ''));
    }
    return new SemverConstraints(groups, hasPre);
  }

  check(v: SemverVersion): boolean {
    return this.groups.some((group, i) => group.every((c) => checkOne(c, v, this.groupHasPrerelease[i])));
  }
}

function checkOne(c: Constraint, v: SemverVersion, includePre: boolean): boolean {
  if (v.Prerelease() !== '' && !includePre) return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(c, v, cmp) : cmp === 0;
    case '!=':
      return notEqual(c, v, cmp);
    case '>':
      if (!c.dirty) return cmp === 1;
      if (v.Major() > c.con.Major()) return true;
      if (v.Major() < c.con.Major() || c.minorDirty) return false;
      if (c.patchDirty) return v.Minor() > c.con.Minor();
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.Major() > c.con.Major()) return false;
      return !(v.Major() === c.con.Major() && v.Minor() > c.con.Minor() && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(c, v, cmp);
    case '^':
      return caret(c, v, cmp);
  }
  return false;
}

function notEqual(c: Constraint, v: SemverVersion, cmp: number): boolean {
  if (c.dirty) {
    if (c.con.Major() !== v.Major()) return true;
    if (c.con.Minor() !== v.Minor() && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.Patch() !== v.Patch() && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.Prerelease() !== '' || c.con.Prerelease() !== '') return comparePrerelease(v.Prerelease(), c.con.Prerelease()) !== 0;
      return false;
    }
  }
  return cmp !== 0;
}

function tilde(c: Constraint, v: SemverVersion, cmp: number): boolean {
  if (cmp < 0) return false;
  const con = c.con;
  if (con.Major() === 0n && con.Minor() === 0n && con.Patch() === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.Major() !== con.Major()) return false;
  return !(v.Minor() !== con.Minor() && !c.minorDirty);
}

function caret(c: Constraint, v: SemverVersion, cmp: number): boolean {
  if (cmp < 0) return false;
  const con = c.con;
  if (con.Major() > 0n || c.minorDirty) return v.Major() === con.Major();
  if (con.Major() === 0n && v.Major() > 0n) return false;
  if (con.Minor() > 0n || c.patchDirty) return v.Minor() === con.Minor();
  if (con.Minor() === 0n && v.Minor() > 0n) return false;
  return con.Patch() === v.Patch();
}


/** sprig's semverCompare. */
export function semverCompare(constraint: string, version: string): boolean {
  const c = SemverConstraints.parse(constraint);
  const v = SemverVersion.parse(version);
  return c.check(v);
}
