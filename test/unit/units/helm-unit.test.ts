/**
 * The Helm chart unit: findings computed on the rendered chart, shown where the user can change
 * them (values.yaml for values, the template otherwise), fixes moved there and verified (applied,
 * re-rendered, re-checked), once per place, with variants named; Helm's errors at their place.
 */
import * as assert from 'node:assert/strict';
import { applyFix, at, checkChart, chartFiles, discoverUnits, textOf } from './chart-harness';
import { PASS_THROUGH_DEPLOYMENT as PASS_THROUGH } from '../../helpers/chart-templates';

const CHART = 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1"\n';

const VALUES = `# Default values for web.
image:
  repository: amdonly
  tag: "1"

# Where the pods run.
nodeSelector: {}
`;

const chart = (extra: Record<string, string> = {}) => ({ 'Chart.yaml': CHART, 'values.yaml': VALUES, 'templates/deployment.yaml': PASS_THROUGH, ...extra });

describe('units: the Helm chart unit', () => {
  describe('fires where the user can fix it, and not when the chart is right', () => {
    it('an amd64-only image from values with a nodeSelector passed through: AL202 on the values.yaml tag, fixed in values.yaml', () => {
      const check = checkChart(chart());
      assert.deepEqual(check.problems, []);
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, at(f.range)]), [['AL202', 'values.yaml', '3:8-3:9']]);
      const [finding] = check.findings;
      assert.match(finding.message, /^"amdonly:1" may be scheduled on nodes it cannot run on: .*Container "web" of Deployment "release-name-web": it publishes only linux\/amd64/);
      assert.deepEqual(finding.related?.map((r) => [r.file, at(r.range), r.message]), [['/repo/chart/templates/deployment.yaml', '13:49-13:72', 'rendered by templates/deployment.yaml']]);
      assert.deepEqual(finding.unit, { kind: 'helm', root: '/repo/chart' });
      const fix = finding.fixes?.find((f) => f.preferred);
      assert.equal(fix?.title, 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)');
      assert.ok(fix.edits.every((e) => e.file === undefined), 'the fix edits values.yaml, the finding\'s own file');
      const fixed = applyFix(check, finding, fix);
      assert.equal(textOf(fixed, 'values.yaml'), VALUES.replace('nodeSelector: {}', 'nodeSelector:\n  kubernetes.io/arch: amd64'));
      assert.equal(textOf(fixed, 'templates/deployment.yaml'), PASS_THROUGH, 'the template is not touched');
      assert.deepEqual(checkChart(fixed).findings, [], 'rendered again, the chart is clean');
    });

    it('the same chart, constrained in values.yaml: nothing', () => {
      const check = checkChart(chart({ 'values.yaml': VALUES.replace('nodeSelector: {}', 'nodeSelector:\n  kubernetes.io/arch: amd64') }));
      assert.deepEqual(check.findings, []);
      assert.deepEqual(check.problems, []);
    });

    it('an image that covers the targets: nothing', () => {
      assert.deepEqual(checkChart(chart({ 'values.yaml': VALUES.replace('amdonly', 'multi') })).findings, []);
    });

    // prometheus-community/helm-charts jiralert: the pod's volumes come last, then the nodeSelector pass-through.
    it('a nodeSelector passed through after the pod\'s volumes is fixed in values.yaml too', () => {
      const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
      volumes:
        - name: config
          secret:
            secretName: {{ .Release.Name }}-web
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`;
      const check = checkChart(chart({ 'templates/deployment.yaml': template }));
      const [finding] = check.findings;
      assert.deepEqual([check.findings.length, finding.rule, finding.rel], [1, 'AL202', 'values.yaml']);
      const fixed = applyFix(check, finding, finding.fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'values.yaml'), VALUES.replace('nodeSelector: {}', 'nodeSelector:\n  kubernetes.io/arch: amd64'));
      assert.equal(textOf(fixed, 'templates/deployment.yaml'), template, 'the template is not touched');
      assert.deepEqual(checkChart(fixed).findings, []);
    });

    it('a nodeSelector key missing from values.yaml is added where the template reads it', () => {
      const values = 'image:\n  repository: amdonly\n  tag: "1"\n';
      const check = checkChart(chart({ 'values.yaml': values }));
      const [finding] = check.findings;
      assert.equal(finding.rule, 'AL202');
      const fixed = applyFix(check, finding, finding.fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'values.yaml'), 'nodeSelector:\n  kubernetes.io/arch: amd64\nimage:\n  repository: amdonly\n  tag: "1"\n');
      assert.deepEqual(checkChart(fixed).findings, []);
    });

    it('a nested nodeSelector with an entry already (kubernetes.io/os) gets a line beside it, comments and quoting kept', () => {
      const template = PASS_THROUGH.replace(/\.Values\.nodeSelector/g, '.Values.controller.nodeSelector');
      const values = 'image:\n  repository: amdonly\n  tag: "1"\ncontroller:\n  # Node labels for the controller.\n  nodeSelector:\n    "kubernetes.io/os": linux  # only Linux nodes\n';
      const check = checkChart(chart({ 'values.yaml': values, 'templates/deployment.yaml': template }));
      const [finding] = check.findings;
      const fixed = applyFix(check, finding, finding.fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'values.yaml'), values.replace('    "kubernetes.io/os"', '    kubernetes.io/arch: amd64\n    "kubernetes.io/os"'));
      assert.deepEqual(checkChart(fixed).findings, []);
    });

    it('an image written in the template: AL202 on the template line, the nodeSelector inserted in the template text', () => {
      const template = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: app\n      image: single:1\n';
      const check = checkChart({ 'Chart.yaml': CHART, 'values.yaml': '{}\n', 'templates/pod.yaml': template });
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, at(f.range)]), [['AL202', 'templates/pod.yaml', '7:13-7:21']]);
      const [finding] = check.findings;
      const fixed = applyFix(check, finding, finding.fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'templates/pod.yaml'), template.replace('spec:\n', 'spec:\n  nodeSelector:\n    kubernetes.io/arch: amd64\n'));
      assert.deepEqual(checkChart(fixed).findings, []);
    });

    it('a pod spec a helper writes, indented by nindent: the lines go after `spec:` in the template that includes it, not into the helper', () => {
      const helpers = '{{- define "pod" -}}\ncontainers:\n  - name: app\n    image: single:1\n{{- end }}\n';
      const template = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  {{- include "pod" . | nindent 2 }}\n';
      const check = checkChart({ 'Chart.yaml': CHART, 'values.yaml': '{}\n', 'templates/_helpers.tpl': helpers, 'templates/pod.yaml': template });
      const [finding] = check.findings;
      assert.deepEqual([finding.rule, finding.rel, at(finding.range)], ['AL202', 'templates/_helpers.tpl', '3:11-3:19'], 'the image line of the helper that wrote it');
      const fix = finding.fixes?.find((f) => f.preferred);
      assert.deepEqual(fix?.edits.map((e) => e.file), ['/repo/chart/templates/pod.yaml']);
      const fixed = applyFix(check, finding, fix);
      assert.equal(textOf(fixed, 'templates/pod.yaml'), template.replace('spec:\n', 'spec:\n  nodeSelector:\n    kubernetes.io/arch: amd64\n'));
      assert.equal(textOf(fixed, 'templates/_helpers.tpl'), helpers, 'the helper (shared by others) is not touched');
      assert.deepEqual(checkChart(fixed).findings, []);
    });
  });

  describe('values edited in place', () => {
    it('AL101 on an arch value set in values.yaml: replaced there, quoting kept', () => {
      const values = 'image:\n  repository: multi\n  tag: "1"\nnodeSelector:\n  kubernetes.io/arch: "x86_64"\n';
      const check = checkChart(chart({ 'values.yaml': values }));
      const al101 = check.findings.filter((f) => f.rule === 'AL101');
      assert.deepEqual(al101.map((f) => [f.rel, at(f.range)]), [['values.yaml', '4:23-4:29']]);
      const fixed = applyFix(check, al101[0], al101[0].fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'values.yaml'), values.replace('"x86_64"', '"amd64"'));
      assert.deepEqual(checkChart(fixed).findings.filter((f) => f.rule === 'AL101'), []);
    });

    it('AL102 on a deprecated key set in values.yaml: the key is renamed there', () => {
      const values = 'image:\n  repository: multi\n  tag: "1"\nnodeSelector:\n  beta.kubernetes.io/arch: amd64\n';
      const check = checkChart(chart({ 'values.yaml': values }));
      const al102 = check.findings.filter((f) => f.rule === 'AL102');
      assert.deepEqual(al102.map((f) => [f.rel, at(f.range)]), [['values.yaml', '4:2-4:25']]);
      const fixed = applyFix(check, al102[0], al102[0].fixes?.find((f) => f.preferred));
      assert.equal(textOf(fixed, 'values.yaml'), values.replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'));
    });

    it('AL101 on a value written in the template: fixed in the template', () => {
      const template = PASS_THROUGH.replace('      {{- with .Values.nodeSelector }}', '      nodeSelector:\n        kubernetes.io/arch: aarch64\n      {{- with .Values.tolerations }}');
      const check = checkChart(chart({ 'values.yaml': VALUES.replace('amdonly', 'multi'), 'templates/deployment.yaml': template }));
      const al101 = check.findings.filter((f) => f.rule === 'AL101');
      assert.deepEqual(al101.map((f) => [f.rel, at(f.range)]), [['templates/deployment.yaml', '8:28-8:35']]);
      const fixed = applyFix(check, al101[0], al101[0].fixes?.find((f) => f.preferred));
      assert.match(textOf(fixed, 'templates/deployment.yaml'), /kubernetes\.io\/arch: arm64\n/);
    });
  });

  describe('a fix that does not survive rendering is not offered', () => {
    it('a `with .Values.nodeSelector` that writes something else: the values edit would not constrain the pod, so no values fix', () => {
      const template = PASS_THROUGH.replace('      nodeSelector:\n        {{- toYaml . | nindent 8 }}', '      # nodeSelector {{ len . }} entries (not passed through)');
      const check = checkChart(chart({ 'templates/deployment.yaml': template }));
      const [finding] = check.findings;
      assert.equal(finding.rule, 'AL202');
      for (const fix of finding.fixes ?? []) {
        assert.ok(!fix.edits.some((e) => (e.file ?? finding.file) === '/repo/chart/values.yaml'), `a values.yaml edit was offered: ${fix.title}`);
        assert.deepEqual(checkChart(applyFix(check, finding, fix)).findings.filter((f) => f.rule === 'AL202'), []);
      }
    });
  });

  describe('once per place', () => {
    it('a helper included by two workloads with the same values: one finding, naming both', () => {
      const helpers = '{{- define "web.image" -}}{{ .Values.image.repository }}:{{ .Values.image.tag }}{{- end }}\n';
      const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: {{ include "web.image" . }}\n`;
      const check = checkChart({ 'Chart.yaml': CHART, 'values.yaml': VALUES, 'templates/_helpers.tpl': helpers, 'templates/a.yaml': deploy('a'), 'templates/b.yaml': deploy('b') });
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, at(f.range)]), [['AL202', 'values.yaml', '3:8-3:9']]);
      assert.match(check.findings[0].message, /of Deployment "a": .* The same holds for Deployment "b"\.$/);
    });

    it('variants: a finding every variant has is said once; one only a variant has names it', () => {
      const check = checkChart({
        ...chart({ 'values.yaml': VALUES.replace('amdonly', 'multi') }),
        '/repo/env/prod.yaml': 'image:\n  repository: amdonly\n',
        '/repo/env/staging.yaml': 'image:\n  repository: amdonly\n  tag: "2"\n',
      }, { config: { helm: { charts: { chart: [{ name: 'prod', values: ['env/prod.yaml'] }, { values: ['env/staging.yaml'] }] } } } });
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, at(f.range), f.unit?.variants]), [
        ['AL202', '/repo/env/prod.yaml', '1:14-1:21', ['prod']],
        ['AL202', '/repo/env/staging.yaml', '2:8-2:9', ['staging.yaml']],
      ]);
      assert.match(check.findings[0].message, /\(chart variant: prod\)$/);
      // The same image in every variant: one finding, no variant named.
      const all = checkChart({ ...chart(), '/repo/env/prod.yaml': 'replicas: 2\n' }, { config: { helm: { charts: { chart: [{ name: 'prod', values: ['env/prod.yaml'] }] } } } });
      assert.deepEqual(all.findings.map((f) => [f.rule, f.rel, f.unit?.variants]), [['AL202', 'values.yaml', undefined]]);
      assert.doesNotMatch(all.findings[0].message, /variant/);
    });

    it('a variant set with `set:` pairs: strings as written, numbers as --set types them', () => {
      const check = checkChart(chart({ 'values.yaml': VALUES.replace('amdonly', 'multi') }), { config: { helm: { charts: { chart: [{ name: 'v2', set: { 'image.repository': 'amdonly', 'image.tag': 1 } }] } } } });
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, f.unit?.variants]), [['AL202', 'templates/deployment.yaml', ['v2']]]);
    });
  });

  describe('bad input', () => {
    it('a template error: one problem at the template position in Helm\'s words, the rest of the chart still checked', () => {
      const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.deeper }}\n';
      const check = checkChart(chart({ 'templates/broken.yaml': broken }));
      assert.deepEqual(check.problems, [{
        rel: 'templates/broken.yaml',
        range: '3:8-3:36',
        // Helm's words, on one line.
        message: 'web/templates/broken.yaml:4:18 executing "web/templates/broken.yaml" at <.Values.missing.deeper>: nil pointer evaluating interface {}.deeper',
      }]);
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
    });

    it('a parse error in a helper: at the helper\'s line', () => {
      const check = checkChart(chart({ 'templates/_helpers.tpl': '{{- define "x" }}\n{{ if }}\n{{- end }}\n' }));
      assert.equal(check.problems.length, 1);
      assert.equal(check.problems[0].rel, 'templates/_helpers.tpl');
      assert.match(check.problems[0].message, /^parse error at \(web\/templates\/_helpers\.tpl:2\): missing value for if$/);
      assert.equal(check.problems[0].range?.split(':')[0], '1');
    });

    it('a chart Helm refuses to load: Helm\'s message at Chart.yaml', () => {
      const check = checkChart(chart({ 'Chart.yaml': 'apiVersion: v2\nversion: 0.1.0\n' }));
      assert.deepEqual(check.problems, [{ rel: 'Chart.yaml', message: 'validation: chart.metadata.name is required' }]);
      assert.deepEqual(check.findings, []);
    });

    it('values.yaml that does not parse: at its line', () => {
      const check = checkChart(chart({ 'values.yaml': 'image:\n  repository: amdonly\n tag: x\n' }));
      assert.equal(check.problems.length, 1);
      assert.equal(check.problems[0].rel, 'values.yaml');
      assert.match(check.problems[0].message, /^cannot load values\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    });

    // ovn-org/ovn-kubernetes helm/ovn-kubernetes: no values.yaml, but values-single-node-zone.yaml,
    // values-no-ic.yaml...; every `.Values.global.image.repository` failed at the empty defaults (errors).
    it('no values.yaml but values files beside Chart.yaml: rendered with the first of them, a note, the findings in that file', () => {
      const check = checkChart({ 'Chart.yaml': CHART, 'templates/deployment.yaml': PASS_THROUGH, 'values-b.yaml': VALUES.replace('amdonly', 'multi'), 'values-a.yaml': VALUES });
      assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [['Chart.yaml', 'values.yaml is not in the chart: its defaults were rendered with values-a.yaml, the first of its values files (name others in .archlens.yaml helm.charts)']]);
      assert.deepEqual([...check.result.files.values()].flatMap((f) => f.problems).map((p) => p.severity), ['info']);
      assert.deepEqual(check.findings.map((f) => [f.rule, f.rel, at(f.range)]), [['AL202', 'values-a.yaml', '3:8-3:9']]);
    });

    it('no values.yaml and no values files: Helm\'s error at the defaults still', () => {
      const check = checkChart({ 'Chart.yaml': CHART, 'templates/deployment.yaml': PASS_THROUGH, 'ci/x-values.yaml': VALUES });
      assert.equal(check.problems.length, 1);
      assert.match(check.problems[0].message, /nil pointer evaluating interface \{\}\.repository/);
    });

    describe('a chart that refuses its own defaults (`required`, `fail`: it asks for values on purpose)', () => {
      const REQUIRED = '{{ required "lokiAddress must be set" .Values.lokiAddress }}\n';
      const problemsOf = (check: ReturnType<typeof checkChart>) => [...check.result.files.values()].flatMap((f) => f.problems);

      it('required at the default values: a warning at the call saying what went unchecked and how to give values; the other templates checked', () => {
        const check = checkChart(chart({ 'templates/canary.yaml': REQUIRED }));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.range, p.message]), [[
          'templates/canary.yaml', '0:0-0:60',
          'execution error at (web/templates/canary.yaml:1:3): lokiAddress must be set: the chart needs values its defaults leave out, so this template was not checked; name values for it in .archlens.yaml (helm.charts)',
        ]]);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning'], 'a warning: it does not fail a run at the default --fail-on');
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
      });

      it('fail at the default values, with chart-testing values files: they are named as examples', () => {
        const check = checkChart(chart({
          'templates/canary.yaml': '{{- if not .Values.token }}{{ fail "a token must be provided" }}{{ end }}\n',
          'ci/basic-values.yaml': 'token: x\n', 'ci/README.md': 'not values\n',
        }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /^execution error at \(web\/templates\/canary\.yaml:1:\d+\): a token must be provided: the chart needs values .* \(its test values file ci\/basic-values\.yaml is one\)$/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      // teable's dockers/examples/helm ingress.yaml: `printf "%s-tls" .Values.ingress.hostname` with
      // hostname null prints `%!s(<nil>)-tls`, a YAML error; the chart wants a hostname.
      const NIL_PRINTF = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tls\ndata:\n  secretName: {{ printf "%s-tls" .Values.hostname }}\n';

      it('a value the defaults leave null, printed with printf at a YAML value start: a warning, not an error', () => {
        const check = checkChart(chart({ 'templates/ingress.yaml': NIL_PRINTF }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /^YAML parse error on web\/templates\/ingress\.yaml: .*directive indicator character %: the chart needs values its defaults leave out/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      it('must still fail: a YAML error a value does not explain stays Helm\'s error', () => {
        const check = checkChart(chart({ 'templates/ingress.yaml': NIL_PRINTF.replace('{{ printf "%s-tls" .Values.hostname }}', '%weird') }));
        assert.equal(check.problems.length, 1);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined]);
      });

      // microsoft/mssql-docker linux/rancher: secret.yaml reads .Values.mssql.sa.password, which the
      // defaults leave out and Rancher's questions.yml asks for at install (its Makefile renders
      // with values.test.yaml): Helm's nil pointer there is the chart asking, not a broken chart.
      const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: mssql-secret\ndata:\n  password: {{ .Values.mssql.sa.password | b64enc | quote }}\n';
      const QUESTIONS = 'questions:\n  - variable: mssql.pid\n    type: string\n  - variable: mssql.sa.password\n    type: password\n    required: true\n';

      it('a nil pointer on a value Rancher\'s questions.yml asks for: a warning, not an error', () => {
        const check = checkChart(chart({ 'templates/secret.yaml': SECRET, 'questions.yml': QUESTIONS }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /at <\.Values\.mssql\.sa\.password>:\s*nil pointer evaluating interface \{\}\.sa: the chart needs values its defaults leave out/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      it('must still fail: a nil pointer on a value no question asks for, or with no questions file', () => {
        const extras: Array<Record<string, string>> = [{ 'questions.yml': QUESTIONS.replace('mssql.sa.password', 'mssql.sa.user') }, {}];
        for (const extra of extras) {
          const check = checkChart(chart({ 'templates/secret.yaml': SECRET, ...extra }));
          assert.equal(check.problems.length, 1);
          assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined]);
        }
      });

      // openreplay/openreplay scripts/helmcharts: init.sh runs `helm upgrade --install openreplay
      // ./openreplay -f ./vars.yaml`; the chart's own values.yaml leaves global.postgresql out.
      const HOST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\ndata:\n  host: {{ .Values.global.postgresql.postgresqlHost | quote }}\n';
      const VARS = 'postgresql: &postgres\n  postgresqlHost: postgresql.db.svc.cluster.local\nglobal:\n  postgresql: *postgres\n';
      const INIT = (line: string) => `#!/bin/bash\nset -e\n${line}\n`;

      it('a nil pointer on a value the values file an install script in the repository passes sets: a warning naming them, not an error', () => {
        const check = checkChart(chart({ 'templates/db.yaml': HOST, '/repo/vars.yaml': VARS, '/repo/init.sh': INIT('helm upgrade --install openreplay ./chart -n app --create-namespace --wait -f ./vars.yaml --atomic') }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /at <\.Values\.global\.postgresql\.postgresqlHost>: nil pointer evaluating interface \{\}\.postgresql: the chart needs values its defaults leave out \(init\.sh installs it with vars\.yaml, which sets global\.postgresql\), so this template was not checked/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      it('must still fail: the values file does not set the value, the script installs another chart, or it passes no file', () => {
        const cases: Array<Record<string, string>> = [
          { '/repo/vars.yaml': 'global:\n  redis: {}\n', '/repo/init.sh': INIT('helm upgrade --install openreplay ./chart -f ./vars.yaml') },
          { '/repo/vars.yaml': VARS, '/repo/init.sh': INIT('helm upgrade --install toolings ./toolings -f ./vars.yaml') },
          { '/repo/vars.yaml': VARS, '/repo/init.sh': INIT('helm upgrade --install openreplay ./chart') },
        ];
        for (const extra of cases) {
          const check = checkChart(chart({ 'templates/db.yaml': HOST, ...extra }));
          assert.equal(check.problems.length, 1);
          assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined], JSON.stringify(extra));
        }
      });

      // NVIDIA/k8s-device-plugin's validation.yml fails in the 'default' namespace unless
      // allowDefaultNamespace is set: its install passes --namespace, never a value.
      const NOT_DEFAULT = '{{- if eq .Release.Namespace "default" }}{{ fail "Running in the \'default\' namespace is not recommended. Use --namespace to run in a specific namespace." }}{{ end }}\n';

      it('a chart that refuses the default namespace is rendered in a namespace of its own: no warning, its templates checked', () => {
        const check = checkChart(chart({ 'templates/validation.yml': NOT_DEFAULT }));
        assert.deepEqual(check.problems, []);
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
      });

      // allegroai/clearml-helm-charts: `kubeVersion: ">= 1.21.0-0 < 1.32.0-0"`, below the version
      // archlens renders for by default; the chart is installed on clusters it allows.
      it('a chart whose kubeVersion stops below the default is rendered for the newest version it allows', () => {
        const check = checkChart({ ...chart(), 'Chart.yaml': `${CHART}kubeVersion: ">= 1.21.0-0 < 1.32.0-0"\n`, 'templates/version.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n' });
        assert.deepEqual(check.problems, []);
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
      });

      it('must still fail: a kubeVersion no version up to the default satisfies, or one the user chose', () => {
        const future = checkChart({ ...chart(), 'Chart.yaml': `${CHART}kubeVersion: ">= 1.99.0"\n` });
        assert.match(future.problems[0]?.message ?? '', /^chart requires kubeVersion: >= 1\.99\.0 which is incompatible with Kubernetes v1\.36\.0/);
        const chosen = checkChart({ ...chart(), 'Chart.yaml': `${CHART}kubeVersion: "< 1.32.0-0"\n` }, { config: { helm: { charts: { chart: [{ name: 'new', kubeVersion: 'v1.33.0' }] } } } });
        assert.match(chosen.problems.map((p) => p.message).join('\n'), /incompatible with Kubernetes v1\.33\.0/);
      });

      // temporalio/helm-charts: `datastores.default:` left null for the user, checked by a `fail`
      // that Helm 3 reaches; Helm 4.2 drops the null and `hasKey` meets "" (a type error).
      const STORE = '{{- $c := get .Values.datastores "default" }}{{- if not (hasKey $c "sql") }}{{ fail "No valid driver configured" }}{{ end }}\n';

      it('a value the defaults leave null, checked by a fail that dropping the null skips: the chart\'s refusal, a warning', () => {
        const check = checkChart(chart({ 'values.yaml': `${VALUES}datastores:\n  default:\n`, 'templates/store.yaml': STORE }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /^execution error at \(web\/templates\/store\.yaml:1:\d+\): No valid driver configured: the chart needs values/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      it('must still fail: a type error that keeping the nulls does not cure stays Helm\'s error', () => {
        const check = checkChart(chart({ 'values.yaml': `${VALUES}datastores:\n  default: x\n`, 'templates/store.yaml': STORE }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /wrong type for value; expected map\[string\]interface \{\}; got string/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined]);
      });

      it('a refusal that another namespace does not lift keeps its warning', () => {
        const check = checkChart(chart({ 'templates/validation.yml': '{{ fail "set the namespace value" }}\n' }));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /^execution error at \(web\/templates\/validation\.yml:1:3\): set the namespace value: the chart needs values/);
      });

      it('values named in .archlens.yaml that the chart refuses: Helm\'s error, the user\'s to fix', () => {
        const files = chart({ 'templates/canary.yaml': REQUIRED, 'values-prod.yaml': 'other: 1\n' });
        const check = checkChart(files, { config: { helm: { charts: { chart: [{ name: 'prod', values: ['chart/values-prod.yaml'] }] } } } });
        const [defaults, prod] = problemsOf(check);
        assert.equal(defaults.severity, 'warning');
        assert.match(prod.message, /^execution error at \(web\/templates\/canary\.yaml:1:3\): lokiAddress must be set \(chart variant: prod\)$/);
        assert.equal(prod.severity, undefined, 'an error');
      });

      // kubernetes-sigs/external-dns charts/external-dns: `policy:` left empty in values.yaml, and
      // required by values.schema.json ("must be set explicitly"); its ci/ values set it.
      const SCHEMA = JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['policy'],
        properties: { policy: { type: 'string', enum: ['sync', 'upsert-only'] }, replicas: { type: 'integer' } },
      });
      const withSchema = (values: string, extra: Record<string, string> = {}) => chart({ 'values.schema.json': SCHEMA, 'values.yaml': `${VALUES}${values}`, ...extra });

      it('a property the schema requires and the defaults leave out: a warning saying the chart went unchecked and how to give values', () => {
        const check = checkChart(withSchema('policy:  # required\n', { 'ci/ci-values.yaml': 'policy: sync\n' }));
        assert.equal(check.problems.length, 1);
        assert.equal(check.problems[0].message, "values don't meet the specifications of the schema(s) in the following chart(s): web: - at '': missing property 'policy': the chart needs values its defaults leave out, so the chart was not checked; name values for it in .archlens.yaml (helm.charts) (its test values file ci/ci-values.yaml is one)");
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning'], 'a warning: it does not fail a run at the default --fail-on');
      });

      it('a default the schema refuses for its type or value stays an error (a mistake in the chart), alone or beside a missing property', () => {
        for (const values of ['policy: always\n', 'policy: sync\nreplicas: two\n', 'replicas: two\n']) {
          const check = checkChart(withSchema(values));
          assert.equal(check.problems.length, 1, values);
          assert.match(check.problems[0].message, /^values don't meet the specifications of the schema\(s\)/, values);
          assert.doesNotMatch(check.problems[0].message, /defaults leave out/, values);
          assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined], `an error: ${values}`);
        }
      });

      // signalfx/splunk-otel-collector-chart: an anyOf of `splunkPlatform.endpoint` or
      // `splunkObservability.realm`, both "" by default with minLength 1; sysdiglabs/charts'
      // cluster-shield: an anyOf of two places for the access key, both left out.
      const ONE_OF_TWO = JSON.stringify({
        $schema: 'http://json-schema.org/draft-07/schema#', type: 'object',
        properties: { platform: { type: 'object', properties: { endpoint: { type: 'string' } } }, realm: { type: 'string' }, replicas: { type: 'integer' } },
        anyOf: [
          { properties: { platform: { properties: { endpoint: { minLength: 1 } } } } },
          { properties: { realm: { minLength: 1 } } },
          { required: ['accessKey'] },
        ],
      });
      const withOneOfTwo = (values: string) => chart({ 'values.schema.json': ONE_OF_TWO, 'values.yaml': `${VALUES}${values}` });

      it('an anyOf whose branches fail only for a property left out or a string left "": a warning like a required property', () => {
        const check = checkChart(withOneOfTwo('platform:\n  endpoint: ""\nrealm: ""\n'));
        assert.equal(check.problems.length, 1);
        assert.match(check.problems[0].message, /anyOf failed.*minLength.*the chart needs values its defaults leave out, so the chart was not checked/s);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), ['warning']);
      });

      it('must stay an error: an anyOf whose branches fail for a value of the wrong type, or "" beside a wrong default', () => {
        for (const values of ['platform:\n  endpoint: 3\nrealm: 4\n', 'platform:\n  endpoint: ""\nrealm: ""\nreplicas: two\n']) {
          const check = checkChart(withOneOfTwo(values));
          assert.equal(check.problems.length, 1, values);
          assert.doesNotMatch(check.problems[0].message, /defaults leave out/, values);
          assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined], `an error: ${values}`);
        }
      });

      it('values named in .archlens.yaml that lack a required property: Helm\'s error, the user\'s to fix', () => {
        const files = withSchema('policy: sync\n', { 'values-prod.yaml': 'policy: null\n' });
        const check = checkChart(files, { config: { helm: { charts: { chart: [{ name: 'prod', values: ['chart/values-prod.yaml'] }] } } } });
        const [prod] = problemsOf(check);
        assert.match(prod.message, /missing property 'policy'.*\(chart variant: prod\)$/s);
        assert.equal(prod.severity, undefined, 'an error');
      });

      it('any other template error at the default values stays an error (nil pointer: helm lint fails too)', () => {
        const check = checkChart(chart({ 'templates/canary.yaml': '{{ if .Values.ingress.enabled }}x{{ end }}\n' }));
        assert.match(check.problems[0].message, /nil pointer evaluating interface \{\}\.enabled$/);
        assert.deepEqual(problemsOf(check).map((p) => p.severity), [undefined]);
      });
    });

    describe('a dependency missing from charts/ (not downloaded yet: `helm dependency build`)', () => {
      const REDIS = '  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n';
      const withDeps = (entries: string, extra: Record<string, string> = {}) => chart({ 'Chart.yaml': `${CHART}dependencies:\n${entries}`, ...extra });
      const subchart = (name: string, template: string) => ({
        [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
        [`charts/${name}/templates/deployment.yaml`]: template,
      });
      const SUB_DEPLOYMENT = PASS_THROUGH.replace('{{ .Release.Name }}-web', '{{ .Release.Name }}-{{ .Chart.Name }}').replace('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"', 'amdonly:2');

      it('enabled (no condition): one warning at its Chart.yaml entry saying what was not checked and how to include it; the chart\'s own templates still checked', () => {
        const check = checkChart(withDeps(REDIS));
        assert.deepEqual(check.problems, [{
          rel: 'Chart.yaml', range: '5:2-5:15',
          message: 'dependency redis is enabled but not in charts/: its templates were not checked (run `helm dependency build` in the chart\'s folder to download it)',
        }]);
        const [problem] = [...check.result.files.values()].flatMap((f) => f.problems);
        assert.equal(problem.severity, 'warning', 'a warning: it does not fail a run at the default --fail-on');
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
      });

      it('enabled by its condition in values.yaml: the warning', () => {
        const check = checkChart(withDeps(`${REDIS}    condition: redis.enabled\n`, { 'values.yaml': `${VALUES}redis:\n  enabled: true\n` }));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.range, p.message.split(':')[0]]), [['Chart.yaml', '5:2-5:15', 'dependency redis is enabled but not in charts/']]);
        assert.deepEqual(check.findings.map((f) => f.rule), ['AL202']);
      });

      it('disabled by its condition in values.yaml: nothing to say (Helm would not render it), the chart checked', () => {
        const check = checkChart(withDeps(`${REDIS}    condition: redis.enabled\n`, { 'values.yaml': `${VALUES}redis:\n  enabled: false\n` }));
        assert.deepEqual(check.problems, []);
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
      });

      it('disabled by a tag: nothing to say', () => {
        const check = checkChart(withDeps(`${REDIS}    tags: [cache]\n`, { 'values.yaml': `${VALUES}tags:\n  cache: false\n` }));
        assert.deepEqual(check.problems, []);
        assert.deepEqual(check.findings.map((f) => f.rule), ['AL202']);
      });

      it('under an alias: enabled or not by the alias\'s condition, and named as Chart.yaml names it', () => {
        const entry = `${REDIS}    alias: cache\n    condition: cache.enabled\n`;
        assert.deepEqual(checkChart(withDeps(entry, { 'values.yaml': `${VALUES}cache:\n  enabled: false\n` })).problems, []);
        const on = checkChart(withDeps(entry, { 'values.yaml': `${VALUES}cache:\n  enabled: true\n` }));
        assert.deepEqual(on.problems.map((p) => [p.range, p.message.split(':')[0]]), [['5:2-5:15', 'dependency redis is enabled but not in charts/']]);
      });

      it('one chart listed twice under two aliases (grafana-sampling: alloy twice): each named by its alias, not "redis, redis"', () => {
        const twice = `${REDIS}    alias: cache\n${REDIS}    alias: queue\n`;
        const check = checkChart(withDeps(twice));
        assert.deepEqual(check.problems.map((p) => [p.range, p.message.split(':')[0]]), [['5:2-5:15', 'dependencies redis (as cache), redis (as queue) are enabled but not in charts/']]);
      });

      it('disabled by default but enabled in a variant of .archlens.yaml: the warning in that variant only, named', () => {
        const files = withDeps(`${REDIS}    condition: redis.enabled\n`, { 'values.yaml': `${VALUES}redis:\n  enabled: false\n`, 'values-cache.yaml': 'redis:\n  enabled: true\n' });
        const check = checkChart(files, { config: { helm: { charts: { chart: [{ name: 'cache', values: ['chart/values-cache.yaml'] }] } } } });
        assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [[
          'Chart.yaml', 'dependency redis is enabled but not in charts/: its templates were not checked (run `helm dependency build` in the chart\'s folder to download it) (chart variant: cache)',
        ]]);
      });

      it('several enabled, one present: the missing ones named together, once; the present one rendered and checked', () => {
        const entries = `${REDIS}  - name: db\n    version: 1.0.0\n  - name: queue\n    version: 2.0.0\n`;
        const check = checkChart(withDeps(entries, subchart('db', SUB_DEPLOYMENT)));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.range, p.message]), [[
          'Chart.yaml', '5:2-5:15', 'dependencies redis, queue are enabled but not in charts/: their templates were not checked (run `helm dependency build` in the chart\'s folder to download them)',
        ]]);
        assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]).sort(), [['AL202', 'charts/db/templates/deployment.yaml'], ['AL202', 'values.yaml']]);
      });

      it('a template of the chart that needs the missing subchart (its named template): named in the warning, not an error; the other templates checked', () => {
        const needs = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "redis.fullname" . }}\n';
        const check = checkChart(withDeps(REDIS, { 'templates/cm.yaml': needs }));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [[
          'Chart.yaml', 'dependency redis is enabled but not in charts/: its templates were not checked, nor templates/cm.yaml, which failed without it (run `helm dependency build` in the chart\'s folder to download it)',
        ]]);
        assert.deepEqual(check.findings.map((f) => f.rule), ['AL202']);
      });

      it('reached through a named template of _helpers.tpl called with `template` (wiremind/wiremind-helm-charts redis): the warning names the template that failed, not the partial', () => {
        const helpers = '{{- define "chart.fullname" -}}{{ include "redis.fullname" . }}{{- end -}}\n';
        const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ template "chart.fullname" . }}\n';
        const check = checkChart(withDeps(REDIS, { 'templates/_helpers.tpl': helpers, 'templates/cm.yaml': cm }));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [[
          'Chart.yaml', 'dependency redis is enabled but not in charts/: its templates were not checked, nor templates/cm.yaml, which failed without it (run `helm dependency build` in the chart\'s folder to download it)',
        ]]);
        // Through `include` from the template itself: named as before.
        const viaInclude = checkChart(withDeps(REDIS, { 'templates/_helpers.tpl': helpers, 'templates/cm.yaml': cm.replace('template "chart.fullname" .', 'include "chart.fullname" .') }));
        assert.match(viaInclude.problems[0].message, /nor templates\/cm\.yaml, which failed/);
      });

      it('NOTES.txt that needs it is not named (k8s-at-home/charts: "nor templates/common.yaml, templates/NOTES.txt"): it holds no manifest to check', () => {
        const notes = 'Installed {{ include "redis.fullname" . }}\n';
        const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "redis.fullname" . }}\n';
        const check = checkChart(withDeps(REDIS, { 'templates/NOTES.txt': notes, 'templates/cm.yaml': cm }));
        assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [[
          'Chart.yaml', 'dependency redis is enabled but not in charts/: its templates were not checked, nor templates/cm.yaml, which failed without it (run `helm dependency build` in the chart\'s folder to download it)',
        ]]);
        const onlyNotes = checkChart(withDeps(REDIS, { 'templates/NOTES.txt': notes }));
        assert.deepEqual(onlyNotes.problems.map((p) => p.message.split(' (run')[0]), ['dependency redis is enabled but not in charts/: its templates were not checked']);
      });

      describe('a local one (`repository: file://../partials`), which `helm dependency build` copies from the repository', () => {
        // linkerd/linkerd2: each chart takes its named templates from charts/partials, a sibling folder.
        const PARTIALS = '  - name: partials\n    version: 0.1.0\n    repository: file://../partials\n';
        const IMAGE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: proxy\nspec:\n  template:\n    spec:\n      containers:\n        - name: proxy\n          image: {{ include "partials.image" . }}\n';
        const partials = (version = '0.1.0', name = 'partials') => ({
          '/repo/partials/Chart.yaml': `apiVersion: v1\nname: ${name}\nversion: ${version}\n`,
          '/repo/partials/templates/_image.tpl': '{{- define "partials.image" -}}amdonly:2{{- end -}}\n',
        });

        it('in the repository: rendered as its subchart, the templates that use it checked (the finding where the image is written), no warning', () => {
          const check = checkChart(withDeps(PARTIALS, { 'templates/proxy.yaml': IMAGE, ...partials() }));
          assert.deepEqual(check.problems, []);
          assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]).sort(), [['AL202', '/repo/partials/templates/_image.tpl'], ['AL202', 'values.yaml']]);
          assert.match(check.findings.find((f) => f.rel !== 'values.yaml')!.message, /^"amdonly:2" may be scheduled/);
        });

        it('not there, of another version, or another chart\'s name: missing as before, the warning names what failed without it', () => {
          for (const files of [{}, partials('0.2.0'), partials('0.1.0', 'other')]) {
            const check = checkChart(withDeps(PARTIALS, { 'templates/proxy.yaml': IMAGE, ...files }));
            assert.deepEqual(check.problems.map((p) => [p.rel, p.message]), [[
              'Chart.yaml', 'dependency partials is enabled but not in charts/: its templates were not checked, nor templates/proxy.yaml, which failed without it (run `helm dependency build` in the chart\'s folder to download it)',
            ]]);
            assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]), [['AL202', 'values.yaml']]);
          }
        });

        describe('whose own dependency is not in its charts/ either (keptn/lifecycle-toolkit: chart/ takes ../lifecycle-operator/chart, which needs `common`)', () => {
          const COMMON = '  - name: common\n    version: 0.2.1\n    repository: https://charts.example.com\n';
          const LABELS = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: partials-cm\n  labels: {{ include "common.labels" . }}\n';
          const needsCommon = (dependency: string, values = '') => ({
            ...partials(),
            '/repo/partials/Chart.yaml': `apiVersion: v2\nname: partials\nversion: 0.1.0\ndependencies:\n${dependency}`,
            '/repo/partials/values.yaml': values,
            '/repo/partials/templates/cm.yaml': LABELS,
          });

          it('enabled: one warning at the top chart\'s entry for the subchart, naming it by its path and counting the templates that failed; no template errors', () => {
            const check = checkChart(withDeps(PARTIALS, { 'templates/proxy.yaml': IMAGE, ...needsCommon(COMMON) }));
            assert.deepEqual(check.problems.map((p) => [p.rel, p.range, p.message]), [[
              'Chart.yaml', '5:2-5:18', 'subchart dependency partials/common is enabled but not in the subchart\'s charts/: its templates were not checked, nor 1 template that failed without it (run `helm dependency build` in the subchart\'s folder to download it)',
            ]]);
            const [problem] = [...check.result.files.values()].flatMap((f) => f.problems);
            assert.equal(problem.severity, 'warning');
            assert.deepEqual(check.findings.map((f) => [f.rule, f.rel]).sort(), [['AL202', '/repo/partials/templates/_image.tpl'], ['AL202', 'values.yaml']]);
          });

          it('disabled by its condition in the subchart\'s values: a template still calling it is the chart\'s own error, in Helm\'s words', () => {
            const check = checkChart(withDeps(PARTIALS, { 'templates/proxy.yaml': IMAGE, ...needsCommon(`${COMMON}    condition: common.enabled\n`, 'common:\n  enabled: false\n') }));
            assert.deepEqual(check.problems.map((p) => p.rel), ['/repo/partials/templates/cm.yaml']);
            assert.match(check.problems[0].message, /no template "common.labels" associated with template "gotpl"$/);
          });
        });

        it('an absolute path, or a remote repository, is not read from the disk', () => {
          const absolute = '  - name: partials\n    version: 0.1.0\n    repository: file:///repo/partials\n';
          for (const entry of [absolute, PARTIALS.replace('file://../partials', 'https://charts.example.com')]) {
            const check = checkChart(withDeps(entry, { 'templates/proxy.yaml': IMAGE, ...partials() }));
            assert.deepEqual(check.problems.map((p) => p.message.split(':')[0]), ['dependency partials is enabled but not in charts/']);
          }
        });
      });

      it('the same template error with the dependency disabled is the chart\'s own error, said in Helm\'s words', () => {
        const needs = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "redis.fullname" . }}\n';
        const check = checkChart(withDeps(`${REDIS}    condition: redis.enabled\n`, { 'values.yaml': `${VALUES}redis:\n  enabled: false\n`, 'templates/cm.yaml': needs }));
        assert.deepEqual(check.problems.map((p) => p.rel), ['templates/cm.yaml']);
        assert.match(check.problems[0].message, /error calling include: template: no template "redis.fullname" associated with template "gotpl"$/);
      });
    });

    it('a runaway template stops at the engine\'s limit with a clear message', () => {
      const check = checkChart(chart({ 'templates/loop.yaml': '{{ range until 100000000 }}x{{ end }}\n' }));
      assert.equal(check.problems.length, 1);
      assert.equal(check.problems[0].rel, 'templates/loop.yaml');
      assert.match(check.problems[0].message, /error calling until: .* over the limit of 1000000$/);
      assert.deepEqual(check.findings.map((f) => f.rule), ['AL202']);
    });

    it('a values file named in .archlens.yaml that does not exist: said at Chart.yaml', () => {
      const check = checkChart(chart(), { config: { helm: { charts: { chart: [{ values: ['nope.yaml'] }] } } } });
      assert.equal(check.problems.length, 1);
      assert.match(check.problems[0].message, /the values file nope\.yaml that \.archlens\.yaml names for this chart does not exist/);
    });

    it('a library chart renders nothing and says nothing', () => {
      const check = checkChart({ 'Chart.yaml': `${CHART}type: library\n`, 'templates/_x.tpl': '{{ define "x" }}{{ end }}' });
      assert.deepEqual([check.findings, check.problems], [[], []]);
    });
  });

  describe('suppression', () => {
    it('`# archlens ignore=AL202` above the values.yaml line silences the finding placed there', () => {
      const check = checkChart(chart({ 'values.yaml': VALUES.replace('  tag: "1"', '  # archlens ignore=AL202\n  tag: "1"') }));
      assert.deepEqual(check.findings, []);
    });
  });

  describe('discovery', () => {
    it('a chart root is a folder with Chart.yaml; subcharts belong to their parent; other files stay plain', () => {
      const files = [
        '/repo/chart/Chart.yaml', '/repo/chart/values.yaml', '/repo/chart/values-prod.yaml', '/repo/chart/templates/deployment.yaml',
        '/repo/chart/charts/db/Chart.yaml', '/repo/chart/charts/db/templates/sts.yaml', '/repo/chart/ci/test-values.yaml',
        '/repo/chart/tests/deployment_test.yaml', '/repo/other/Chart.yaml', '/repo/plain/pod.yaml',
      ];
      const source = chartFiles(Object.fromEntries(files.map((f) => [f, 'x: 1\n'])));
      const found = discoverUnits(files, source);
      assert.deepEqual(found.units.map((u) => [u.root, u.anchor]), [['/repo/chart', '/repo/chart/Chart.yaml'], ['/repo/other', '/repo/other/Chart.yaml']]);
      assert.deepEqual([...found.members].sort(), [
        '/repo/chart/Chart.yaml', '/repo/chart/charts/db/Chart.yaml', '/repo/chart/charts/db/templates/sts.yaml',
        '/repo/chart/templates/deployment.yaml', '/repo/chart/values-prod.yaml', '/repo/chart/values.yaml', '/repo/other/Chart.yaml',
      ]);
    });
  });
});
