import * as assert from 'node:assert/strict';
import { Files, compileGlob, makeCapabilities, parseKubeVersion } from '../../../../server/src/helm/chart/builtins';
import { helmToYaml } from '../../../../server/src/helm/chart/helm-functions';

// Helm's pkg/engine/files_test.go, as tables.
const CASES: Array<[string, string]> = [
  ['ship/captain.txt', 'The Captain'], ['ship/stowaway.txt', 'Legatt'], ['story/name.txt', 'The Secret Sharer'],
  ['story/author.txt', 'Joseph Conrad'], ['multiline/test.txt', 'bar\nfoo\n'], ['multiline/test_with_blank_lines.txt', 'bar\nfoo\n\n\n'],
  ['empty/empty.txt', ''], ['empty/newline_only.txt', '\n'],
];
const files = () => new Files(CASES.map(([name, data]) => ({ name, data: new TextEncoder().encode(data) })), helmToYaml);

describe('helm/chart .Files (Helm\'s files_test.go)', () => {
  it('Get and GetBytes', () => {
    for (const [p, d] of CASES) {
      assert.equal(files().Get(p), d);
      assert.equal(new TextDecoder().decode(files().GetBytes(p)), d);
    }
    assert.equal(files().Get('missing'), '');
  });
  it('Glob', () => {
    const m = files().Glob('story/**');
    assert.equal(m.size, 2);
    assert.equal(m.Get('story/author.txt'), 'Joseph Conrad');
    assert.deepEqual(files().Glob('*/*.txt').keys().length, 8);
    assert.deepEqual(files().Glob('{ship,story}/[cn]*').keys(), ['ship/captain.txt', 'story/name.txt']);
    assert.equal(compileGlob('a/*')('a/b/c'), false);
  });
  it('AsConfig and AsSecrets', () => {
    assert.equal(files().Glob('**/captain.txt').AsConfig(), 'captain.txt: The Captain');
    assert.equal(files().Glob('ship/**').AsConfig(), 'captain.txt: The Captain\nstowaway.txt: Legatt');
    assert.equal(files().Glob('ship/**').AsSecrets(), 'captain.txt: VGhlIENhcHRhaW4=\nstowaway.txt: TGVnYXR0');
    assert.equal(files().Glob('multiline/test.txt').AsConfig(), 'test.txt: |\n  bar\n  foo');
  });
  it('Lines', () => {
    assert.deepEqual(files().Lines('multiline/test.txt'), ['bar', 'foo']);
    assert.deepEqual(files().Lines('multiline/test_with_blank_lines.txt'), ['bar', 'foo', '', '']);
    assert.deepEqual(files().Lines('empty/empty.txt'), []);
    assert.deepEqual(files().Lines('empty/newline_only.txt'), ['']);
    assert.deepEqual(files().Lines('nonexistent.txt'), []);
  });
});

describe('helm/chart .Capabilities', () => {
  it('parses kube versions as Helm (ParseKubeVersion over apimachinery\'s ParseGeneric)', () => {
    const v = parseKubeVersion('1.33.4-gke.1245000');
    assert.deepEqual([v.Version, v.Major, v.Minor, v.String(), v.GitVersion()], ['v1.33.4-gke.1245000', '1', '33', 'v1.33.4', 'v1.33.4-gke.1245000']);
    assert.equal(parseKubeVersion('v1.22').String(), 'v1.22');
    assert.throws(() => parseKubeVersion('1'), /illegal version string/);
    assert.throws(() => parseKubeVersion('x'), /could not parse/);
  });
  it('API versions: Helm\'s defaults plus the given ones, or only the given ones', () => {
    const caps = makeCapabilities({ apiVersions: ['example.com/v1'] });
    assert.ok(caps.APIVersions.Has('apps/v1'));
    assert.ok(caps.APIVersions.Has('apiextensions.k8s.io/v1'));
    assert.ok(caps.APIVersions.Has('example.com/v1'));
    assert.ok(!makeCapabilities({ apiVersions: ['x/v1'], replaceApiVersions: true }).APIVersions.Has('apps/v1'));
    assert.equal(makeCapabilities().KubeVersion.Version, 'v1.36.0');
  });
});
