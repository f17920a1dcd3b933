/**
 * A chart's helm-unittest suites (tests/**\/*_test.yaml) are test inputs, never deployed: a folder
 * check leaves them out (README: "Helm chart test suites"), even a malformed one under --strict;
 * a manifest kept in tests/, a tests/ folder outside a chart, and a suite named on the command line
 * are checked as before.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { PASS_THROUGH_DEPLOYMENT } from '../helpers/chart-templates';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

interface JsonOut { checked: number; findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string; message: string }> }

describe('archlens check on a chart with helm-unittest suites', function () {
  this.timeout(120_000);
  let dir: string;
  // Malformed (an unclosed flow sequence): as a plain file it would be listed as skipped, and fail --strict.
  const brokenSuite = 'suite: Deployment\ntemplates:\n  - deployment.yaml\ntests:\n  - it: renders\n    set:\n      image.tag: [1.0\n';
  const arm64Pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\nspec:\n  nodeSelector:\n    kubernetes.io/arch: arm64\n  containers:\n    - name: c\n      image: example.com/team/amd64-only:1.0\n';

  before(() => {
    ensureBuilt();
    dir = workspace({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  repository: example.com/team/web\n  tag: "1.0"\nnodeSelector: {}\n',
      'chart/templates/deployment.yaml': PASS_THROUGH_DEPLOYMENT,
      'chart/tests/deployment_test.yaml': brokenSuite,
      'chart/tests/nested/service_test.yaml': 'suite: Service\ntests:\n  - it: renders\n    asserts:\n      - isKind:\n          of: Service\n',
      // A manifest kept among the tests: still checked.
      'chart/tests/probe_test.yaml': arm64Pod,
      // Not in a chart: a tests/ folder of the repository is checked.
      'tests/deployment_test.yaml': brokenSuite,
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function check(...args: string[]): JsonOut {
    const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none', ...args], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as JsonOut;
  }

  it('a folder check leaves the chart\'s suites out and checks the rest', () => {
    const out = check('chart');
    // Chart.yaml (the rendered chart's anchor), values.yaml, the template and the Pod in tests/.
    assert.deepEqual(out.problems, []);
    assert.ok(out.findings.some((f) => f.file === 'chart/tests/probe_test.yaml'), JSON.stringify(out.findings));
    assert.ok(!out.findings.some((f) => /_test\.yaml$/.test(f.file) && f.file !== 'chart/tests/probe_test.yaml'));
  });

  it('a malformed suite does not fail --strict', () => {
    const run = archlens(['check', '--offline', '--strict', 'chart'], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /deployment_test\.yaml/);
  });

  it('a tests/ folder outside a chart is checked as before: the malformed file is listed as skipped', () => {
    const out = check('tests');
    assert.deepEqual(out.problems.map((p) => p.file), ['tests/deployment_test.yaml']);
    assert.match(out.problems[0].message, /skipped/);
  });

  it('a suite named on the command line is checked', () => {
    const out = check('chart/tests/deployment_test.yaml');
    assert.deepEqual(out.problems.map((p) => p.file), ['chart/tests/deployment_test.yaml']);
  });
});
