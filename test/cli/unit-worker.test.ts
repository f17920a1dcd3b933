/**
 * `archlens check` runs the charts and overlays of a workspace in a worker thread beside its plain
 * files (workspace/unit-pass-thread.ts) when both sides have work. Through the built command: the
 * worker is started exactly then, and what the check prints is what the same build prints with the
 * units on the main thread (the worker bundle taken away: the fallback of a build without it).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt, REPO, testCacheHome, workspace } from './helpers';
import { PASS_THROUGH_DEPLOYMENT } from '../helpers/chart-templates';

/** Preloaded into the check: writes a line to stderr for each worker thread the check starts, naming its bundle. */
const WORKER_SPY = `
const threads = require('node:worker_threads');
const Original = threads.Worker;
threads.Worker = class extends Original {
  constructor(file, options) {
    const text = String(file);
    const bundle = /[\\w-]+\\.mjs/.exec(text);
    process.stderr.write('worker started: ' + (bundle ? bundle[0] : text.slice(0, 40)) + '\\n');
    super(file, options);
  }
};
`;

function deployment(name: string, arch: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: ${arch}\n      containers:\n        - name: app\n          image: registry.example.com/team/${name}:1.0\n`;
}

/** 24 plain manifests, a chart of 21 templates, and a base with an overlay: both sides well over the worker's threshold. */
function files(): Record<string, string> {
  const out: Record<string, string> = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/values.yaml': 'image:\n  repository: registry.example.com/team/web\n  tag: "1.0"\nnodeSelector:\n  kubernetes.io/arch: aarch64\n',
    'deploy/base/kustomization.yaml': 'resources:\n  - api.yaml\n  - worker.yaml\n',
    'deploy/base/api.yaml': deployment('api', 'x86_64'),
    // Built here for amd64 only, deployed through the overlay with no constraint: AL210, whose fix at the
    // build line is verified by reading the edited Makefile (the shell parser, in the worker too).
    'deploy/base/worker.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: registry.example.com/team/worker:1.0\n',
    'Makefile': 'push:\n\tdocker buildx build --platform linux/amd64 -t registry.example.com/team/worker:1.0 --push .\n',
    'Dockerfile': 'FROM alpine:3.20\nCOPY . /app\n',
    'deploy/prod/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\n',
  };
  for (let i = 0; i < 21; i++) out[`chart/templates/deployment-${i}.yaml`] = PASS_THROUGH_DEPLOYMENT.replace('-web', `-web-${i}`);
  for (let i = 0; i < 24; i++) out[`manifests/app-${i}.yaml`] = deployment(`app-${i}`, i % 2 === 0 ? 'x86_64' : 'amd64');
  return out;
}

describe('archlens check: charts and overlays in a worker thread', function () {
  this.timeout(120_000);
  let root: string;
  let spy: string;
  /** A copy of the build without the worker bundle: the units run on the main thread. */
  let withoutWorker: string;

  before(() => {
    ensureBuilt();
    root = workspace(files());
    spy = path.join(root, 'spy.cjs');
    fs.writeFileSync(spy, WORKER_SPY);
    withoutWorker = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-no-worker-'));
    for (const part of ['bin', 'dist']) fs.cpSync(path.join(REPO, part), path.join(withoutWorker, part), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'package.json'), path.join(withoutWorker, 'package.json'));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(withoutWorker, 'node_modules'));
    fs.rmSync(path.join(withoutWorker, 'dist', 'unit-pass-worker.mjs'));
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(withoutWorker, { recursive: true, force: true });
  });

  function check(repo: string, args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync(process.execPath, ['--require', spy, path.join(repo, 'bin', 'archlens.js'), 'check', '--offline', '--no-cache', ...args], {
      cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: testCacheHome(cwd) },
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('starts one worker for the units and prints what the check prints with them on the main thread', () => {
    for (const format of ['json', 'text']) {
      const threaded = check(REPO, ['--format', format, '.']);
      const here = check(withoutWorker, ['--format', format, '.']);
      assert.deepEqual(threaded.stderr.match(/^worker started: .*$/gm), ['worker started: unit-pass-worker.mjs']);
      assert.equal(here.stderr.match(/^worker started: .*$/gm), null);
      assert.equal(threaded.code, 1);
      assert.equal(threaded.code, here.code);
      assert.equal(threaded.stdout, here.stdout);
      assert.equal(threaded.stderr.replace(/^worker started: .*\n/gm, ''), here.stderr);
    }
    const findings = (JSON.parse(check(REPO, ['--format', 'json', '.']).stdout) as { findings: Array<{ rule: string; file: string }> }).findings;
    const where = (part: string) => findings.filter((f) => f.rule === 'AL101' && f.file.includes(part)).length;
    // The chart's values.yaml (aarch64), the overlay's base (x86_64), and half the plain manifests.
    assert.ok(where('values.yaml') >= 1, 'a finding through the chart');
    assert.ok(where('base/api.yaml') >= 1, 'a finding through the overlay');
    assert.equal(where('manifests/'), 12, 'the plain files');
    const built = (JSON.parse(check(REPO, ['--format', 'json', '.']).stdout) as { findings: Array<{ rule: string; fixes?: Array<{ title: string }> }> }).findings.filter((f) => f.rule === 'AL210');
    assert.ok(built.some((f) => f.fixes?.some((x) => /^Build linux\/arm64 too \(Makefile:2\)/.test(x.title))), JSON.stringify(built));
  });

  it('keeps the units on the main thread for one chart alone, and for --fix (which works from their analyses)', () => {
    assert.equal(check(REPO, ['--format', 'json', 'chart']).stderr.match(/^worker started: .*$/gm), null);
    const copy = workspace(files());
    try {
      fs.writeFileSync(path.join(copy, 'spy.cjs'), WORKER_SPY);
      const fixed = check(REPO, ['--fix', '--format', 'json', '.'], copy);
      assert.equal(fixed.stderr.match(/^worker started: .*$/gm), null, fixed.stderr);
      assert.match(fs.readFileSync(path.join(copy, 'manifests', 'app-0.yaml'), 'utf8'), /kubernetes\.io\/arch: amd64/, 'the fix was applied');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
