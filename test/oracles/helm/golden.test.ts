/**
 * Helm's own `helm template` golden outputs (../shared/oracles/helm/helm-golden): every case of
 * reference/template_test.go's TestTemplateCmd, rendered in-process, byte for byte. The other
 * tests of that file (version completion) talk to chart repositories and are not rendering.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { helmTemplateOutput, parseHelmTemplateArgs } from '../../../server/src/helm/chart/helm-template';
import { NodeFsSource } from '../../../server/src/helm/chart/node-fs';
import { helmEnvironment } from './helm-env';
import { sharedDir } from './shared';

/** TestTemplateCmd's table: [name, command, golden file]. Commands keep Helm's testdata paths. */
const CASES: Array<[string, string, string]> = [
  ['check name', "template 'testdata/testcharts/subchart'", 'template.txt'],
  ['check set name', "template 'testdata/testcharts/subchart' --set service.name=apache", 'template-set.txt'],
  ['check values files', "template 'testdata/testcharts/subchart' --values 'testdata/testcharts/subchart/charts/subchartA/values.yaml'", 'template-values-files.txt'],
  ['check name template', `template 'testdata/testcharts/subchart' --name-template='foobar-{{ b64enc "abc" | lower }}-baz'`, 'template-name-template.txt'],
  ['check no args', 'template', 'template-no-args.txt'],
  ['check library chart', "template 'testdata/testcharts/lib-chart'", 'template-lib-chart.txt'],
  ['check chart bad type', "template 'testdata/testcharts/chart-bad-type'", 'template-chart-bad-type.txt'],
  ['check chart with dependency which is an app chart acting as a library chart', "template 'testdata/testcharts/chart-with-template-lib-dep'", 'template-chart-with-template-lib-dep.txt'],
  ['check chart with dependency which is an app chart archive acting as a library chart', "template 'testdata/testcharts/chart-with-template-lib-archive-dep'", 'template-chart-with-template-lib-archive-dep.txt'],
  ['check kube version', "template --kube-version 1.16.0 'testdata/testcharts/subchart'", 'template-with-kube-version.txt'],
  ['check kube api versions (comma list)', "template --api-versions helm.k8s.io/test,helm.k8s.io/test2 'testdata/testcharts/subchart'", 'template-with-api-version.txt'],
  ['check kube api versions (repeated flag)', "template --api-versions helm.k8s.io/test --api-versions helm.k8s.io/test2 'testdata/testcharts/subchart'", 'template-with-api-version.txt'],
  ['template with CRDs', "template 'testdata/testcharts/subchart' --include-crds", 'template-with-crds.txt'],
  ['template with show-only one', "template 'testdata/testcharts/subchart' --show-only templates/service.yaml", 'template-show-only-one.txt'],
  ['template with show-only multiple', "template 'testdata/testcharts/subchart' --show-only templates/service.yaml --show-only charts/subcharta/templates/service.yaml", 'template-show-only-multiple.txt'],
  ['template with show-only glob', "template 'testdata/testcharts/subchart' --show-only templates/subdir/role*", 'template-show-only-glob.txt'],
  ['sorted output of manifests', "template 'testdata/testcharts/object-order'", 'object-order.txt'],
  ['chart with template with invalid yaml', "template 'testdata/testcharts/chart-with-template-with-invalid-yaml'", 'template-with-invalid-yaml.txt'],
  ['chart with template with invalid yaml (--debug)', "template 'testdata/testcharts/chart-with-template-with-invalid-yaml' --debug", 'template-with-invalid-yaml-debug.txt'],
  ['chart with template with invalid template expression (--debug, --show-only)', "template 'testdata/testcharts/chart-with-template-with-invalid-template-expr' --debug --show-only templates/alpine-pod.yaml", 'template-with-invalid-template-expr-debug-show-only.txt'],
  ['template skip-tests', "template 'testdata/testcharts/subchart' --skip-tests", 'template-skip-tests.txt'],
  ['ensure nil/null values pass to subcharts delete values', "template 'testdata/testcharts/issue-9027'", 'issue-9027.txt'],
  ['template with imported subchart values ensuring import', "template 'testdata/testcharts/subchart' --set configmap.enabled=true --set subchartb.enabled=true", 'template-subchart-cm.txt'],
  ['template with imported subchart values set with --set', "template 'testdata/testcharts/subchart' --set configmap.enabled=true --set subchartb.enabled=true --set configmap.value=baz", 'template-subchart-cm-set.txt'],
  ['template with imported subchart values set with -f', 'template \'testdata/testcharts/subchart\' -f testdata/testcharts/subchart/extra_values.yaml', 'template-subchart-cm-set-file.txt'],
];

/** go-shellwords, as far as these commands need: quotes group and are removed. */
function shellwords(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const c of cmd) {
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === ' ') {
      if (has || cur !== '') out.push(cur);
      cur = '';
      has = false;
    } else cur += c;
  }
  if (has || cur !== '') out.push(cur);
  return out;
}

describe('Helm golden outputs (helm template)', function () {
  const root = sharedDir('oracles', 'helm', 'helm-golden');
  if (!root) {
    it.skip('../shared/oracles/helm/helm-golden is missing (ARCHLENS_ALLOW_MISSING_SHARED=1)');
    return;
  }
  // Helm's tests run in pkg/cmd with charts under testdata/; the oracle keeps them at its root.
  // The goldens come from Helm's test build, whose default Kubernetes version is v1.20.0.
  const env = { ...helmEnvironment(new NodeFsSource(), root), defaultKubeVersion: 'v1.20.0' };
  let passed = 0;

  it('covers every golden case of TestTemplateCmd', () => {
    const reference = fs.readFileSync(path.join(root, 'reference', 'template_test.go'), 'utf8');
    const body = reference.slice(reference.indexOf('func TestTemplateCmd'), reference.indexOf('func TestTemplateVersionCompletion'));
    const goldens = [...body.matchAll(/golden:\s*"output\/([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(goldens)].sort(), [...new Set(CASES.map((c) => c[2]))].sort());
    assert.equal(goldens.length, CASES.length);
  });

  for (const [name, cmd, golden] of CASES) {
    it(`${name} → ${golden}`, () => {
      const argv = shellwords(cmd.replace(/testdata\//g, '')).slice(1);
      const r = helmTemplateOutput(env, parseHelmTemplateArgs(argv));
      const out = r.stdout + (r.error !== undefined ? `Error: ${r.error}\n` : '');
      assert.equal(out, fs.readFileSync(path.join(root, 'output', golden), 'utf8'));
      passed++;
    });
  }

  after(() => {
    // The figure the report quotes.
    if (passed > 0) console.log(`      helm-golden: ${passed}/${CASES.length} byte-identical`);
  });
});
