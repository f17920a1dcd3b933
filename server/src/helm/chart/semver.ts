/**
 * The part of Masterminds/semver v3 Helm's chart code uses: NewVersion, NewConstraint and Check
 * (chartutil.IsCompatibleRange, for dependency versions and a chart's kubeVersion). Versions may
 * be partial ("1.2") and carry a "v"; a prerelease version satisfies only an AND group that
 * itself names a prerelease.
 */

export interface SemVer {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  original: string;
}

const VERSION = new RegExp(
  '^v?(0|[1-9]\\d*)(?:\\.(0|[1-9]\\d*))?(?:\\.(0|[1-9]\\d*))?' +
    '(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?' +
    '(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$',
);
const UINT64_MAX = 2n ** 64n - 1n;

/** semver.NewVersion; undefined when the text is not a version. */
export function parseVersion(v: string): SemVer | undefined {
  const m = VERSION.exec(v);
  if (!m) return undefined;
  const major = BigInt(m[1]);
  const minor = m[2] ? BigInt(m[2]) : 0n;
  const patch = m[3] ? BigInt(m[3]) : 0n;
  if (major > UINT64_MAX || minor > UINT64_MAX || patch > UINT64_MAX) return undefined;
  return { major, minor, patch, pre: m[4] ?? '', original: v };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  const as = a.pre.split('.');
  const bs = b.pre.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = comparePrePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sn = /^\d+$/.test(s);
  const on = /^\d+$/.test(o);
  if (!sn && !on) return s > o ? 1 : -1;
  if (!on) return -1; // a number sorts before an identifier
  if (!sn) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Constraint {
  op: Op;
  con: SemVer;
  orig: string;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const CV = 'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CONSTRAINT = new RegExp(`^\\s*(${OPS})\\s*(${CV})\\s*$`);
const RANGE = new RegExp(`\\s*(${CV})\\s+-\\s+(${CV})\\s*`, 'g');
const FIND = new RegExp(`(${OPS})\\s*(${CV})`, 'g');
const VALID = new RegExp(`^(\\s*(${OPS})\\s*(${CV})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CV})\\s*)*$`);

/** A parsed constraint: OR groups of AND-ed constraints. */
export interface Constraints {
  groups: Constraint[][];
  hasPre: boolean[];
}

/** semver.NewConstraint; throws "improper constraint: …" like the library. */
export function parseConstraints(text: string): Constraints {
  const rewritten = text.replace(RANGE, (_m, lo: string, ...rest: string[]) => `>= ${lo}, <= ${rest[9]} `);
  const groups: Constraint[][] = [];
  const hasPre: boolean[] = [];
  for (const part of rewritten.split('||')) {
    if (!VALID.test(part)) throw new Error(`improper constraint: ${JSON.stringify(part)}`);
    const found = part.match(FIND) ?? [part];
    const group = found.map(parseConstraint);
    groups.push(group);
    hasPre.push(group.some((c) => c.con.pre !== ''));
  }
  return { groups, hasPre };
}

function isX(s: string | undefined): boolean {
  return s === 'x' || s === 'X' || s === '*';
}

function parseConstraint(text: string): Constraint {
  const m = CONSTRAINT.exec(text);
  if (!m) throw new Error(`improper constraint: ${JSON.stringify(text)}`);
  const op = m[1] as Op;
  const orig = m[2];
  const major = m[3];
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let ver = orig;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    ver = `${major}.0.0${pre}`;
    dirty = minorDirty = true;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    ver = `${major}${minor}.0${pre}`;
    dirty = patchDirty = true;
  }
  const con = parseVersion(ver);
  if (!con) throw new Error('constraint parser error');
  return { op, con, orig, dirty, minorDirty, patchDirty };
}

/** Constraints.Check. */
export function satisfies(cs: Constraints, v: SemVer): boolean {
  return cs.groups.some((group, i) => group.every((c) => check(c, v, cs.hasPre[i])));
}

/** chartutil.IsCompatibleRange: false when either side does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  let cs: Constraints;
  try {
    cs = parseConstraints(constraint);
  } catch {
    return false;
  }
  const v = parseVersion(version);
  return v !== undefined && satisfies(cs, v);
}

function check(c: Constraint, v: SemVer, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(c, v) : cmp === 0;
    case '!=':
      if (c.dirty) {
        if (c.con.major !== v.major) return true;
        if (c.con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (c.con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) return (v.pre !== '' || c.con.pre !== '') && comparePrePart(v.pre, c.con.pre) !== 0;
      }
      return cmp !== 0;
    case '>':
      if (!c.dirty) return cmp === 1;
      if (v.major > c.con.major) return true;
      if (v.major < c.con.major || c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp === 1;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(c, v);
    case '^':
      return caret(c, v);
  }
}

function tilde(c: Constraint, v: SemVer): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
}

function caret(c: Constraint, v: SemVer): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (v.minor > 0n) return false;
  return c.con.patch === v.patch;
}
