/**
 * The pre-commit hook, run by pre-commit itself (Debian's package, installed by .ci/run): it clones
 * a repository holding this checkout, installs it the way `language: node` does (npm install, then
 * `npm pack` — our prepack builds — then `npm install -g` of the tarball) and runs the hook's entry
 * on the staged files.
 *
 * pre-commit before 4.6.1 reads the tarball's name from `npm pack`'s whole output, which npm 10.5
 * and later fill with the prepack script's banner; `npm_config_loglevel=silent` keeps npm quiet
 * for that install (README: pre-commit). Newer pre-commit installs with `npm install git+file://`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitAll, snapshotWorkingTree } from '../helpers/snapshot';

const BAD_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n';
const BAD_DOCKERFILE = 'FROM golang:1.22 AS build\nRUN GOARCH=$TARGETARCH go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n';

function havePreCommit(): boolean {
  return spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('pre-commit hook (.pre-commit-hooks.yaml), run by pre-commit', function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (!havePreCommit()) {
      if (process.env.ARCHLENS_SKIP_PRE_COMMIT === '1') this.skip();
      throw new Error('pre-commit is not installed (bash .ci/run installs it from Debian); set ARCHLENS_SKIP_PRE_COMMIT=1 to skip this test on purpose');
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-pre-commit-'));
    const hooks = path.join(work, 'archlens');
    snapshotWorkingTree(hooks);
    const rev = commitAll(hooks);
    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: archlens\n        args: [--offline]\n`);
    commitAll(project, 'config');
    env = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
      // The hook's npm install takes the packages `npm ci` already put in npm's cache.
      npm_config_prefer_offline: 'true',
      npm_config_loglevel: 'silent',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
    };
  });
  after(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

  const git = (...args: string[]) => execFileSync('git', args, { cwd: project, encoding: 'utf8' });
  const preCommit = () => spawnSync('pre-commit', ['run', '--color', 'never'], { cwd: project, encoding: 'utf8', env, timeout: 540_000 });

  it('fails on the staged files\' findings and names them; unstaged and unrelated files are not checked', () => {
    fs.writeFileSync(path.join(project, 'pod.yaml'), BAD_POD);
    fs.writeFileSync(path.join(project, 'Dockerfile'), BAD_DOCKERFILE);
    fs.writeFileSync(path.join(project, 'notes.md'), 'kubernetes.io/arch: x86_64\n');
    git('add', 'pod.yaml', 'Dockerfile', 'notes.md');
    // Not staged: pre-commit stashes it away while the hook runs.
    fs.writeFileSync(path.join(project, 'draft.yaml'), BAD_POD);
    const run = preCommit();
    assert.equal(run.status, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^archlens\.+Failed$/m);
    assert.match(run.stdout, /^pod\.yaml:7:25 {2}error {4}AL101 /m);
    assert.match(run.stdout, /^Dockerfile:2:\d+ {2}error {4}AL301 /m);
    assert.doesNotMatch(run.stdout, /draft\.yaml|notes\.md/);
  });

  it('passes once the staged files are fixed', () => {
    fs.writeFileSync(path.join(project, 'pod.yaml'), BAD_POD.replace('x86_64', 'amd64'));
    fs.writeFileSync(path.join(project, 'Dockerfile'), BAD_DOCKERFILE.replace('AS build\n', 'AS build\nARG TARGETARCH\n'));
    git('add', 'pod.yaml', 'Dockerfile');
    const run = preCommit();
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^archlens\.+Passed$/m);
  });
});
