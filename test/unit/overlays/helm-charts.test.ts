import * as assert from 'node:assert/strict';
import { applyAndRecheck, check, where } from './helpers';
import { PASS_THROUGH_DEPLOYMENT } from '../../helpers/chart-templates';

const CHART = {
  '/w/app/charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  '/w/app/charts/web/values.yaml': 'image:\n  repository: multi\n  tag: "1"\nnodeSelector: {}\n',
  '/w/app/charts/web/templates/deploy.yaml': PASS_THROUGH_DEPLOYMENT,
};

function problems(c: ReturnType<typeof check>): string[] {
  return c.problems;
}

describe('overlays: helmCharts rendered through the Helm engine', () => {
  it('renders the chart with the chart\'s values: a multi-arch image is quiet', () => {
    const c = check({ ...CHART, '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  releaseName: r1\n' }, '/w/app');
    assert.deepEqual(problems(c), []);
    assert.deepEqual(c.result.outline, ['/w/app: Deployment/r1-web']);
    assert.deepEqual(c.findings.map(where), []);
  });

  it('an image set in valuesInline is reported at that line; the fix is a new patch in the kustomization', () => {
    const c = check({
      ...CHART,
      '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  releaseName: r1\n  valuesInline:\n    image:\n      repository: amdonly\n',
    }, '/w/app');
    assert.deepEqual(c.findings.map(where), ['AL202 app/kustomization.yaml:6:19']);
    const [f] = c.findings;
    const [fix] = f.fixes!;
    assert.equal(fix.title, 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new inline patch in kustomization.yaml');
    assert.equal(fix.preferred, true);
    const files = applyAndRecheck(c, '/w/app', f, fix);
    assert.match(files.get('/w/app/kustomization.yaml')!, /\npatches:\n- patch: \|-\n[^]*name: r1-web\n[^]*kubernetes.io\/arch: amd64\n  target:\n    kind: Deployment\n    name: r1-web\n$/);
  });

  it('a constraint passed through from valuesInline is where AL201 is shown (unless the image is set there too); valuesFile and additionalValuesFiles apply in order', () => {
    const both = check({
      ...CHART,
      '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  valuesInline:\n    image:\n      repository: amdonly\n    nodeSelector:\n      kubernetes.io/arch: arm64\n',
    }, '/w/app');
    assert.deepEqual(both.findings.map(where), ['AL201 app/kustomization.yaml:5:19']);
    const amdChart = { ...CHART, '/w/app/charts/web/values.yaml': CHART['/w/app/charts/web/values.yaml'].replace('multi', 'amdonly') };
    const constraint = check({
      ...amdChart,
      '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  valuesInline:\n    nodeSelector:\n      kubernetes.io/arch: arm64\n',
    }, '/w/app');
    assert.deepEqual(constraint.findings.map(where), ['AL201 app/kustomization.yaml:5:27']);
    // With nothing given, the chart's own default is where the image comes from.
    const defaults = check({ ...amdChart, '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n' }, '/w/app');
    assert.deepEqual(defaults.findings.map(where), ['AL202 app/charts/web/values.yaml:2:15']);
    const files = check({
      ...CHART,
      '/w/app/values-prod.yaml': 'image:\n  repository: armonly\n',
      '/w/app/values-extra.yaml': 'image:\n  repository: amdonly\n',
      '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  valuesFile: values-prod.yaml\n  additionalValuesFiles: [values-extra.yaml]\n',
    }, '/w/app');
    assert.deepEqual(files.findings.map(where), ['AL202 app/values-extra.yaml:2:15']);
  });

  it('valuesMerge: override (inline wins, the default), merge (the values file wins), replace (the file is not read)', () => {
    const entry = (merge: string) => ({
      ...CHART,
      '/w/app/values-prod.yaml': 'image:\n  repository: armonly\n',
      '/w/app/kustomization.yaml': `helmCharts:\n- name: web\n  valuesFile: values-prod.yaml\n${merge}  valuesInline:\n    image:\n      repository: amdonly\n`,
    });
    assert.deepEqual(check(entry(''), '/w/app').findings.map(where), ['AL202 app/kustomization.yaml:6:19']);
    assert.deepEqual(check(entry('  valuesMerge: merge\n'), '/w/app').findings.map(where), ['AL202 app/values-prod.yaml:2:15']);
    assert.deepEqual(check(entry('  valuesMerge: replace\n'), '/w/app').findings.map(where), ['AL202 app/kustomization.yaml:7:19']);
    assert.deepEqual(problems(check(entry('  valuesMerge: sometimes\n'), '/w/app')), [
      'error app/kustomization.yaml:2:3: helm chart web: valuesMerge must be one of [merge override replace] (kustomize build fails here; archlens checks the rest)',
    ]);
  });

  it('the chart is looked for where kustomize looks: helmGlobals.chartHome, and <name>-<version>/<name> with a repo', () => {
    const moved = Object.fromEntries(Object.entries(CHART).map(([k, v]) => [k.replace('/w/app/charts/', '/w/app/vendor/'), v]));
    const home = check({ ...moved, '/w/app/kustomization.yaml': 'helmGlobals:\n  chartHome: vendor\nhelmCharts:\n- name: web\n  valuesInline: {image: {repository: amdonly}}\n' }, '/w/app');
    assert.deepEqual(home.findings.map(where), ['AL202 app/kustomization.yaml:5:38']);
    const versioned = Object.fromEntries(Object.entries(CHART).map(([k, v]) => [k.replace('/w/app/charts/web/', '/w/app/charts/web-0.1.0/web/'), v]));
    const pulled = check({ ...versioned, '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  repo: https://charts.example.com\n  version: 0.1.0\n' }, '/w/app');
    assert.deepEqual(problems(pulled), []);
    assert.deepEqual(pulled.result.outline, ['/w/app: Deployment/release-name-web']);
  });

  it('a chart kustomize would download is skipped with the reason, as an info; without a repo kustomize fails', () => {
    const remote = check({ '/w/app/kustomization.yaml': 'helmCharts:\n- name: minecraft\n  repo: https://itzg.github.io/minecraft-server-charts\n  version: 3.1.3\n' }, '/w/app');
    assert.deepEqual(problems(remote), [
      'info app/kustomization.yaml:2:3: helm chart minecraft not rendered: the chart is not in /w/app/charts/minecraft-3.1.3/minecraft: kustomize would download minecraft 3.1.3 from https://itzg.github.io/minecraft-server-charts first, and archlens downloads no charts (run `helm pull --untar --untardir /w/app/charts/minecraft-3.1.3 …` to have it checked)',
    ]);
    const missing = check({ '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n' }, '/w/app');
    assert.deepEqual(problems(missing), [
      "error app/kustomization.yaml:2:3: helm chart web: no repo specified for pull, no chart found at '/w/app/charts/web' (kustomize build fails here; archlens checks the rest)",
    ]);
  });

  it('a template error is said in Helm\'s words at the template, and the rest is still checked', () => {
    const c = check({
      ...CHART,
      '/w/app/charts/web/templates/broken.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n',
      '/w/app/kustomization.yaml': 'helmCharts:\n- name: web\n  valuesInline:\n    image:\n      repository: amdonly\n',
    }, '/w/app');
    const [problem, ...rest] = c.problems;
    assert.equal(rest.length, 0);
    // Helm counts columns from 0, editors from 1: the same place.
    assert.equal(problem, 'error app/charts/web/templates/broken.yaml:3:19: helm chart web: web/templates/broken.yaml:3:18 executing "web/templates/broken.yaml" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper (kustomize build fails here; archlens checks the rest)');
    assert.deepEqual(c.findings.map(where), ['AL202 app/kustomization.yaml:5:19']);
  });

  describe('a dependency of the chart not in its charts/ (`helm dependency build` runs first: apache/pulsar-helm-chart .ci/)', () => {
    const withDependency = (condition: string, values: string, extra: Record<string, string> = {}) => ({
      ...CHART,
      '/w/app/charts/web/Chart.yaml': `apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n- name: vm\n  version: 1.0.0\n  repository: https://charts.example.com\n${condition}`,
      '/w/app/kustomization.yaml': `helmCharts:\n- name: web\n  valuesInline:\n    image:\n      repository: amdonly\n${values}`,
      ...extra,
    });

    it('disabled by the valuesInline: nothing to say, the chart rendered and checked', () => {
      const c = check(withDependency('  condition: vm.enabled\n', '    vm:\n      enabled: false\n'), '/w/app');
      assert.deepEqual(problems(c), []);
      assert.deepEqual(c.findings.map(where), ['AL202 app/kustomization.yaml:5:19']);
    });

    it('enabled: a warning (not an error failing the run) naming it and the templates that failed without it; the rest checked', () => {
      const needs = { '/w/app/charts/web/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ include "vm.fullname" . }}\n' };
      const c = check(withDependency('', '', needs), '/w/app');
      assert.deepEqual(problems(c), [
        'warning app/kustomization.yaml:2:3: helm chart web: dependency vm is enabled but not in charts/: its templates were not checked, nor 1 template that failed without it (run `helm dependency build` in the chart\'s folder to download it)',
      ]);
      assert.deepEqual(c.findings.map(where), ['AL202 app/kustomization.yaml:5:19']);
    });

    it('disabled, a template still needing it is the chart\'s own error, in Helm\'s words', () => {
      const needs = { '/w/app/charts/web/templates/cm.yaml': 'kind: ConfigMap\nmetadata:\n  name: {{ include "vm.fullname" . }}\n' };
      const c = check(withDependency('  condition: vm.enabled\n', '    vm:\n      enabled: false\n', needs), '/w/app');
      assert.equal(c.problems.length, 1);
      assert.match(c.problems[0], /^error app\/kustomization.yaml:2:3: helm chart web: web\/templates\/cm.yaml:3:11 executing .*no template "vm.fullname" associated with template "gotpl" \(kustomize build fails here; archlens checks the rest\)$/);
    });
  });

  it('the legacy helmChartInflationGenerator fields mean the same', () => {
    const c = check({
      ...CHART,
      '/w/app/kustomization.yaml': 'helmChartInflationGenerator:\n- chartName: web\n  releaseName: old\n  valuesLocal:\n    image:\n      repository: amdonly\n',
    }, '/w/app');
    assert.deepEqual(c.result.outline, ['/w/app: Deployment/old-web']);
    assert.deepEqual(c.findings.map(where), ['AL202 app/kustomization.yaml:6:19']);
  });
});
