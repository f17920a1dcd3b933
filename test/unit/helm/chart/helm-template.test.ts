import * as assert from 'node:assert/strict';
import { helmTemplateOutput, parseHelmTemplateArgs } from '../../../../server/src/helm/chart/helm-template';
import type { HelmEnvironment } from '../../../../server/src/helm/chart/helm-template';
import { chartSource } from './fixtures';

const env = (files: Record<string, string>): HelmEnvironment => ({ source: chartSource(files, '/w/c'), cwd: '/w' });
const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
  'values.yaml': 'name: x\n',
  'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-{{ .Values.name }}\n  namespace: {{ .Release.Namespace }}\n',
  'templates/hook.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n',
  'override.yaml': 'name: why\n',
};
const run = (argv: string[], files: Record<string, string> = CHART) => helmTemplateOutput(env(files), parseHelmTemplateArgs(argv));

describe('helm/chart helm template', () => {
  it('reads a values file\'s y/n as booleans, as go-yaml v2 does', () => {
    assert.match(run(['rel', 'c', '--set-string', 'x=1', '-f', 'c/yes.yaml'], { ...CHART, 'yes.yaml': 'name: y\n' }).stdout, /name: rel-true\n/);
  });

  it('reads flags as pflag does', () => {
    assert.deepEqual(parseHelmTemplateArgs(['rel', 'c', '--set', 'a=1,b=2', '-f', 'x.yaml,y.yaml', '--api-versions=a/v1,b/v1', '-s', 'templates/x.yaml', '--include-crds', '--namespace=ns']), {
      args: ['rel', 'c'], set: ['a=1,b=2'], valuesFiles: ['x.yaml', 'y.yaml'], apiVersions: ['a/v1', 'b/v1'], showOnly: ['templates/x.yaml'], includeCrds: true, namespace: 'ns',
    });
    assert.throws(() => parseHelmTemplateArgs(['--nope']), /unknown flag: --nope/);
  });

  it('prints manifests then hooks; a name, a namespace and values files apply', () => {
    const r = run(['rel', 'c', '-n', 'prod', '-f', 'c/override.yaml']);
    assert.equal(r.error, undefined);
    assert.equal(r.stdout, [
      '---', '# Source: c/templates/cm.yaml', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: rel-why', '  namespace: prod',
      '---', '# Source: c/templates/hook.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: t', '  annotations:', '    helm.sh/hook: test', '', '',
    ].join('\n'));
    assert.doesNotMatch(run(['c', '--skip-tests']).stdout, /hook\.yaml/);
    assert.doesNotMatch(run(['c', '--no-hooks']).stdout, /hook\.yaml/);
  });

  it('fails as helm template fails', () => {
    assert.equal(run(['c', '--show-only', 'templates/none.yaml']).error, 'could not find template templates/none.yaml in chart');
    assert.equal(run(['c', '-f', 'missing.yaml']).error, 'open missing.yaml: no such file or directory');
    assert.match(run(['Bad_Name', 'c']).error ?? '', /^release name check failed: release name "Bad_Name": invalid release name, must match regex/);
    assert.equal(run(['a', 'b', 'c']).error, 'expected at most two arguments, unexpected arguments: c');
    assert.equal(run(['c', '--set', 'a[x]=1']).error, 'failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax');
    assert.equal(run(['c', '--kube-version', 'banana']).error, `invalid kube version 'banana': could not parse "banana" as version`);
    const broken = { ...CHART, 'templates/cm.yaml': 'kind: {{ .Values.name.x }}\n' };
    assert.equal(run(['c'], broken).error, 'c/templates/cm.yaml:1:16\n  executing "c/templates/cm.yaml" at <.Values.name.x>:\n    can\'t evaluate field x in type interface {}\n\nUse --debug flag to render out invalid YAML');
  });
});
