/**
 * Bad input through the built CLI: each nasty file gets one clear line on stderr, the other files
 * are still checked, no stack trace, no hang. The files are generated here, into a temp folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

const GOOD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: api}',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector: {kubernetes.io/arch: aarch64}',
  '      containers:',
  '        - name: api',
  '          image: registry.example.com/api:1.0',
  '',
].join('\n');

function aliasBomb(): string {
  // "Billion laughs": each level references the previous ten times.
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  lines.push('kind: Pod', 'apiVersion: v1', 'metadata: {name: bomb}', 'spec:', '  containers:', '    - name: x', '      image: *a9');
  return lines.join('\n') + '\n';
}

function fiftyMegabytes(): Buffer {
  const line = Buffer.from('# padding padding padding padding padding padding padding padding padding\n');
  const count = Math.ceil((50 * 1024 * 1024) / line.length);
  return Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\n'), Buffer.alloc(line.length * count, line)]);
}

describe('archlens check on bad input', function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = workspace({
      'good.yaml': GOOD,
      'malformed.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      image: [unclosed\n  bad: : :\n',
      'binary.yaml': Buffer.concat([Buffer.from('apiVersion: v1\n'), Buffer.from([0, 1, 2, 3, 0, 255, 254]), Buffer.alloc(4096, 7)]),
      'empty.yaml': '',
      'big.yaml': fiftyMegabytes(),
      'deep.yaml': `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
      // Deep nesting inside a pod template, where the analyser must read the document whole.
      'deep-pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n    - name: a\n      image: nginx\n      args: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
      'deep-map.yaml': Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n',
      'bomb.yaml': aliasBomb(),
      'Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]),
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports each bad file with one-line messages and still checks the good one', () => {
    const started = Date.now();
    const run = archlens(['check', '--offline', '--format', 'json'], dir, { timeoutMs: 120_000 });
    const elapsed = Date.now() - started;
    assert.notEqual(run.code, null, `killed after ${elapsed} ms: a hang`);
    assert.equal(run.code, 1, run.stderr);
    assertNoStack(run.stderr);
    assertNoStack(run.stdout);
    const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string; message: string; skipped?: boolean }> };
    // The good file is checked despite its neighbours.
    assert.ok(out.findings.some((f) => f.file === 'good.yaml' && f.rule === 'AL101'), run.stdout);

    const stderr = run.stderr.trim().split('\n');
    const lineFor = (file: string) => stderr.filter((l) => l.startsWith(`archlens: ${file}:`) || l.startsWith(`archlens: ${file} `));
    assert.deepEqual(lineFor('big.yaml'), ['archlens: big.yaml: file is too large to analyse (50.0 MB; the limit is 20 MB)']);
    assert.deepEqual(lineFor('binary.yaml'), ['archlens: binary.yaml: binary content: not a text file']);
    assert.deepEqual(lineFor('Dockerfile'), ['archlens: Dockerfile: binary content: not a text file']);
    assert.equal(lineFor('malformed.yaml').length, 1, run.stderr);
    assert.match(lineFor('malformed.yaml')[0], /^archlens: malformed\.yaml:\d+:\d+: YAML syntax error: .+ \(and \d+ more problems? in this file\)$/);
    for (const line of stderr) assert.ok(line.length < 400, `a one-line message, not a dump: ${line.slice(0, 200)}…`);
    // Deep nesting and the alias bomb: handled (a message or a clean pass), never a crash of the run.
    for (const file of ['deep.yaml', 'deep-map.yaml', 'bomb.yaml']) {
      assert.ok(lineFor(file).length <= 1, `${file}: at most one line\n${run.stderr}`);
    }
    assert.equal(lineFor('deep-pod.yaml').length, 1, run.stderr);
    assert.match(lineFor('deep-pod.yaml')[0], /^archlens: deep-pod\.yaml:8:\d+: .*(nest|stack|deep)/i);
    // The empty file is simply a file with nothing in it.
    assert.deepEqual(lineFor('empty.yaml'), []);
    // deep.yaml shows no apiVersion/kind: not recognisably a manifest, so skipped (JSON only, info level).
    assert.deepEqual(out.problems.filter((p) => p.skipped).map((p) => p.file), ['deep.yaml']);
    assert.match(out.problems.find((p) => p.skipped)!.message, /^skipped: not a Kubernetes manifest \(no top-level apiVersion and kind\)/);
    // Every other problem is in the JSON too, with its file (stderr has one line per file).
    assert.deepEqual([...new Set(out.problems.filter((p) => !p.skipped).map((p) => p.file))].sort(), stderr.map((l) => /^archlens: ([^:]+):/.exec(l)?.[1]).filter(Boolean).sort());
    assert.ok(out.problems.filter((p) => p.file === 'malformed.yaml').length > 1);
  });

  it('the text format says how many files could not be checked', () => {
    const run = archlens(['check', '--offline', 'good.yaml', 'big.yaml', 'binary.yaml'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /\(3 files checked, 2 with input problems/);
  });

  it('a file that could not be checked fails the run unless --fail-on none', () => {
    const run = archlens(['check', '--offline', 'binary.yaml'], dir);
    assert.equal(run.code, 1);
    assert.equal(archlens(['check', '--offline', '--fail-on', 'none', 'binary.yaml'], dir).code, 0);
  });

  it('an unreadable file is a problem for that file only', function () {
    if (process.getuid?.() === 0) {
      // root reads everything; a folder without permission bits would not fail either.
      const run = archlens(['check', '--offline', 'good.yaml', path.join(dir, 'missing.yaml')], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^archlens: no such file or folder: .*missing\.yaml$/m);
      return;
    }
    const locked = path.join(dir, 'locked.yaml');
    fs.writeFileSync(locked, GOOD);
    fs.chmodSync(locked, 0);
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    fs.chmodSync(locked, 0o644);
    assert.match(run.stderr, /^archlens: locked\.yaml: cannot be read: EACCES$/m);
  });

  it('a named pipe never hangs the check: named explicitly it is "not a regular file", in a folder it is skipped', function () {
    if (process.platform === 'win32') this.skip();
    const pipes = fs.mkdtempSync(path.join(dir, 'pipes-'));
    execFileSync('mkfifo', [path.join(pipes, 'deploy.yaml'), path.join(pipes, 'release')]);
    fs.writeFileSync(path.join(pipes, 'good.yaml'), GOOD);
    const named = archlens(['check', '--offline', path.join(pipes, 'deploy.yaml'), path.join(pipes, 'release'), path.join(pipes, 'good.yaml')], dir, { timeoutMs: 15_000 });
    assert.notEqual(named.code, null, 'the check hung on a named pipe');
    assert.equal(named.code, 1, named.stderr);
    assert.match(named.stderr, /^archlens: pipes-\w+\/deploy\.yaml: not a regular file$/m);
    const walked = archlens(['check', '--offline', path.basename(pipes)], dir, { timeoutMs: 15_000 });
    assert.notEqual(walked.code, null, 'the walk hung on a named pipe');
    assert.match(walked.stdout, /\(1 file checked[,)]/, walked.stderr);
  });
});

describe('archlens check: a kustomize folder a Fleet bundle runs over its Helm chart (fleet.yaml helm + kustomize.dir)', function () {
  this.timeout(120_000);
  // rancher/fleet-examples single-cluster/helm-kustomize: overlays/dev patches the chart's redis-slave
  // Deployment, which only the chart's output holds; Fleet runs the kustomization over that output.
  const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis-slave\nspec:\n  replicas: 0\n';
  const bundle = (fleet: string) => ({
    'helm-kustomize/fleet.yaml': fleet,
    'helm-kustomize/overlays/dev/kustomization.yaml': 'patches:\n- path: redis-slave-deployment.yaml\n',
    'helm-kustomize/overlays/dev/redis-slave-deployment.yaml': PATCH,
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('named by kustomize.dir, at the top or in targetCustomizations: a note, the run does not fail', () => {
    const chart = 'helm:\n  chart: https://example.com/guestbook-0.0.1.tgz\n';
    for (const fleet of [`${chart}kustomize:\n  dir: overlays/dev\n`, `${chart}targetCustomizations:\n- name: dev\n  kustomize:\n    dir: ./overlays/dev/\n`]) {
      dir = workspace(bundle(fleet));
      const run = archlens(['check', '--offline', '--format', 'json'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout) as { problems: Array<{ message: string; severity?: string }> };
      assert.deepEqual(json.problems.map((p) => p.severity), ['info']);
      assert.match(json.problems[0].message, /no matches for Id Deployment\.v1\.apps\/redis-slave.*: Fleet runs this overlay over the output of the Helm chart \.\.\/\.\.\/fleet\.yaml deploys/);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('a fleet.yaml without helm, or naming another folder: kustomize\'s error, which fails the run', () => {
    for (const fleet of ['kustomize:\n  dir: overlays/dev\n', 'helm:\n  chart: ./chart\nkustomize:\n  dir: overlays/prod\n']) {
      dir = workspace(bundle(fleet));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /no matches for Id Deployment\.v1\.apps\/redis-slave.*kustomize build fails here/);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });
});

describe('archlens check: a file an overlay needs that the repository generates (.gitignore lists it)', function () {
  this.timeout(120_000);
  // open-policy-agent/gatekeeper: `make` writes config/overlays/dev/manager_image_patch.yaml, which
  // .gitignore lists; a fresh clone does not have it.
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager\nspec:\n  template:\n    spec:\n      containers:\n        - name: manager\n          image: registry.example.com/manager:1\n';
  const tree = (extra: Record<string, string>) => ({
    'config/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
    'config/base/deploy.yaml': DEPLOY,
    'config/overlays/dev/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: manager_image_patch.yaml\n',
    ...extra,
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('missing and listed in .gitignore: a warning saying so, and the run does not fail', () => {
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '/bin/\nconfig/overlays/dev/manager_image_patch.yaml\n' }));
    const run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^archlens: config\/overlays\/dev\/kustomization\.yaml:4:9: .*lstat .*manager_image_patch\.yaml: no such file or directory .*: the repository's \.gitignore lists manager_image_patch\.yaml \(a file made before the build, never committed\), so what it adds was not checked$/m);
    const json = JSON.parse(archlens(['check', '--offline', '--format', 'json'], dir).stdout) as { problems: Array<{ message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => p.severity), ['warning']);
  });

  it('missing and written by a shell script beside it (a Helm post-renderer): a warning naming the line, the run does not fail', () => {
    // flink-kubernetes-operator examples/kustomize/sidecar/render: the chart's output becomes template.yaml, then kustomize builds.
    const render = '#!/usr/bin/env bash\nset -euo pipefail\nBASEDIR=$(dirname "$0")\ncat <&0 > $BASEDIR/manager_image_patch.yaml\nkustomize build $BASEDIR && rm $BASEDIR/manager_image_patch.yaml\n';
    dir = workspace(tree({ 'config/overlays/dev/render': render }));
    const run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: render:4 writes manager_image_patch\.yaml before the build, so what it adds was not checked$/m);
  });

  it('a listed folder whose kustomization.yaml the build makes (.gitignore lists it, NAME.in beside it): a warning, the run does not fail', () => {
    // opendatahub-io/opendatahub-operator: config/default lists ../manager, whose kustomization.yaml
    // `make` fills in from kustomization.yaml.in; .gitignore lists config/manager/kustomization.yaml.
    const manager = { 'config/manager/manager.yaml': DEPLOY, 'config/overlays/dev/kustomization.yaml': 'resources:\n- ../../manager\n' };
    const variants: Array<[Record<string, string>, RegExp]> = [
      [{ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'config/manager/kustomization.yaml\n' }, /the repository's \.gitignore lists kustomization\.yaml \(a file made before the build, never committed\), so what it adds was not checked$/m],
      [{ 'config/manager/kustomization.yaml.in': 'resources:\n- manager.yaml\nimages:\n- name: controller\n  newName: ${IMG}\n' }, /kustomization\.yaml\.in beside it is its template, which the build fills in, so what it adds was not checked$/m],
    ];
    for (const [extra, why] of variants) {
      dir = workspace({ ...manager, ...extra });
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /unable to find one of 'kustomization\.yaml'.*manager'/);
      assert.match(run.stderr, why);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
    // Must still fail: a listed folder with no kustomization that nothing makes.
    dir = workspace({ ...manager, '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '/bin/\n' });
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /unable to find one of 'kustomization\.yaml'.*kustomize build fails here/);
  });

  it('missing with its template beside it (NAME.in, NAME.tmpl): a warning naming the template, the run does not fail', () => {
    // kubevirtci cluster-up/cluster/*/sriov-components/manifests: patch-node-selector.yaml is committed only as
    // patch-node-selector.yaml.in, which sriov_components.sh fills in before kustomize builds.
    for (const template of ['manager_image_patch.yaml.in', 'manager_image_patch.yaml.tmpl']) {
      dir = workspace(tree({ [`config/overlays/dev/${template}`]: 'spec:\n  template:\n    spec:\n      nodeSelector: {kubernetes.io/arch: ${ARCH}}\n' }));
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`manager_image_patch\\.yaml: no such file or directory .*: ${template.replace(/\./g, '\\.')} beside it is its template, which the build fills in, so what it adds was not checked$`, 'm'));
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('a kustomization a script copies elsewhere to build (a fragment laid over fetched files): a warning naming the cp', () => {
    // kubevirtci hack/bump-whereabouts.sh: cp hack/kustomization/whereabouts/*.yaml into the upstream
    // checkout it downloads, then kubectl kustomize there; the resources it lists live only there.
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'hack/bump.sh': '#!/bin/bash\ntmp_dir=$(mktemp -d)\ncp config/overlays/dev/*.yaml ${tmp_dir}/upstream/doc/\nkubectl kustomize ${tmp_dir}/upstream/doc/ > out.yaml\n' }));
    const run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: hack\/bump\.sh:3 copies this folder's files elsewhere to build them beside the files it fetches, so what it adds was not checked$/m);
    fs.rmSync(dir, { recursive: true, force: true });
    // Must still fail: a cp of another folder's files, or into this folder.
    for (const cp of ['cp config/base/*.yaml ${tmp_dir}/', 'cp ${tmp_dir}/*.yaml config/overlays/dev/']) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'hack/bump.sh': `#!/bin/bash\n${cp}\n` }));
      const other = archlens(['check', '--offline'], dir);
      assert.equal(other.code, 1, `${cp}: ${other.stderr}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    dir = undefined;
  });

  it('a kustomization a README beside it tells the reader to copy into another project\'s clone: a warning naming the clone', () => {
    // elastic/elastic-agent docs/manifests/kustomize-autosharding/README.md: `git clone` kube-state-metrics,
    // then replace its examples/autosharding/kustomization.yaml with this one; the resources live there.
    const readme = '# Side container\n\n```bash\ngit clone git@github.com:kubernetes/kube-state-metrics.git\ncd kube-state-metrics/examples/autosharding\n```\n\nReplace its kustomization.yaml with this one.\n';
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'config/overlays/dev/README.md': readme }));
    const run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: README\.md:4 tells the reader to lay this kustomization over another project's checkout, which holds the files it lists, so what it adds was not checked$/m);
    fs.rmSync(dir, { recursive: true, force: true });
    // Must still fail: a README that clones this repository itself, or that never names the kustomization.
    for (const ownClone of [true, false]) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n' }));
      const text = ownClone ? readme.replace('kubernetes/kube-state-metrics.git', `acme/${path.basename(dir)}.git`) : readme.replace('kustomization.yaml', 'files');
      fs.writeFileSync(path.join(dir, 'config/overlays/dev/README.md'), text);
      const other = archlens(['check', '--offline'], dir);
      assert.equal(other.code, 1, `${text}: ${other.stderr}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    dir = undefined;
  });

  it('a kustomization a recipe rewrites into another folder, or a Go program embeds: a warning naming the line', () => {
    // kubernetes-sigs/cluster-api-provider-aws: `gojq ... "hack/image-patch/kustomization.yaml" > $(IMAGE_PATCH_DIR)/$(PROVIDER)/kustomization.yaml`
    // beside the source manifest it writes there; test/helpers/kubernetesversions/template.go embeds data/kustomization.yaml.
    const recipe = 'compiled-manifest:\n\t$(GOJQ) --yaml-input \'.images[0].newTag="$(TAG)"\' "config/overlays/dev/kustomization.yaml" > $(OUT)/kustomization.yaml\n';
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', Makefile: recipe }));
    let run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: Makefile:2 writes this kustomization out as another folder's, beside the files the build makes there, so what it adds was not checked$/m);
    fs.rmSync(dir, { recursive: true, force: true });
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'config/template.go': 'package config\n\nimport _ "embed"\n\n//go:embed overlays/dev/kustomization.yaml\nvar kustomization string\n' }));
    run = archlens(['check', '--offline'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: config\/template\.go:5 embeds this kustomization in a program that writes it out elsewhere, beside the files it makes, so what it adds was not checked$/m);
    fs.rmSync(dir, { recursive: true, force: true });
    // Must still fail: a recipe that only reads the kustomization, one that rewrites another folder's, a Go file embedding another file.
    for (const extra of <Array<Record<string, string>>>[
      { Makefile: 'check:\n\tyq . config/overlays/dev/kustomization.yaml > out.yaml\n' },
      { Makefile: 'm:\n\tgojq . "config/base/kustomization.yaml" > $(OUT)/kustomization.yaml\n' },
      { 'config/template.go': 'package config\n\n//go:embed overlays/dev/other.yaml\nvar other string\n' },
    ]) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', ...extra }));
      const other = archlens(['check', '--offline'], dir);
      assert.equal(other.code, 1, `${JSON.stringify(extra)}: ${other.stderr}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    dir = undefined;
  });

  it('missing and written by a Makefile recipe above it (`-o PATH`, `> PATH`): a warning naming the line', () => {
    // kubevela/kubevela Makefile:109 `$(KUSTOMIZE) build config/crd -o config/crd/base/core.oam.dev_applications.yaml`
    // (then `rm -f config/crd/base/*`): config/crd/kustomization.yaml lists that file, which a clone never holds.
    for (const recipe of ['\t$(KUSTOMIZE) build config/base -o config/overlays/dev/manager_image_patch.yaml', '\tcd config && ./gen.sh > overlays/dev/manager_image_patch.yaml']) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', Makefile: `manifests:\n${recipe}\n` }));
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, `${recipe}: ${run.stderr}`);
      assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory .*: Makefile:2 writes manager_image_patch\.yaml before the build, so what it adds was not checked$/m);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
    // Must still fail: a recipe writing another file, one reading it, or a commented-out line.
    for (const recipe of ['\tkustomize build config/base -o config/overlays/dev/other_patch.yaml', '\tcat config/overlays/dev/manager_image_patch.yaml > out.yaml', '#\tgen > config/overlays/dev/manager_image_patch.yaml']) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', Makefile: `manifests:\n${recipe}\n` }));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, `${recipe}: ${run.stderr}`);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('missing and written by a script in hack/ or scripts/ of a folder above it: a warning naming the line', () => {
    // k3s-io/helm-controller scripts/package: `cat ./pkg/crds/yaml/*/* > manifests/crd.yaml`, listed by the root
    // kustomization; kurator hack/update-crdgen.sh: `-o "${CRD_PATH}"/...yaml`, CRD_PATH=${CRD_PATH:-"manifests/config/crds"}.
    const scripts: Array<[string, string]> = [
      ['scripts/package', '#!/bin/bash\ncd $(dirname $0)/..\ncat ./gen/* > config/overlays/dev/manager_image_patch.yaml\n'],
      ['hack/gen.sh', 'set -e\nOUT=${OUT:-"config/overlays/dev"}\n${KUSTOMIZE} build config/base -o "${OUT}"/manager_image_patch.yaml\n'],
    ];
    for (const [name, text] of scripts) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', [name]: text }));
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, `${name}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`manager_image_patch\\.yaml: no such file or directory .*: ${name.replace(/\./g, '\\.')}:3 writes manager_image_patch\\.yaml before the build, so what it adds was not checked$`, 'm'));
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
    // Must still fail: a script writing another path, one whose folder a variable leaves unknown, or a comment.
    for (const text of ['#!/bin/bash\ncat x > config/overlays/other/manager_image_patch.yaml\n', '#!/bin/bash\ncat x > $OUT/manager_image_patch.yaml\n', '#!/bin/bash\n# cat x > config/overlays/dev/manager_image_patch.yaml\n']) {
      dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'hack/gen.sh': text }));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, `${text}: ${run.stderr}`);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('a template of another name, or in another folder, leaves kustomize\'s error', () => {
    for (const template of ['config/overlays/dev/other_patch.yaml.in', 'config/base/manager_image_patch.yaml.in', 'config/overlays/dev/manager_image_patch.in']) {
      dir = workspace(tree({ [template]: 'spec: {}\n' }));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('a script beside it that only reads it, or writes another file, leaves kustomize\'s error', () => {
    for (const render of ['#!/bin/sh\ncat manager_image_patch.yaml > /tmp/out.yaml\n', '#!/bin/sh\n# cat <&0 > manager_image_patch.yaml\ncat <&0 > other_patch.yaml\n']) {
      dir = workspace(tree({ 'config/overlays/dev/render.sh': render }));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  it('missing and not listed (or outside a repository): kustomize\'s error, which fails the run', () => {
    const variants: Array<Record<string, string>> = [{ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '/bin/\n' }, { '.gitignore': 'config/overlays/dev/manager_image_patch.yaml\n' }];
    for (const extra of variants) {
      dir = workspace(tree(extra));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /manager_image_patch\.yaml: no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });
});

describe('archlens check: a chart whose values.yaml the repository generates (.gitignore lists it)', function () {
  this.timeout(120_000);
  // envoyproxy/gateway charts/gateway-helm: the Makefile runs envsubst < values.tmpl.yaml > values.yaml,
  // which .gitignore lists; without it every .Values.a.b of the templates is a nil pointer.
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gw\n  annotations: {{ toYaml .Values.deployment.annotations | nindent 4 }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: gw\n          image: {{ .Values.image }}\n';
  const tree = (extra: Record<string, string>) => ({
    'charts/gw/Chart.yaml': 'apiVersion: v2\nname: gw\nversion: 0.1.0\n',
    'charts/gw/values.tmpl.yaml': 'deployment:\n  annotations: {}\nimage: registry.example.com/gw:${TAG}\n',
    'charts/gw/templates/deploy.yaml': DEPLOY,
    ...extra,
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('missing and listed in .gitignore: one warning at Chart.yaml saying so, no nil-pointer errors, the run does not fail', () => {
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '# generated from its template\ncharts/gw/values.yaml\n' }));
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => [p.file, p.severity]), [['charts/gw/Chart.yaml', 'warning']]);
    assert.match(json.problems[0].message, /^values\.yaml is not in the chart: the repository's \.gitignore lists values\.yaml .*its templates were not checked/);
  });

  it('missing and not listed: Helm\'s error at the template, which fails the run', () => {
    dir = workspace(tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '/bin/\n' }));
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /deploy\.yaml.*nil pointer evaluating interface \{\}\.annotations/);
  });
});

describe('archlens check: a Chart.yaml that is another tool\'s template ({{ }})', function () {
  this.timeout(120_000);
  // rancher/fleet e2e/assets/deps-charts/*/Chart.yaml: `repository: {{.HelmRepoUrl}}`, which its Go
  // e2e tests fill in before Helm sees the chart; Helm itself never renders Chart.yaml.
  const chart = (repository: string) => ({
    'deps-chart/Chart.yaml': `apiVersion: v2\nname: deps-chart\nversion: 1.0.0\ndependencies:\n- name: sleeper-chart\n  version: "0.1.0"\n  repository: ${repository}\n`,
    'deps-chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holding {{ }}: a note that it was skipped, the run does not fail', () => {
    dir = workspace(chart('{{.HelmRepoUrl}}'));
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => [p.file, p.severity]), [['deps-chart/Chart.yaml', 'info']]);
    assert.match(json.problems[0].message, /^skipped: Chart\.yaml holds \{\{ \}\}, a template another tool fills in .*cannot load Chart\.yaml/);
  });

  it('broken without {{ }}: Helm\'s error, which fails the run', () => {
    dir = workspace(chart('{url: https://charts.example.com}'));
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /deps-chart\/Chart\.yaml.*cannot load Chart\.yaml/);
  });
});

