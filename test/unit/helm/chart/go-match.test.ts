import * as assert from 'node:assert/strict';
import { BadPatternError, goPathMatch } from '../../../../server/src/helm/chart/go-match';
import { HelmIgnore } from '../../../../server/src/helm/chart/helmignore';

// Go's src/path/match_test.go, as a table: [pattern, name, match, bad pattern].
const MATCH: Array<[string, string, boolean, boolean?]> = [
  ['abc', 'abc', true], ['*', 'abc', true], ['*c', 'abc', true], ['a*', 'a', true], ['a*', 'abc', true],
  ['a*', 'ab/c', false], ['a*/b', 'abc/b', true], ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true], ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true], ['ab[b-d]', 'abc', true], ['ab[e-g]', 'abc', false], ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false], ['ab[^e-g]', 'abc', true], ['a\\*b', 'a*b', true], ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true], ['a[^a]b', 'a☺b', true], ['a???b', 'a☺b', false], ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true], ['*[a-ζ]', 'A', false], ['a?b', 'a/b', false], ['a*b', 'a/b', false],
  ['[\\]a]', ']', true], ['[\\-]', '-', true], ['[x\\-]', 'x', true], ['[x\\-]', '-', true], ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true], ['[\\-x]', '-', true], ['[\\-x]', 'a', false],
  ['[]a]', ']', false, true], ['[-]', '-', false, true], ['[x-]', 'x', false, true], ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true], ['[-x]', 'x', false, true], ['[-x]', '-', false, true], ['[-x]', 'a', false, true],
  ['\\', 'a', false, true], ['[a-b-c]', 'a', false, true], ['[', 'a', false, true], ['[^', 'a', false, true],
  ['[^bc', 'a', false, true], ['a[', 'a', false, true], ['a[', 'ab', false, true], ['a[', 'x', false, true],
  ['a/b[', 'x', false, true], ['*x', 'xxx', true],
];

describe('helm/chart Go path.Match', () => {
  for (const [pattern, name, match, bad] of MATCH) {
    it(`${pattern} ~ ${name}`, () => {
      if (bad) assert.throws(() => goPathMatch(pattern, name), BadPatternError);
      else assert.equal(goPathMatch(pattern, name), match);
    });
  }
});

// Helm's pkg/ignore TestIgnore, as a table: [rule, path, is a folder, ignored].
const IGNORE: Array<[string, string, boolean, boolean]> = [
  ['helm.txt', 'helm.txt', false, true], ['helm.*', 'helm.txt', false, true], ['helm.*', 'rudder.txt', false, false],
  ['*.txt', 'tiller.txt', false, true], ['*.txt', 'cargo/a.txt', false, true], ['cargo/*.txt', 'cargo/a.txt', false, true],
  ['cargo/*.*', 'cargo/a.txt', false, true], ['cargo/*.txt', 'mast/a.txt', false, false],
  ['ru[c-e]?er.txt', 'rudder.txt', false, true], ['templates/.?*', 'templates/.dotfile', false, true],
  ['.*', '.', true, false], ['.*', './', true, false], ['.*', '.joonix', false, true], ['.*', 'helm.txt', false, false],
  ['.*', '', true, false],
  ['cargo/', 'cargo', true, true], ['cargo/', 'cargo/', true, true], ['cargo/', 'mast/', true, false],
  ['helm.txt/', 'helm.txt', false, false],
  ['!helm.txt', 'helm.txt', false, false], ['!helm.txt', 'tiller.txt', false, true], ['!*.txt', 'cargo', true, true],
  ['!cargo/', 'mast/', true, true],
  ['/a.txt', 'a.txt', false, true], ['/a.txt', 'cargo/a.txt', false, false], ['/cargo/a.txt', 'cargo/a.txt', false, true],
];

describe('helm/chart .helmignore', () => {
  for (const [rule, path, dir, ignored] of IGNORE) {
    it(`${rule} on ${JSON.stringify(path)} → ${ignored}`, () => {
      assert.equal(HelmIgnore.parse(rule).ignores(path, dir), ignored);
    });
  }

  it('refuses ** and malformed rules with Helm\'s messages, and skips comments and blank lines', () => {
    assert.throws(() => HelmIgnore.parse('charts/**/x'), /double-star \(\*\*\) syntax is not supported/);
    assert.throws(() => HelmIgnore.parse('a['), /syntax error in pattern/);
    const r = HelmIgnore.parse('\uFEFF# comment\n\n  *.md  \r\nsecrets/\n');
    assert.equal(r.ignores('README.md', false), true);
    assert.equal(r.ignores('secrets', true), true);
    assert.equal(r.ignores('secrets', false), false);
    assert.equal(r.ignores('values.yaml', false), false);
  });

  it('the first deciding rule wins, and the default rule comes after the chart\'s own', () => {
    const r = HelmIgnore.parse('!templates/keep.yaml');
    r.addDefaults();
    // A negated rule ignores whatever it does not match, before the default rule is reached.
    assert.equal(r.ignores('templates/other.yaml', false), true);
    assert.equal(r.ignores('templates/keep.yaml', false), false);
    const d = new HelmIgnore();
    d.addDefaults();
    assert.equal(d.ignores('templates/.hidden.yaml', false), true);
    assert.equal(d.ignores('templates/x.yaml', false), false);
  });
});
