/**
 * `archlens check` on a Helm chart folder, as a user runs it (the built CLI, a real registry on
 * loopback): the chart is recognised by its Chart.yaml and rendered per variant, findings land in
 * values.yaml and the templates with the variant named, JSON/SARIF carry the unit additively,
 * `--fix` edits values.yaml and the chart re-checks clean; a template error is said at its place.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';
import { PASS_THROUGH_DEPLOYMENT as TEMPLATE } from '../helpers/chart-templates';

interface JsonFinding {
  file: string; rule: string; message: string; range: { start: { line: number; character: number } };
  unit?: { kind: string; root: string; variants?: string[] };
  fixes: Array<{ title: string; preferred: boolean; edits: Array<{ file?: string; newText: string }> }>;
}

describe('archlens check on a Helm chart', function () {
  this.timeout(180_000);
  let registry: TestRegistry;
  let dir: string;
  const values = (host: string) => `image:\n  repository: ${host}/team/single\n  tag: "1.0"\nnodeSelector: {}\n`;

  before(async () => {
    ensureBuilt();
    registry = await startRegistry();
    await pushImage(registry, 'team/single', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    dir = workspace({
      '.archlens.yaml': 'helm:\n  charts:\n    deploy/web:\n      - name: prod\n        values: [env/prod.yaml]\n',
      'deploy/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'deploy/web/values.yaml': values(registry.host),
      'deploy/web/templates/deployment.yaml': TEMPLATE,
      'env/prod.yaml': `image:\n  repository: ${registry.host}/team/multi\n`,
    });
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the chart per variant: AL202 on the values.yaml tag of the variant that has it, named', () => {
    const run = archlens(['check', 'deploy/web', '--format', 'json', '--cache-dir', path.join(dir, '.cache')], dir);
    assertNoStack(run.stderr);
    assert.equal(run.code, 0, run.stderr); // a warning does not fail the run
    const out = JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: unknown[] };
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.findings.map((f) => [f.rule, f.file, f.range.start.line, f.unit]), [
      ['AL202', 'deploy/web/values.yaml', 2, { kind: 'helm', root: 'deploy/web', variants: ['default values'] }],
    ]);
    const [finding] = out.findings;
    assert.match(finding.message, /single:1\.0" may be scheduled on nodes it cannot run on: .* it publishes only linux\/amd64 .*\(chart variant: default values\)$/);
    assert.deepEqual(finding.fixes.find((f) => f.preferred)?.edits.map((e) => [e.file, e.newText]), [[undefined, '\n  kubernetes.io/arch: amd64']]);

    const text = archlens(['check', 'deploy/web', '--cache-dir', path.join(dir, '.cache')], dir);
    assert.match(text.stdout, /^deploy\/web\/values\.yaml:3:9 +warning +AL202 +/m);
    assert.match(text.stdout, /↳ deploy\/web\/templates\/deployment\.yaml:14:50 +rendered by templates\/deployment\.yaml/);

    const sarif = JSON.parse(archlens(['check', 'deploy/web', '--format', 'sarif', '--cache-dir', path.join(dir, '.cache')], dir).stdout);
    const [result] = sarif.runs[0].results;
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'deploy/web/values.yaml');
    assert.deepEqual(result.properties.unit, { kind: 'helm', root: 'deploy/web', variants: ['default values'] });
  });

  it('--fix writes the nodeSelector into values.yaml; the chart then checks clean', () => {
    const run = archlens(['check', 'deploy/web', '--fix', '--cache-dir', path.join(dir, '.cache')], dir);
    assertNoStack(run.stderr);
    assert.match(run.stdout, /^fixed deploy\/web\/values\.yaml:3 +AL202 +Run on amd64 nodes only/m);
    assert.equal(fs.readFileSync(path.join(dir, 'deploy/web/values.yaml'), 'utf8'), values(registry.host).replace('nodeSelector: {}', 'nodeSelector:\n  kubernetes.io/arch: amd64'));
    assert.equal(fs.readFileSync(path.join(dir, 'deploy/web/templates/deployment.yaml'), 'utf8'), TEMPLATE);
    const again = JSON.parse(archlens(['check', 'deploy/web', '--format', 'json', '--cache-dir', path.join(dir, '.cache')], dir).stdout) as { findings: JsonFinding[] };
    assert.deepEqual(again.findings.filter((f) => f.rule.startsWith('AL20')).map((f) => f.rule).filter((r) => r !== 'AL208'), []);
  });

  it('a dependency not in charts/ (not downloaded yet): enabled, one warning and exit 0, the chart still checked; disabled, nothing', () => {
    const chartYaml = (condition: string) => `apiVersion: v2\nname: d\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 17.0.0\n    repository: oci://registry.example.com/charts\n${condition}`;
    const deps = workspace({
      'on/Chart.yaml': chartYaml(''),
      'on/values.yaml': values(registry.host),
      'on/templates/deployment.yaml': TEMPLATE,
      'off/Chart.yaml': chartYaml('    condition: redis.enabled\n'),
      'off/values.yaml': `${values(registry.host)}redis:\n  enabled: false\n`,
      'off/templates/deployment.yaml': TEMPLATE,
    });
    try {
      const on = archlens(['check', 'on', '--format', 'json', '--cache-dir', path.join(deps, '.cache')], deps);
      assertNoStack(on.stderr);
      assert.equal(on.code, 0, 'a warning does not fail the run at the default --fail-on');
      const out = JSON.parse(on.stdout) as { findings: JsonFinding[]; problems: Array<{ file: string; message: string; severity: string; range: { start: { line: number; character: number } } }> };
      assert.deepEqual(out.problems.map((p) => [p.file, p.range.start, p.severity, p.message]), [[
        'on/Chart.yaml', { line: 4, character: 2 }, 'warning',
        'dependency redis is enabled but not in charts/: its templates were not checked (run `helm dependency build` in the chart\'s folder to download it)',
      ]]);
      assert.deepEqual(out.findings.map((f) => [f.rule, f.file]), [['AL202', 'on/values.yaml']]);
      const strict = archlens(['check', 'on', '--fail-on', 'warning', '--cache-dir', path.join(deps, '.cache')], deps);
      assert.equal(strict.code, 1, 'at --fail-on warning it fails the run, as a warning finding would');
      assert.match(strict.stderr, /^archlens: on\/Chart\.yaml:5:3: dependency redis is enabled but not in charts\/: /m);

      const off = archlens(['check', 'off', '--format', 'json', '--cache-dir', path.join(deps, '.cache')], deps);
      assertNoStack(off.stderr);
      assert.equal(off.code, 0, off.stderr);
      const offOut = JSON.parse(off.stdout) as { findings: JsonFinding[]; problems: unknown[] };
      assert.deepEqual(offOut.problems, [], 'disabled by its condition: Helm would not render it, nothing to say');
      assert.deepEqual(offOut.findings.map((f) => [f.rule, f.file]), [['AL202', 'off/values.yaml']]);
    } finally {
      fs.rmSync(deps, { recursive: true, force: true });
    }
  });

  it('a template error: Helm\'s words at the template position, exit 1, the rest still checked', () => {
    const broken = workspace({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/values.yaml': `image:\n  repository: ${registry.host}/team/single\n  tag: "1.0"\n`,
      'c/templates/deployment.yaml': TEMPLATE,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.meta.name }}\n',
    });
    try {
      const run = archlens(['check', 'c', '--format', 'json', '--cache-dir', path.join(broken, '.cache')], broken);
      assertNoStack(run.stderr);
      assert.equal(run.code, 1);
      const out = JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: Array<{ file: string; message: string; range: { start: { line: number; character: number } } }> };
      assert.deepEqual(out.problems.map((p) => [p.file, p.range.start, p.message]), [
        ['c/templates/cm.yaml', { line: 3, character: 8 }, 'c/templates/cm.yaml:4:18 executing "c/templates/cm.yaml" at <.Values.meta.name>: nil pointer evaluating interface {}.name'],
      ]);
      assert.deepEqual(out.findings.map((f) => [f.rule, f.file]), [['AL202', 'c/values.yaml']]);
      const text = archlens(['check', 'c', '--cache-dir', path.join(broken, '.cache')], broken);
      assert.match(text.stderr, /^archlens: c\/templates\/cm\.yaml:4:9: c\/templates\/cm\.yaml:4:18 executing "c\/templates\/cm\.yaml" at <\.Values\.meta\.name>: nil pointer evaluating interface \{\}\.name$/m);
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('a chart that requires values its defaults leave out (grafana/helm-charts loki-canary): a warning that does not fail the run, the rest still checked', () => {
    const asks = workspace({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/values.yaml': `image:\n  repository: ${registry.host}/team/single\n  tag: "1.0"\n`,
      'c/templates/deployment.yaml': TEMPLATE,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "a name is required" .Values.name }}\n',
    });
    try {
      const run = archlens(['check', 'c', '--format', 'json', '--fail-on', 'error', '--cache-dir', path.join(asks, '.cache')], asks);
      assertNoStack(run.stderr);
      const out = JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: Array<{ file: string; message: string; severity: string }> };
      assert.deepEqual(out.problems.map((p) => [p.file, p.severity, p.message.split(': the chart')[0]]), [
        ['c/templates/cm.yaml', 'warning', 'execution error at (c/templates/cm.yaml:4:11): a name is required'],
      ]);
      assert.deepEqual(out.findings.map((f) => [f.rule, f.file]), [['AL202', 'c/values.yaml']]);
      assert.equal(run.code, 0, 'nothing at error level');
      const warningsFail = archlens(['check', 'c', '--format', 'json', '--fail-on', 'warning', '--rule', 'AL202=off', '--cache-dir', path.join(asks, '.cache')], asks);
      assert.equal(warningsFail.code, 1, 'at --fail-on warning the warning fails the run');
    } finally {
      fs.rmSync(asks, { recursive: true, force: true });
    }
  });
});
