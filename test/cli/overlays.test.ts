/**
 * `archlens check` on a tree of Kustomize overlays, the built CLI against a real registry on
 * loopback: each overlay checked, findings where the user fixes them, a shared base checked through
 * each overlay (never alone), `--fix` writing relocated fixes (a new patch file included), and the
 * exit code of a malformed overlay and of notes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

interface JsonFinding { file: string; rule: string; message: string; range: { start: { line: number } }; fixes: Array<{ title: string; preferred: boolean }>; unit?: { kind: string; root: string } }

const header = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n';

describe('archlens check on Kustomize overlays (real registry on loopback)', function () {
  this.timeout(180_000);
  let registry: TestRegistry;
  let dir: string;
  const files = (host: string): Record<string, string> => ({
    'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
    'base/deploy.yaml': `${header}      containers:\n      - name: app\n        image: ${host}/team/single:1.0\n`,
    // prod pins the pod to arm64 in a patch: the amd64-only image fails there (AL201 on the patch line).
    'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: arch.yaml\n',
    'overlays/prod/arch.yaml': `${header}      nodeSelector:\n        kubernetes.io/arch: arm64\n`,
    // staging adds nothing about architecture: AL202 at the base line, naming staging; its fix is a new patch file.
    'overlays/staging/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: patches/replicas-patch.yaml\n',
    'overlays/staging/patches/replicas-patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
    // dev swaps in a multi-arch image: nothing to say.
    'overlays/dev/kustomization.yaml': `resources:\n- ../../base\nimages:\n- name: ${host}/team/single\n  newName: ${host}/team/multi\n`,
  });

  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    await pushImage(registry, 'team/single', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
  });
  after(async () => {
    await stopRegistry(registry);
  });
  beforeEach(() => {
    dir = workspace(files(registry.host));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks each overlay; the shared base only through them, its findings naming the overlay', () => {
    const run = archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, '.cache')], dir);
    assert.equal(run.code, 1, run.stderr);
    assertNoStack(run.stderr);
    const out = JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: unknown[] };
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.findings.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1} ${f.unit?.kind}:${f.unit?.root}`), [
      'AL202 base/deploy.yaml:10 kustomize:overlays/staging',
      'AL201 overlays/prod/arch.yaml:9 kustomize:overlays/prod',
    ]);
    assert.match(out.findings[0].message, /nothing constrains the pod's architecture.*\(overlay \.\.\/overlays\/staging\)$/);
    assert.deepEqual(out.findings[0].fixes.map((f) => [f.title, f.preferred]), [
      ['Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new patch file ../overlays/staging/patches/web-arch-patch.yaml', true],
      ['Require kubernetes.io/arch In [amd64] (node affinity) — as a new patch file ../overlays/staging/patches/web-arch-patch.yaml', false],
    ]);
    assert.doesNotMatch(out.findings[1].message, /overlay/);
  });

  it('--fix writes the new patch file and its entry; the check that follows is clean there', () => {
    const run = archlens(['check', '--fix', '--cache-dir', path.join(dir, '.cache')], dir);
    assert.equal(run.code, 1, run.stderr); // prod's AL201 has no fix (no arch the image has is allowed)
    assert.match(run.stdout, /^fixed base\/deploy\.yaml:10 {2}AL202 {2}Run on amd64 nodes only .* — as a new patch file \.\.\/overlays\/staging\/patches\/web-arch-patch\.yaml$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'overlays/staging/patches/web-arch-patch.yaml'), 'utf8'), `${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'overlays/staging/kustomization.yaml'), 'utf8'),
      'resources:\n- ../../base\npatches:\n- path: patches/replicas-patch.yaml\n- path: patches/web-arch-patch.yaml\n  target:\n    kind: Deployment\n    name: web\n');
    // The base is untouched: it is prod's and dev's too.
    assert.equal(fs.readFileSync(path.join(dir, 'base/deploy.yaml'), 'utf8'), files(registry.host)['base/deploy.yaml']);
    const again = JSON.parse(archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, '.cache')], dir).stdout) as { findings: JsonFinding[] };
    assert.deepEqual(again.findings.map((f) => `${f.rule} ${f.file}`), ['AL201 overlays/prod/arch.yaml']);
  });

  it('an overlay checked by its folder alone; a malformed one exits 1 with kustomize\'s words, notes do not fail the run', () => {
    const prodOnly = archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, '.cache'), 'overlays/dev'], dir);
    assert.equal(prodOnly.code, 0, prodOnly.stderr);
    assert.deepEqual(JSON.parse(prodOnly.stdout).findings, []);

    fs.writeFileSync(path.join(dir, 'overlays/dev/kustomization.yaml'), 'resources:\n- ../../base\n- https://example.com/remote.yaml\n');
    const note = archlens(['check', '--offline', '--format', 'json', 'overlays/dev'], dir);
    assert.equal(note.code, 0, note.stderr); // an info (remote resource not fetched) and AL209 infos: nothing at error
    const problems = JSON.parse(note.stdout).problems as Array<{ file: string; message: string; severity?: string }>;
    assert.deepEqual(problems.map((p) => `${p.severity} ${p.file}: ${p.message}`), ['info overlays/dev/kustomization.yaml: remote resource not fetched: https://example.com/remote.yaml']);
    assert.equal(archlens(['check', '--offline', '--fail-on', 'info', 'overlays/dev'], dir).code, 1);

    fs.writeFileSync(path.join(dir, 'overlays/dev/kustomization.yaml'), 'resources:\n- ../../base\n- missing.yaml\n');
    const broken = archlens(['check', '--offline', 'overlays/dev'], dir);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^archlens: overlays\/dev\/kustomization\.yaml:3:3: accumulating resources from 'missing\.yaml': lstat .*missing\.yaml: no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
  });

  it('a base many overlays share that cannot be built: its problem is reported once, not once per overlay', () => {
    const many: Record<string, string> = {
      'base/kustomization.yaml': 'resources:\n- generated.yaml\n- deploy.yaml\n',
      'base/deploy.yaml': `${header}      containers:\n      - name: app\n        image: example.com/team/app:1\n`,
    };
    for (const name of ['a', 'b', 'c']) many[`overlays/${name}/kustomization.yaml`] = 'resources:\n- ../../base\n';
    const shared = workspace(many);
    try {
      const run = archlens(['check', '--offline', '--format', 'json'], shared);
      const out = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; range?: { start: { line: number } } }> };
      const missing = out.problems.filter((p) => p.message.includes("'generated.yaml'"));
      assert.deepEqual(missing.map((p) => `${p.file}:${(p.range?.start.line ?? -1) + 1}`), ['base/kustomization.yaml:2']);
    } finally {
      fs.rmSync(shared, { recursive: true, force: true });
    }
  });

  it('a base many overlays share: a finding alike in each is shown once, naming them', () => {
    const many: Record<string, string> = {
      'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      'base/deploy.yaml': `${header}      containers:\n      - name: app\n        image: example.com/team/app:1\n`,
    };
    for (const name of ['a', 'b', 'c', 'd', 'e']) many[`overlays/${name}/kustomization.yaml`] = 'resources:\n- ../../base\n';
    const shared = workspace(many);
    try {
      const run = archlens(['check', '--offline', '--format', 'json'], shared);
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { findings: JsonFinding[] };
      assert.deepEqual(out.findings.map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), ['AL209 base/deploy.yaml:10']);
      assert.match(out.findings[0].message, /The architecture rules skip this image of container "app"\. \(overlays \.\.\/overlays\/a, \.\.\/overlays\/b, \.\.\/overlays\/c and 2 more\)$/);
    } finally {
      fs.rmSync(shared, { recursive: true, force: true });
    }
  });
});
