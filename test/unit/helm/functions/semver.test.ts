/**
 * Masterminds/semver v3 behaviour, ported from its constraints_test.go and version_test.go tables
 * (TestConstraintsCheck, TestNewConstraint, TestNewVersion, TestCompare, TestInc) and sprig's
 * semver_test.go, plus the Kubernetes-style constraints charts use (`>=1.21-0`).
 */
import * as assert from 'node:assert/strict';
import { SemverConstraints, SemverVersion, semverCompare } from '../../../../server/src/helm/functions/sprig/semver';

/** [constraint, version, satisfied] — TestConstraintsCheck. */
const CHECKS: Array<[string, string, boolean]> = [
  ["*", "1.2.3", true],
  ["~0.0.0", "1.2.3", true],
  ["0.x.x", "1.2.3", false],
  ["0.0.x", "1.2.3", false],
  ["0.0.0", "1.2.3", false],
  ["*", "1.2.3", true],
  ["^0.0.0", "1.2.3", false],
  ["= 2.0", "1.2.3", false],
  ["= 2.0", "2.0.0", true],
  ["4.1", "4.1.0", true],
  ["4.1.x", "4.1.3", true],
  ["1.x", "1.4", true],
  ["!=4.1", "4.1.0", false],
  ["!=4.1-alpha", "4.1.0-alpha", false],
  ["!=4.1-alpha", "4.1.1-alpha", false],
  ["!=4.1-alpha", "4.1.0", true],
  ["!=4.1", "5.1.0", true],
  ["!=4.x", "5.1.0", true],
  ["!=4.x", "4.1.0", false],
  ["!=4.1.x", "4.2.0", true],
  ["!=4.2.x", "4.2.3", false],
  [">1.1", "4.1.0", true],
  [">1.1", "1.1.0", false],
  ["<1.1", "0.1.0", true],
  ["<1.1", "1.1.0", false],
  ["<1.1", "1.1.1", false],
  ["<1.x", "1.1.1", false],
  ["<1.x", "0.1.1", true],
  ["<1.x", "2.0.0", false],
  ["<1.1.x", "1.2.1", false],
  ["<1.1.x", "1.1.500", false],
  ["<1.1.x", "1.0.500", true],
  ["<1.2.x", "1.1.1", true],
  [">=1.1", "4.1.0", true],
  [">=1.1", "4.1.0-beta", false],
  [">=1.1", "1.1.0", true],
  [">=1.1", "0.0.9", false],
  ["<=1.1", "0.1.0", true],
  ["<=1.1", "0.1.0-alpha", false],
  ["<=1.1-a", "0.1.0-alpha", true],
  ["<=1.1", "1.1.0", true],
  ["<=1.x", "1.1.0", true],
  ["<=2.x", "3.0.0", false],
  ["<=1.1", "1.1.1", true],
  ["<=1.1.x", "1.2.500", false],
  ["<=4.5", "3.4.0", true],
  ["<=4.5", "3.7.0", true],
  ["<=4.5", "4.6.3", false],
  [">1.1, <2", "1.1.1", false],
  [">1.1, <2", "1.2.1", true],
  [">1.1, <3", "4.3.2", false],
  [">=1.1, <2, !=1.2.3", "1.2.3", false],
  [">1.1 <2", "1.1.1", false],
  [">1.1 <2", "1.2.1", true],
  [">1.1    <3", "4.3.2", false],
  [">=1.1    <2    !=1.2.3", "1.2.3", false],
  [">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true],
  [">=1.1, <2, !=1.2.3 || > 3", "3.1.2", false],
  [">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true],
  [">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false],
  [">=1.1 <2 !=1.2.3", "1.2.3", false],
  [">=1.1 <2 !=1.2.3 || > 3", "4.1.2", true],
  [">=1.1 <2 !=1.2.3 || > 3", "3.1.2", false],
  [">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", true],
  [">=1.1 <2 !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1 <2 !=1.2.3 || > 3", "1.2.3", false],
  ["> 1.1, <     2", "1.1.1", false],
  [">   1.1, <2", "1.2.1", true],
  [">1.1, <  3", "4.3.2", false],
  [">= 1.1, <     2, !=1.2.3", "1.2.3", false],
  ["> 1.1 < 2", "1.1.1", false],
  [">1.1 < 2", "1.2.1", true],
  ["> 1.1    <3", "4.3.2", false],
  [">=1.1    < 2    != 1.2.3", "1.2.3", false],
  [">= 1.1, <2, !=1.2.3 || > 3", "4.1.2", true],
  [">= 1.1, <2, != 1.2.3 || > 3", "3.1.2", false],
  [">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true],
  [">= 1.1, <2, !=1.2.3 || > 3", "3.0.0", false],
  [">= 1.1, <2, !=1.2.3 || > 3", "1.2.3", false],
  [">= 1.1 <2 != 1.2.3", "1.2.3", false],
  [">= 1.1 <2 != 1.2.3 || > 3", "4.1.2", true],
  [">= 1.1 <2 != 1.2.3 || > 3", "3.1.2", false],
  [">= 1.1 <2 != 1.2.3 || >= 3", "3.0.0", true],
  [">= 1.1 < 2 !=1.2.3 || > 3", "3.0.0", false],
  [">=1.1 < 2 !=1.2.3 || > 3", "1.2.3", false],
  [">= 1.0.0  <= 2.0.0-beta", "1.0.1-beta", true],
  [">= 1.0.0  <= 2.0.0-beta", "1.0.1", true],
  [">= 1.0.0  <= 2.0.0-beta", "3.0.0", false],
  [">= 1.0.0  <= 2.0.0-beta || > 3", "1.0.1-beta", true],
  [">= 1.0.0  <= 2.0.0-beta || > 3", "3.0.1-beta", false],
  [">= 1.0.0  <= 2.0.0-beta != 1.0.1 || > 3", "1.0.1-beta", true],
  [">= 1.0.0  <= 2.0.0-beta != 1.0.1-beta || > 3", "1.0.1-beta", false],
  [">= 1.0.0-0  <= 2.0.0", "1.0.1-beta", true],
  ["1.1 - 2", "1.1.1", true],
  ["1.5.0 - 4.5", "3.7.0", true],
  ["1.1-3", "4.3.2", false],
  ["^1.1", "1.1.1", true],
  ["^1.1", "4.3.2", false],
  ["^1.x", "1.1.1", true],
  ["^2.x", "1.1.1", false],
  ["^1.x", "2.1.1", false],
  ["^1.x", "1.1.1-beta1", false],
  ["^1.1.2-alpha", "1.2.1-beta1", true],
  ["^1.2.x-alpha", "1.1.1-beta1", false],
  ["^0.0.1", "0.0.1", true],
  ["^0.0.1", "0.3.1", false],
  ["~*", "2.1.1", true],
  ["~1", "2.1.1", false],
  ["~1", "1.3.5", true],
  ["~1", "1.4", true],
  ["~1.x", "2.1.1", false],
  ["~1.x", "1.3.5", true],
  ["~1.x", "1.4", true],
  ["~1.1", "1.1.1", true],
  ["~1.1", "1.1.1-alpha", false],
  ["~1.1-alpha", "1.1.1-beta", true],
  ["~1.1.1-beta", "1.1.1-alpha", false],
  ["~1.1.1-beta", "1.1.1", true],
  ["~1.2.3", "1.2.5", true],
  ["~1.2.3", "1.2.2", false],
  ["~1.2.3", "1.3.2", false],
  ["~1.1", "1.2.3", false],
  ["~1.3", "2.4.5", false],
  ["1.0.0 - 2.0.0 <=2.0.0", "1.5.0", true],
  ["1.0.0 - 2.0.0, <=2.0.0", "1.5.0", true],

];

/** [constraint, or-groups, constraints in the first group, fails to parse] — TestNewConstraint. */
const NEW_CONSTRAINTS: Array<[string, number, number, boolean]> = [
  [">= 1.1", 1, 1, false],
  [">40.50.60, < 50.70", 1, 2, false],
  ["2.0", 1, 1, false],
  ["v2.3.5-20161202202307-sha.e8fc5e5", 1, 1, false],
  ["v1.2.3-0abc", 1, 1, false],
  ["v1.2.3-beta.01", 1, 1, true],
  [">= bar", 0, 0, true],
  ["BAR >= 1.2.3", 0, 0, true],
  [">= 1.2.3 < 2.0", 1, 2, false],
  [">= 1.2.3 < 2.0 || => 3.0 < 4", 2, 2, false],
  [">= 1.2.3, < 2.0", 1, 2, false],
  [">= 1.2.3, < 2.0 || => 3.0, < 4", 2, 2, false],
  ["3 - 4 || => 3.0, < 4", 2, 2, false],
  ["12.3.4.1234", 0, 0, true],
  ["12.23.4.1234", 0, 0, true],
  ["12.3.34.1234", 0, 0, true],
  ["12.3.34 ~1.2.3", 1, 2, false],
  ["12.3.34~ 1.2.3", 0, 0, true],
  ["1.0.0 - 2.0.0, <=2.0.0", 1, 3, false],

];

/** [version, fails to parse] — TestNewVersion (loose). */
const NEW_VERSIONS: Array<[string, boolean]> = [
  ["1.2.3", false],
  ["1.2.3-alpha.01", true],
  ["1.2.3+test.01", false],
  ["1.2.3-alpha.-1", false],
  ["v1.2.3", false],
  ["1.0", false],
  ["v1.0", false],
  ["1", false],
  ["v1", false],
  ["1.2.beta", true],
  ["v1.2.beta", true],
  ["foo", true],
  ["1.2-5", false],
  ["v1.2-5", false],
  ["1.2-beta.5", false],
  ["v1.2-beta.5", false],
  ["\n1.2", true],
  ["\nv1.2", true],
  ["1.2.0-x.Y.0+metadata", false],
  ["v1.2.0-x.Y.0+metadata", false],
  ["1.2.0-x.Y.0+metadata-width-hypen", false],
  ["v1.2.0-x.Y.0+metadata-width-hypen", false],
  ["1.2.3-rc1-with-hypen", false],
  ["v1.2.3-rc1-with-hypen", false],
  ["1.2.3-0abc123", false],
  ["1.2.3-beta.01", true],
  ["1.2.3.4", true],
  ["v1.2.3.4", true],
  ["1.2.2147483648", false],
  ["1.2147483648.3", false],
  ["2147483648.3.0", false],
  ["12.3.4.1234", true],
  ["12.23.4.1234", true],
  ["12.3.34.1234", true],
  ["20221209-update-renovatejson-v4", false],
  ["1.1.2+.123", true],
  ["1.0.0-alpha_beta", true],
  ["1.0.0-alpha..", true],
  ["1.0.0-alpha..1", true],
  ["9.8.7+meta+meta", true],
  ["1.2.31----RC-SNAPSHOT.12.09.1--.12+788", true],
  ["01.1.1", false],
  ["1.01.1", false],
  ["1.1.01", false],

];

/** [a, b, Compare(a, b)] — TestCompare. */
const COMPARES: Array<[string, string, number]> = [
  ["1.2.3", "1.5.1", -1],
  ["2.2.3", "1.5.1", 1],
  ["2.2.3", "2.2.2", 1],
  ["3.2-beta", "3.2-beta", 0],
  ["1.3", "1.1.4", 1],
  ["4.2", "4.2-beta", 1],
  ["4.2-beta", "4.2", -1],
  ["4.2-alpha", "4.2-beta", -1],
  ["4.2-alpha", "4.2-alpha", 0],
  ["4.2-beta.2", "4.2-beta.1", 1],
  ["4.2-beta2", "4.2-beta1", 1],
  ["4.2-beta", "4.2-beta.2", -1],
  ["4.2-beta", "4.2-beta.foo", -1],
  ["4.2-beta.2", "4.2-beta", 1],
  ["4.2-beta.foo", "4.2-beta", 1],
  ["1.2+bar", "1.2+baz", 0],
  ["1.0.0-beta.4", "1.0.0-beta.-2", -1],
  ["1.0.0-beta.-2", "1.0.0-beta.-3", -1],
  ["1.0.0-beta.-3", "1.0.0-beta.5", 1],

];

describe('helm functions: semver', () => {
  it('checks constraints as Masterminds/semver does', () => {
    for (const [constraint, version, expected] of CHECKS) {
      const c = SemverConstraints.parse(constraint);
      assert.equal(c.check(SemverVersion.parse(version)), expected, `${constraint} against ${version}`);
    }
  });

  it('parses constraints, rejecting the ones semver rejects', () => {
    for (const [text, , , fails] of NEW_CONSTRAINTS) {
      if (fails) assert.throws(() => SemverConstraints.parse(text), Error, text);
      else assert.doesNotThrow(() => SemverConstraints.parse(text), text);
    }
  });

  it('parses versions leniently (NewVersion), rejecting the ones semver rejects', () => {
    for (const [text, fails] of NEW_VERSIONS) {
      if (fails) assert.throws(() => SemverVersion.parse(text), Error, JSON.stringify(text));
      else assert.doesNotThrow(() => SemverVersion.parse(text), JSON.stringify(text));
    }
  });

  it('orders versions by precedence, prereleases included', () => {
    for (const [a, b, expected] of COMPARES) {
      assert.equal(SemverVersion.parse(a).Compare(SemverVersion.parse(b)), BigInt(expected), `${a} vs ${b}`);
    }
  });

  it('increments versions, keeping a v prefix in Original (TestInc)', () => {
    const v = SemverVersion.parse('v1.2.4-beta+meta');
    assert.equal(v.IncPatch().String(), '1.2.4');
    assert.equal(v.IncPatch().Original(), 'v1.2.4');
    assert.equal(v.IncMinor().Original(), 'v1.3.0');
    assert.equal(SemverVersion.parse('1.2.3+meta').IncPatch().String(), '1.2.4');
    assert.equal(SemverVersion.parse('1.2.3').IncMajor().String(), '2.0.0');
  });

  it('exposes the parts templates read (sprig TestSemver)', () => {
    const v = SemverVersion.parse('1.2.3-beta.1+c0ff33');
    assert.equal(v.Prerelease(), 'beta.1');
    assert.equal(v.Major(), 1n);
    assert.equal(v.Metadata(), 'c0ff33');
    assert.equal(v.String(), '1.2.3-beta.1+c0ff33');
    assert.equal(SemverVersion.parse('1.2.3').Compare(SemverVersion.parse('1.2.3')), 0n);
    assert.equal(SemverVersion.parse('1.3.3').Compare(SemverVersion.parse('1.2.3')), 1n);
  });

  it('semverCompare: true, false, and Go errors for bad input (sprig TestSemverCompare)', () => {
    assert.equal(semverCompare('1.2.3', '1.2.3'), true);
    assert.equal(semverCompare('^1.2.0', '1.2.3'), true);
    assert.equal(semverCompare('^1.2.0', '2.2.3'), false);
    assert.throws(() => semverCompare('badConstraint', '1.2.3'), { message: 'improper constraint: "badConstraint"' });
    assert.throws(() => semverCompare('1.2.0', 'badVersion'), { message: 'invalid semantic version' });
  });

  it('admits Kubernetes prerelease versions with a -0 constraint, as charts rely on', () => {
    assert.equal(semverCompare('>=1.21-0', '1.29.3-eks-adc7111'), true);
    assert.equal(semverCompare('>=1.21', '1.29.3-eks-adc7111'), false);
    assert.equal(semverCompare('>=1.16-0 <1.22-0', '1.19.0'), true);
    assert.equal(semverCompare('>=1.16-0 <1.22-0', '1.22.0'), false);
    assert.equal(semverCompare('<1.19-0 || >=1.25-0', '1.26.1-gke.1'), true);
    assert.equal(semverCompare('~1.2.3', 'v1.2.9'), true);
  });
});
