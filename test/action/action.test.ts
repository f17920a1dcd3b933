/**
 * The GitHub Action (action.yml): its step's script, taken from action.yml, run with bash and the
 * environment GitHub gives a composite step (GITHUB_WORKSPACE, GITHUB_EVENT_NAME/PATH,
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, GITHUB_ACTION_PATH and the INPUT_* the step
 * maps), in a temporary git repository whose images live in a real registry on loopback. What it
 * writes is checked: the log, the annotations, the SARIF file, the job summary, the outputs.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, REPO } from '../cli/helpers';
import { commitAll } from '../helpers/snapshot';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ACTION, runStep } from './step';

describe('GitHub Action (action.yml)', function () {
  this.timeout(300_000);
  let registry: TestRegistry;
  let repo: string;
  let base: string;
  let head: string;

  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    await pushImage(registry, 'team/single', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-action-repo-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.writeFileSync(path.join(repo, file), text);
    };
    // On the base branch: an AL101 nobody touches in the pull request.
    write('deploy/app.yaml', [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:',
      '      nodeSelector:', '        kubernetes.io/arch: x86_64', '      containers:', '        - name: web', `          image: ${registry.host}/team/multi:1.0`, '',
    ].join('\n'));
    write('README.md', '# shop\n');
    base = commitAll(repo, 'base');
    // The pull request: renames the deployment (no finding there) and adds a pod with two mistakes.
    write('deploy/app.yaml', fs.readFileSync(path.join(repo, 'deploy/app.yaml'), 'utf8').replace('name: web\n', 'name: storefront\n'));
    write('deploy/new.yaml', [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: agent', 'spec:', '  nodeSelector:', '    kubernetes.io/arch: aarch64',
      '  containers:', '    - name: agent', `      image: ${registry.host}/team/single:1.0`, '',
    ].join('\n'));
    head = commitAll(repo, 'pull request');
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const pullRequest = () => ({ name: 'pull_request', payload: { pull_request: { number: 7, base: { sha: base }, head: { sha: head } } } });

  it('the step takes its inputs from the environment, never from ${{ }} inside the script', () => {
    const step = ACTION.runs.steps.find((s) => s.id === 'check')!;
    assert.equal(ACTION.runs.using, 'composite');
    assert.doesNotMatch(step.run!, /\$\{\{/);
    const mapped = Object.values(step.env ?? {}).map((v) => /inputs\.([\w-]+)/.exec(v)?.[1]);
    assert.deepEqual(Object.keys(ACTION.inputs).filter((i) => i !== 'upload-sarif' && !mapped.includes(i)), []);
    const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.match(upload.if!, /always\(\)/);
    assert.match(upload.if!, /inputs\.upload-sarif == 'true'/);
    assert.equal(upload.with!.sarif_file, '${{ steps.check.outputs.sarif-file }}');
  });

  it('on a pull request: the report in the log, annotations on the changed lines only, SARIF, summary and outputs', () => {
    const run = runStep({ workspace: repo, actionPath: REPO, event: pullRequest() });
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    // The log has every finding, the unchanged line's too.
    assert.match(run.stdout, /^deploy\/app\.yaml:9:29 {2}error {4}AL101 /m);
    assert.match(run.stdout, /^deploy\/new\.yaml:7:25 {2}error {4}AL101 /m);
    assert.deepEqual(run.annotations.map((a) => a.slice(0, a.indexOf('::', 2))), [
      '::error file=deploy/new.yaml,line=7,endLine=7,col=25,endColumn=32,title=AL101 unknown-arch-value',
      '::error file=deploy/new.yaml,line=10,endLine=10,col=14,endColumn=' + (14 + `${registry.host}/team/single:1.0`.length) + ',title=AL201 image-lacks-allowed-arch',
    ]);
    assert.match(run.annotations[0], /::"aarch64" in nodeSelector is not a kubernetes\.io\/arch value/);
    assert.deepEqual({ ...run.outputs, 'sarif-file': path.basename(run.outputs['sarif-file']) }, { 'sarif-file': 'archlens.sarif', findings: '4', errors: '3', warnings: '0' });
    assert.equal(run.sarif?.version, '2.1.0');
    assert.deepEqual(run.sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
      [['AL208', 'deploy/app.yaml', 9], ['AL101', 'deploy/app.yaml', 9], ['AL101', 'deploy/new.yaml', 7], ['AL201', 'deploy/new.yaml', 10]]);
    const summary = run.summary;
    assert.match(summary, /^## archlens: 3 errors, 1 hint in 2 files/m);
    assert.match(summary, /annotations on the lines this pull request changes \\\(2 findings elsewhere\\\)/);
    assert.ok(summary.includes(`| 🔴 error | [deploy/new\\.yaml:7](https://github.com/acme/shop/blob/${'f'.repeat(40)}/deploy/new.yaml#L7) | [AL101](https://github.com/archlens/archlens/blob/main/docs/rules/AL101.md) unknown\\-arch\\-value |`), summary);
    assert.ok(summary.includes('| image | `linux/amd64` | `linux/arm64` | used in |'), summary);
    assert.ok(summary.includes(`| \`${registry.host}/team/multi:1.0\` | ✅ | ✅ | [deploy/app\\.yaml:12]`), summary);
    assert.ok(summary.includes(`| \`${registry.host}/team/single:1.0\` | ✅ | ❌ | [deploy/new\\.yaml:10]`), summary);
  });

  it('on a push: every finding is annotated', () => {
    const run = runStep({ workspace: repo, actionPath: REPO, event: { name: 'push', payload: { after: head } } });
    assert.equal(run.code, 1);
    assert.deepEqual(run.annotations.map((a) => /file=([^,]+),line=(\d+)/.exec(a)!.slice(1).join(':')), ['deploy/app.yaml:9', 'deploy/app.yaml:9', 'deploy/new.yaml:7', 'deploy/new.yaml:10']);
    assert.match(run.annotations[0], /^::notice file=deploy\/app\.yaml,line=9,.*title=AL208 over-pinned::/);
    assert.doesNotMatch(run.summary, /pull request changes/);
  });

  it('a pull request whose base commit cannot be had: everything annotated, and a notice says why', () => {
    const event = { name: 'pull_request', payload: { pull_request: { base: { sha: 'a'.repeat(40) } } } };
    const run = runStep({ workspace: repo, actionPath: REPO, event });
    assert.equal(run.annotations.length, 5);
    assert.match(run.annotations[0], /^::notice title=archlens::annotating every finding: the base commit aaaaaaaaaaaa could not be fetched$/);
  });

  it('inputs: paths, targets, fail-on and format change the command line', () => {
    const run = runStep({ workspace: repo, actionPath: REPO, event: pullRequest(), inputs: { paths: 'deploy/new.yaml', targets: 'linux/amd64', 'fail-on': 'none', format: 'json' } });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout.slice(0, run.stdout.indexOf('\n::') + 1 || undefined)) as { findings: Array<{ file: string; rule: string }> };
    // amd64 nodes only: the amd64 image fits; the arm64 pod can run on no target (AL104).
    assert.deepEqual(json.findings.map((f) => [f.file, f.rule]), [['deploy/new.yaml', 'AL101'], ['deploy/new.yaml', 'AL104']]);
    assert.ok(run.summary.includes('| image | `linux/amd64` | used in |'), run.summary);
    assert.equal(run.outputs.findings, '2');
  });

  it('a bad input: exit 2, one error annotation with the reason, no stack trace', () => {
    const run = runStep({ workspace: repo, actionPath: REPO, inputs: { format: 'xml' } });
    assert.equal(run.code, 2);
    assert.deepEqual(run.annotations, ['::error title=archlens::archlens: --format must be one of text, json, sarif, gitlab (got "xml")']);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  });

  it('git diff of the working tree: a finding on an uncommitted line counts as changed', () => {
    const file = path.join(repo, 'deploy/app.yaml');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('x86_64', 'i686'));
    try {
      const run = runStep({ workspace: repo, actionPath: REPO, event: pullRequest() });
      assert.ok(run.annotations.some((a) => a.startsWith('::error file=deploy/app.yaml,line=9,')), run.annotations.join('\n'));
    } finally {
      fs.writeFileSync(file, original);
      execFileSync('git', ['checkout', '--', 'deploy/app.yaml'], { cwd: repo });
    }
  });
});
