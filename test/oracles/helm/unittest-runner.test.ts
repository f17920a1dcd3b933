/**
 * The helm-unittest runner itself: a passing suite passes, and each kind of wrong expectation is
 * reported as a failure (so the oracle suites' passes mean something).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadChart } from '../../../server/src/helm/chart/loader';
import { NodeFsSource } from '../../../server/src/helm/chart/node-fs';
import { helmRenderOptions } from './helm-env';
import { runSuiteFile } from './unittest/runner';

const CHART: Record<string, string> = {
  'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 1.0.0\n',
  'values.yaml': 'replicas: 2\nimage: nginx:1.25\nenabled: true\n',
  'templates/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-demo',
    '  namespace: {{ .Release.Namespace }}',
    '  labels:',
    '    app.kubernetes.io/name: demo',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: {{ .Values.image }}',
    '        args: [--a, --b]',
    '{{- if semverCompare ">=1.40-0" .Capabilities.KubeVersion.Version }}',
    '      schedulerName: new',
    '{{- end }}',
    '{{- if not .Values.enabled }}{{ fail "demo must be enabled" }}{{ end }}',
    '',
  ].join('\n'),
};

const SUITE = `suite: demo
templates:
  - deploy.yaml
tests:
  - it: renders the defaults
    asserts:
      - isKind: {of: Deployment}
      - hasDocuments: {count: 1}
      - equal: {path: metadata.name, value: RELEASE-NAME-demo}
      - equal: {path: metadata.namespace, value: NAMESPACE}
      - equal: {path: spec.replicas, value: 2}
      - equal: {path: 'metadata.labels["app.kubernetes.io/name"]', value: demo}
      - contains: {path: 'spec.template.spec.containers[0].args', content: --b}
      - matchRegex: {path: 'spec.template.spec.containers[0].image', pattern: '^nginx:'}
      - notExists: {path: spec.template.spec.schedulerName}
  - it: takes set values, release and capabilities
    set:
      replicas: 5
    release:
      name: rel
    capabilities:
      majorVersion: 1
      minorVersion: 41
    asserts:
      - equal: {path: spec.replicas, value: 5}
      - equal: {path: metadata.name, value: rel-demo}
      - equal: {path: spec.template.spec.schedulerName, value: new}
  - it: sees a failure as a failed template
    set:
      enabled: false
    asserts:
      - failedTemplate: {errorMessage: demo must be enabled}
`;

/** One wrong expectation per test: each must be reported as failing. */
const WRONG = `suite: wrong
templates:
  - deploy.yaml
tests:
  - it: wrong value
    asserts:
      - equal: {path: spec.replicas, value: 3}
  - it: a float is not an int
    asserts:
      - equal: {path: spec.replicas, value: 2.0}
  - it: wrong kind
    asserts:
      - isKind: {of: StatefulSet}
  - it: missing path
    asserts:
      - exists: {path: spec.nothing}
  - it: wrong count
    asserts:
      - hasDocuments: {count: 2}
  - it: not contained
    asserts:
      - contains: {path: 'spec.template.spec.containers[0].args', content: --c}
  - it: index out of range
    documentIndex: 1
    asserts:
      - isKind: {of: Deployment}
  - it: render error where success is required
    set:
      enabled: false
    asserts:
      - isKind: {of: Deployment}
  - it: no failure where one is expected
    asserts:
      - failedTemplate: {}
  - it: wrong error message
    set:
      enabled: false
    asserts:
      - failedTemplate: {errorMessage: something else}
`;

describe('helm-unittest runner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-unittest-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(CHART)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  fs.mkdirSync(path.join(dir, 'tests'));
  fs.writeFileSync(path.join(dir, 'tests', 'good_test.yaml'), SUITE);
  fs.writeFileSync(path.join(dir, 'tests', 'wrong_test.yaml'), WRONG);
  const run = (file: string) => runSuiteFile(path.join(dir, 'tests', file), { chart: loadChart(new NodeFsSource(), dir), chartDir: dir, render: helmRenderOptions({}) })[0].tests;

  it('passes what holds', () => {
    const tests = run('good_test.yaml');
    assert.equal(tests.length, 3);
    assert.deepEqual(tests.filter((t) => !t.passed).map((t) => `${t.name}: ${t.failures.join('; ')}`), []);
  });

  it('fails every wrong expectation', () => {
    const tests = run('wrong_test.yaml');
    assert.equal(tests.length, 10);
    assert.deepEqual(tests.filter((t) => t.passed).map((t) => t.name), []);
  });
});