describe('archlens check: a Chart.yaml field that is a {placeholder}', function () {
  this.timeout(120_000);
  // apache/doris-operator helm-charts/doris/Chart.yaml: `version: {operatorVersion}`, which its
  // release script replaces; YAML reads it as a map, so Helm refuses the chart as it stands.
  const chart = (version: string) => ({
    'doris/Chart.yaml': `apiVersion: v2\nname: doris\nversion: ${version}\nappVersion: 2.1.7\n`,
    'doris/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('one word in braces: a note that it was skipped, the run does not fail', () => {
    dir = workspace(chart('{operatorVersion}'));
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => [p.file, p.severity]), [['doris/Chart.yaml', 'info']]);
    assert.match(json.problems[0].message, /^skipped: Chart\.yaml's version is a placeholder .*cannot load Chart\.yaml/);
  });

  it('a map with a value: Helm\'s error, which fails the run', () => {
    dir = workspace(chart('{major: 1}'));
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /doris\/Chart\.yaml.*cannot load Chart\.yaml/);
  });
});

describe('archlens check: a values.yaml with <NAME> placeholder lines', function () {
  this.timeout(120_000);
  // kubefirst/gitops-template registry/environments/development/metaphor/values.yaml: its CLI
  // replaces `<CERT_MANAGER_ISSUER_ANNOTATION_1>` with lines of YAML when it copies the template.
  const chart = (annotations: string) => ({
    'metaphor/Chart.yaml': 'apiVersion: v2\nname: metaphor\nversion: 1.0.0\n',
    'metaphor/values.yaml': `metaphor:\n  ingress:\n    className: nginx\n    annotations:\n${annotations}\n      nginx.ingress.kubernetes.io/service-upstream: "true"\n    hosts:\n      - host: metaphor.<DOMAIN_NAME>\n`,
    'metaphor/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('placeholder lines alone: a note that it was skipped, the run does not fail', () => {
    dir = workspace(chart('      <CERT_MANAGER_ISSUER_ANNOTATION_1>\n      <CERT_MANAGER_ISSUER_ANNOTATION_2>'));
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => [p.file, p.severity]), [['metaphor/values.yaml', 'info']]);
    assert.match(json.problems[0].message, /^skipped: values\.yaml holds placeholder lines .*cannot load values\.yaml/);
  });

  it('a placeholder after text on its line: Helm\'s error, which fails the run', () => {
    dir = workspace(chart('      note <CERT_MANAGER_ISSUER_ANNOTATION_1>'));
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /metaphor\/values\.yaml.*cannot load values\.yaml/);
  });
});

describe('archlens check: a Chart.yaml fragment that names no chart', function () {
  this.timeout(120_000);
  // signalfx/splunk-otel-collector-chart eks_addon/overrides/Chart.yaml: its release script merges it
  // into the real chart; it has no name, no apiVersion and no templates/ beside it.
  const fragment = 'version: ${CHART_VERSION}\n\n# EKS add-ons allow no subcharts\ndependencies: []\n';
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('no name, no apiVersion, no templates/: a note that it was skipped, the run does not fail', () => {
    dir = workspace({ 'overrides/Chart.yaml': fragment, 'overrides/values.yaml': 'operator:\n  enabled: false\n' });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual(json.problems.map((p) => [p.file, p.severity]), [['overrides/Chart.yaml', 'info']]);
    assert.match(json.problems[0].message, /^skipped: Chart\.yaml names no chart .*chart\.metadata\.name is required/);
  });

  it('must still fail: a chart with templates/ that lost its name', () => {
    dir = workspace({ 'c/Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n', 'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    const run = archlens(['check', '--offline'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /c\/Chart\.yaml.*chart\.metadata\.name is required/);
  });
});

describe('archlens check: kubebuilder\'s config/webhook, whose manifests.yaml controller-gen writes', function () {
  this.timeout(120_000);
  // kube-logging/logging-operator, kedacore/keda-olm-operator: the scaffolded overlay lists manifests.yaml, which
  // `make manifests` (controller-gen's webhook generator) writes only once the project has a webhook.
  const WEBHOOK = 'resources:\n- manifests.yaml\n- service.yaml\n';
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: webhook-service\nspec:\n  ports:\n  - port: 443\n';
  const tree = (makefile: string, webhookDir = 'config/webhook') => ({
    '.git/HEAD': 'ref: refs/heads/main\n',
    Makefile: makefile,
    [`${webhookDir}/kustomization.yaml`]: WEBHOOK,
    [`${webhookDir}/service.yaml`]: SERVICE,
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('controller-gen\'s webhook generator writes it (its default folder, or output:webhook from a cd): a warning naming the line, the run does not fail', () => {
    const cases: Array<[string, string, string]> = [
      ['manifests:\n\t$(CONTROLLER_GEN) rbac:roleName=manager-role crd webhook paths="./..." output:crd:artifacts:config=config/crd/bases\n', 'config/webhook', 'Makefile:2'],
      ['manifests:\n\tcd pkg/sdk && $(CONTROLLER_GEN) webhook paths="./..." output:webhook:artifacts:config=../../config/webhook\n', 'config/webhook', 'Makefile:2'],
    ];
    for (const [makefile, webhookDir, where] of cases) {
      dir = workspace(tree(makefile, webhookDir));
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`manifests\\.yaml: no such file or directory .*: controller-gen's webhook generator writes manifests\\.yaml \\(${where}\\), once the project has a webhook, so what it adds was not checked$`, 'm'));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no webhook generator, or it writes elsewhere: kustomize\'s error, which fails the run', () => {
    for (const makefile of ['manifests:\n\t$(CONTROLLER_GEN) rbac:roleName=manager-role crd paths="./..."\n', 'manifests:\n\t$(CONTROLLER_GEN) webhook paths="./..." output:webhook:artifacts:config=deploy/webhook\n']) {
      dir = workspace(tree(makefile));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /manifests\.yaml: no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('archlens check: operator-sdk\'s config/manifests, whose CSV base `generate kustomize manifests` writes', function () {
  this.timeout(120_000);
  // k8ssandra/k8ssandra-operator: config/manifests/kustomization.yaml lists bases/<name>.clusterserviceversion.yaml,
  // which `make bundle` ($(OPSDK) generate kustomize manifests -q) writes; the repository does not commit it.
  const MANIFESTS = 'resources:\n- bases/proj.clusterserviceversion.yaml\n- service.yaml\n';
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: 443\n';
  const tree = (makefile: string, kustomization = MANIFESTS) => ({
    '.git/HEAD': 'ref: refs/heads/main\n',
    Makefile: makefile,
    'config/manifests/kustomization.yaml': kustomization,
    'config/manifests/service.yaml': SERVICE,
  });
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('the generator writes it (its default folder, or --output-dir from a cd): a warning naming the line, the run does not fail', () => {
    for (const makefile of [
      'bundle: manifests\n\t$(OPSDK) generate kustomize manifests -q\n',
      'bundle:\n\tcd config && operator-sdk generate kustomize manifests --output-dir=./manifests --apis-dir ../apis\n',
    ]) {
      dir = workspace(tree(makefile));
      const run = archlens(['check', '--offline'], dir);
      assertNoStack(run.stderr);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /proj\.clusterserviceversion\.yaml: no such file or directory .*: operator-sdk generate kustomize manifests writes proj\.clusterserviceversion\.yaml \(Makefile:2\), so what it adds was not checked$/m);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no generator, one writing elsewhere, or another missing file: kustomize\'s error, which fails the run', () => {
    const cases: Array<[string, string]> = [
      ['bundle:\n\t$(KUSTOMIZE) build config/manifests | $(OPSDK) generate bundle\n', MANIFESTS],
      ['bundle:\n\toperator-sdk generate kustomize manifests --output-dir deploy/olm\n', MANIFESTS],
      ['bundle:\n\toperator-sdk generate kustomize manifests -q\n', 'resources:\n- bases/proj.yaml\n- service.yaml\n'],
    ];
    for (const [makefile, kustomization] of cases) {
      dir = workspace(tree(makefile, kustomization));
      const run = archlens(['check', '--offline'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /no such file or directory \(kustomize build fails here; archlens checks the rest\)$/m);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('archlens check: malformed test inputs in a Go testdata/ folder', function () {
  this.timeout(120_000);
  // fluxcd/flux2 internal/build/testdata/invalid-labels: a kustomization with a field kustomize
  // refuses, on purpose; linkerd2 cli/cmd/testdata/*.bad.input.yml: YAML that does not parse.
  const BAD_KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nspec:\n  x: 1\nresources:\n- deploy.yaml\n';
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: aarch64\n      containers:\n        - name: web\n          image: registry.example.com/web:1\n';
  const BAD_YAML = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n   labels: x\n';
  let dir: string | undefined;
  before(() => ensureBuilt());
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('said as notes that do not fail the run; findings in the inputs that can be read stay', () => {
    dir = workspace({
      'internal/build/testdata/invalid-labels/kustomization.yaml': BAD_KUSTOMIZATION,
      'internal/build/testdata/invalid-labels/deploy.yaml': DEPLOY,
      'cli/cmd/testdata/deployment.bad.input.yml': BAD_YAML,
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { findings: Array<{ rule: string }>; problems: Array<{ file: string; message: string; severity?: string }> };
    assert.deepEqual([...new Set(json.problems.map((p) => `${path.basename(p.file)} ${p.severity}`))].sort(), ['deployment.bad.input.yml info', 'kustomization.yaml info']);
    assert.ok(json.problems.every((p) => p.message.endsWith('(a test input in a testdata/ folder: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(json.findings.map((f) => f.rule).filter((r) => r !== 'AL209'), ['AL101'], 'the readable input is still checked');
    assert.equal(archlens(['check', '--offline'], dir).code, 1, 'the AL101 error finding still fails the run');
    fs.writeFileSync(path.join(dir, 'internal/build/testdata/invalid-labels/deploy.yaml'), DEPLOY.replace('aarch64', 'arm64'));
    assert.equal(archlens(['check', '--offline'], dir).code, 0, 'the malformed inputs alone do not');
  });

  it('other projects\' test-input folders (test_files/, fixtures/, a test folder\'s assets/) likewise; a folder merely named test/ does not count', () => {
    // FairwindsOps/polaris pkg/kube/test_files/test_3/bad.yaml: a rendered chart document broken on purpose.
    dir = workspace({
      'pkg/kube/test_files/test_3/bad.yaml': BAD_YAML,
      'web/__fixtures__/broken.yaml': BAD_YAML,
      'test/e2e/deploy.yaml': BAD_YAML,
      // rancher/fleet integrationtests/cli/assets/helm_options_kustomize: a kustomization whose overlay the test never builds.
      'integrationtests/cli/assets/helm_options_kustomize/kustomization.yaml': 'bases:\n- overlays/dev\n',
      'web/assets/logo.yaml': BAD_YAML,
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    const said = (name: string) => [...new Set(json.problems.filter((p) => path.basename(p.file) === name)
      .map((p) => `${p.severity ?? 'error'} ${p.message.endsWith(' folder: noted, not counted as an error)') ? 'noted' : 'counted'}`))];
    assert.deepEqual(said('bad.yaml'), ['info noted']);
    assert.ok(json.problems.some((p) => p.message.endsWith('(a test input in a test_files/ folder: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(said('broken.yaml'), ['info noted']);
    assert.deepEqual(said('deploy.yaml'), ['error counted']);
    assert.deepEqual(said('kustomization.yaml'), ['info noted']);
    assert.ok(json.problems.some((p) => p.message.endsWith('(a test input in an assets/ folder: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(said('logo.yaml'), ['error counted'], 'an assets/ folder outside the tests');
    assert.equal(run.code, 1, 'the malformed manifest under test/e2e still fails the run');
  });

  it('a test folder\'s resources/ likewise (bridgecrewio/checkov tests/kustomize/runner/resources/): an empty kustomization is noted', () => {
    dir = workspace({
      'tests/kustomize/runner/resources/example/overlays/empty/kustomization.yaml': '',
      'src/main/resources/deploy/kustomization.yaml': '',
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    const said = (part: string) => json.problems.filter((p) => p.file.includes(part)).map((p) => p.severity ?? 'error');
    assert.deepEqual(said('tests/kustomize'), ['info']);
    assert.deepEqual(said('src/main/resources'), ['error'], 'resources/ outside the tests is the project\'s own');
  });

  it('a Dockerfile with no FROM in a tests/ folder is a fragment (semgrep tests/patterns/dockerfile): noted; elsewhere, or another problem, still an error', () => {
    dir = workspace({
      'tests/patterns/dockerfile/add.dockerfile': '# MATCH:\nADD file1 file2 /mydir/\n',
      'tests/patterns/dockerfile/add.sgrep': 'ADD ... /mydir/\n',
      'tests/e2e/Dockerfile': 'FROM alpine\nRUN <<EOF\necho\n',
      'docker/Dockerfile': 'RUN echo hi\n',
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    const said = (part: string) => json.problems.filter((p) => p.file.endsWith(part)).map((p) => p.severity ?? 'error');
    assert.deepEqual(said('add.dockerfile'), ['info']);
    assert.ok(json.problems.some((p) => p.message.endsWith('(a fragment in a tests/ folder: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(said('e2e/Dockerfile'), ['error'], 'an unterminated heredoc in tests/ still fails');
    assert.deepEqual(said('docker/Dockerfile'), ['error'], 'a FROM-less Dockerfile outside tests/ still fails');
  });

  it('a FROM-less Dockerfile named as a piece to append (growthbook preview/Dockerfile.append): noted; another name, or another problem, still an error', () => {
    // growthbook .github/workflows/preview.yml: `cat Dockerfile preview/Dockerfile.append > preview/Dockerfile.generated`.
    dir = workspace({
      'preview/Dockerfile.append': '# Appended to the main Dockerfile for preview environments\nCOPY preview/idle-monitor.js /usr/local/src/app/preview/idle-monitor.js\n',
      'docker/snippet.Dockerfile': 'ENV A=1\n',
      // Must still fail: a FROM-less Dockerfile of another name, and a fragment with another problem.
      'docker/Dockerfile.dev': 'RUN echo hi\n',
      'docker/Dockerfile.appendix': 'RUN echo hi\n',
      'other/Dockerfile.partial': 'RUN <<EOF\necho\n',
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    const said = (part: string) => json.problems.filter((p) => p.file.endsWith(part)).map((p) => p.severity ?? 'error');
    assert.deepEqual(said('Dockerfile.append'), ['info']);
    assert.deepEqual(said('snippet.Dockerfile'), ['info']);
    assert.ok(json.problems.some((p) => p.message.endsWith('(its name says it is a piece of another Dockerfile: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(said('Dockerfile.dev'), ['error']);
    assert.deepEqual(said('Dockerfile.appendix'), ['error']);
    assert.ok(said('Dockerfile.partial').includes('error'), 'an unterminated heredoc still fails');
    assert.equal(run.code, 1);
  });

  it('a FROM-less Dockerfile that a Dockerfile template inserts is its fragment (dotnet/dotnet-docker eng/dockerfile-templates): noted; one no template names still an error', () => {
    dir = workspace({
      // dotnet-docker: sdk/Dockerfile.windows pulls in its ENV block and a shared RUN step.
      'eng/dockerfile-templates/sdk/Dockerfile.windows': [
        'ARG REPO=mcr.microsoft.com/dotnet/aspnet',
        'FROM $REPO:{{VARIABLES[cat("dotnet|", dotnetVersion, "|product-version")]}}-nanoserver',
        '{{InsertTemplate("Dockerfile.envs")}}',
        '{{InsertTemplate("../Dockerfile.windows.set-path", [ "path": "C:\\Program Files\\dotnet" ])}}',
        '{{',
        '    set firstRun to when(isServerCore, "Dockerfile.windows.first-run", "Dockerfile.windows.first-run")',
        '}}{{InsertTemplate(firstRun)}}',
        '',
      ].join('\n'),
      'eng/dockerfile-templates/sdk/Dockerfile.envs': 'ENV \\\n    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \\\n    DOTNET_USE_POLLING_FILE_WATCHER=true\n',
      'eng/dockerfile-templates/Dockerfile.windows.set-path': 'USER ContainerAdministrator\nRUN setx /M PATH "%PATH%;{{ARGS["path"]}}"\n',
      'eng/dockerfile-templates/sdk/Dockerfile.windows.first-run': 'RUN dotnet help\n',
      // Must still fail: named by a template only outside its markup, by a plain Dockerfile, or by nothing.
      'eng/dockerfile-templates/yarp/Dockerfile.linux': 'FROM {{base}}\n# see "Dockerfile.envs"\n',
      'eng/dockerfile-templates/yarp/Dockerfile.envs': 'ENV ASPNETCORE_URLS=http://+:5000\n',
      'docker/Dockerfile': 'FROM alpine\nCOPY "Dockerfile.base" /src/\n',
      'docker/Dockerfile.base': 'RUN echo hi\n',
      'other/Dockerfile.envs': 'ENV A=1\n',
    });
    const run = archlens(['check', '--offline', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { problems: Array<{ file: string; message: string; severity?: string }> };
    const said = (part: string) => json.problems.filter((p) => p.file.endsWith(part)).map((p) => p.severity ?? 'error');
    assert.deepEqual(said('sdk/Dockerfile.envs'), ['info']);
    assert.deepEqual(said('templates/Dockerfile.windows.set-path'), ['info'], 'named ../ from the template\'s folder');
    assert.deepEqual(said('sdk/Dockerfile.windows.first-run'), ['info'], 'named in a multi-line {{ }} block');
    assert.ok(json.problems.some((p) => p.message.endsWith('(a fragment that the template eng/dockerfile-templates/sdk/Dockerfile.windows inserts: noted, not counted as an error)')), run.stdout);
    assert.deepEqual(said('yarp/Dockerfile.envs'), ['error'], 'named in a comment, outside the markup');
    assert.deepEqual(said('docker/Dockerfile.base'), ['error'], 'named by a Dockerfile with no template markup');
    assert.deepEqual(said('other/Dockerfile.envs'), ['error'], 'a template names another folder\'s Dockerfile.envs');
    assert.equal(run.code, 1);
  });

  it('AL303 is not reported on a test-input Dockerfile (its pinned platform is the fixture\'s point); other rules and other folders still are', () => {
    // anchore/syft syft/pkg/cataloger/binary/testdata/image-fedora-32bit/Dockerfile: pinned to
    // linux/arm so that the cataloger test reads 32-bit ARM binaries; removing the flag breaks it.
    const PINNED = 'FROM --platform=linux/arm arm32v7/fedora:36 AS build\n\nFROM scratch\nCOPY --from=build /bin/sha256sum /sha256sum\n';
    const DOWNLOAD = 'FROM alpine:3.20\nRUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl\n';
    dir = workspace({
      'syft/pkg/cataloger/binary/testdata/image-fedora-32bit/Dockerfile': PINNED,
      'test/fixtures/download/Dockerfile': DOWNLOAD,
      'deploy/Dockerfile': PINNED,
    });
    const run = archlens(['check', '--offline', '--fail-on', 'none', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { findings: Array<{ rule: string; file: string }> };
    const rules = (part: string) => json.findings.filter((f) => f.file.includes(part)).map((f) => f.rule).filter((r) => r !== 'AL209');
    assert.deepEqual(rules('testdata'), []);
    assert.deepEqual(rules('fixtures'), ['AL308'], 'other rules still fire in test inputs');
    assert.deepEqual(rules('deploy'), ['AL303'], 'the same Dockerfile outside a test-input folder');
    const itself = JSON.parse(archlens(['check', '--offline', '--fail-on', 'none', '--format', 'json', 'syft/pkg/cataloger/binary/testdata'], dir).stdout) as { findings: Array<{ rule: string }> };
    assert.deepEqual(itself.findings.map((f) => f.rule).filter((r) => r !== 'AL209'), ['AL303'], 'a check of the testdata folder itself keeps it');
  });

  it('a GitHub workflow among test inputs is never run by GitHub (ossf/scorecard checks/raw/testdata/.github/workflows): no findings; the repository\'s own still fire', () => {
    const PUSH = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: acme/app:1\n';
    dir = workspace({
      'checks/raw/testdata/.github/workflows/github-workflow-docker.yaml': PUSH,
      '.github/workflows/release.yml': PUSH,
    });
    const run = archlens(['check', '--offline', '--fail-on', 'none', '--format', 'json'], dir);
    assertNoStack(run.stderr);
    const json = JSON.parse(run.stdout) as { findings: Array<{ rule: string; file: string }> };
    const rules = (part: string) => json.findings.filter((f) => f.file.includes(part)).map((f) => f.rule).filter((r) => r !== 'AL209');
    assert.deepEqual(rules('testdata'), []);
    assert.deepEqual(rules('release.yml'), ['AL501']);
  });

  it('the same files elsewhere, or a testdata/ folder checked itself: errors that fail the run', () => {
    dir = workspace({ 'deploy/kustomization.yaml': BAD_KUSTOMIZATION, 'deploy/deploy.yaml': DEPLOY.replace('aarch64', 'arm64'), 'testdata/bad.yml': BAD_YAML });
    const run = archlens(['check', '--offline', '--format', 'json', 'deploy'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as { problems: Array<{ message: string; severity?: string }> }).problems.map((p) => [p.severity ?? 'error', /testdata/.test(p.message)]), [['error', false]]);
    assert.equal(archlens(['check', '--offline', 'testdata'], dir).code, 1);
    assert.equal(archlens(['check', '--offline', 'testdata/bad.yml'], dir).code, 1);
    assert.equal(archlens(['check', '--offline', '.'], dir).code, 1, 'deploy/ still fails the run');
  });
});
