import * as assert from 'node:assert/strict';
import { ChartLoadError, loadChart, loadChartArchive } from '../../../../server/src/helm/chart/loader';
import { readChartArchive } from '../../../../server/src/helm/chart/tar';
import { chartSource, tgz } from './fixtures';

const CHART = 'apiVersion: v2\nname: web\nversion: 1.2.3\nappVersion: 1.10\n';

describe('helm/chart loading', () => {
  it('sorts a chart\'s files like Helm: templates, values, schema, subcharts, plain files', () => {
    const c = loadChart(chartSource({
      'Chart.yaml': CHART,
      'values.yaml': 'image:\n  tag: "1.0"\n',
      'values.schema.json': '{}',
      'templates/deploy.yaml': 'kind: Deployment',
      'templates/_helpers.tpl': '{{ define "x" }}{{ end }}',
      'README.md': 'hi',
      'crds/crd.yaml': 'kind: CustomResourceDefinition',
      'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
      'charts/db/templates/sts.yaml': 'kind: StatefulSet',
    }), '/chart');
    assert.equal(c.metadata.name, 'web');
    // sigs.k8s.io/yaml puts the float 1.10 into a string field as Go prints a float32.
    assert.equal(c.metadata.appVersion, '1.1');
    assert.deepEqual(c.templates.map((t) => t.name), ['templates/_helpers.tpl', 'templates/deploy.yaml']);
    assert.deepEqual(c.files.map((f) => f.name), ['README.md', 'crds/crd.yaml']);
    assert.deepEqual(c.values, { image: { tag: '1.0' } });
    assert.equal(new TextDecoder().decode(c.schema), '{}');
    assert.equal(c.dependencies.length, 1);
    assert.equal(c.dependencies[0].metadata.name, 'db');
    assert.deepEqual(c.dependencies[0].templates.map((t) => t.name), ['templates/sts.yaml']);
    assert.equal(c.dependencies[0].location, '/chart/charts/db');
  });

  it('applies .helmignore (and Helm\'s default rule) while walking', () => {
    const c = loadChart(chartSource({
      'Chart.yaml': CHART,
      '.helmignore': '*.md\nsecret/\n',
      'README.md': 'x',
      'secret/key': 'k',
      'notes.txt': 'n',
      'templates/.hidden.yaml': 'x',
      'templates/a.yaml': 'a',
    }), '/chart');
    assert.deepEqual(c.files.map((f) => f.name), ['.helmignore', 'notes.txt']);
    assert.deepEqual(c.templates.map((t) => t.name), ['templates/a.yaml']);
  });

  it('loads packaged subcharts (.tgz) and whole packaged charts', () => {
    const sub = tgz('db', { 'Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.2.0\n', 'values.yaml': 'port: 5432\n', 'templates/s.yaml': 's' });
    const c = loadChart(chartSource({ 'Chart.yaml': CHART, 'charts/db-0.2.0.tgz': sub }), '/chart');
    assert.equal(c.dependencies[0].metadata.version, '0.2.0');
    assert.deepEqual(c.dependencies[0].values, { port: 5432 });
    assert.equal(c.dependencies[0].location, '/chart/charts/db-0.2.0.tgz');
    const whole = loadChartArchive(tgz('web', { 'Chart.yaml': CHART, 'templates/a.yaml': 'a' }), '/x/web.tgz');
    assert.equal(whole.templates[0].name, 'templates/a.yaml');
  });

  it('reads the first document of a Chart.yaml, as go-yaml\'s Unmarshal does (kubernetes/cloud-provider-aws ends it with ---)', () => {
    const c = loadChart(chartSource({ 'Chart.yaml': `---\n${CHART}---\n`, 'templates/a.yaml': 'a' }), '/chart');
    assert.equal(c.metadata.name, 'web');
    const second = loadChart(chartSource({ 'Chart.yaml': `${CHART}---\nname: other\n` }), '/chart');
    assert.equal(second.metadata.name, 'web');
    // A syntax error in the first document is still Helm's error.
    assert.throws(() => loadChart(chartSource({ 'Chart.yaml': 'name: [web\n---\n' }), '/chart'), /cannot load Chart.yaml: error converting YAML to JSON: yaml: line/);
  });

  it('refuses what Helm refuses, in Helm\'s words', () => {
    const load = (files: Record<string, string | Uint8Array>) => () => loadChart(chartSource(files), '/chart');
    assert.throws(load({ 'values.yaml': 'a: 1' }), (e: Error) => e instanceof ChartLoadError && e.message === 'Chart.yaml file is missing');
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n' }), /^Error: validation: chart.metadata.name is required$/);
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nname: x\n' }), /validation: chart.metadata.version is required/);
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: one\n' }), /validation: chart.metadata.version "one" is invalid/);
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\ntype: Library\n' }), /validation: chart.metadata.type must be application or library/);
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: a\n  alias: b.c\n' }), /validation: dependency "a" has disallowed characters in the alias/);
    assert.throws(load({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: bob\n' }),
      /cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.maintainers of type \[\]\*v2.Maintainer/);
    assert.throws(load({ 'Chart.yaml': CHART, 'values.yaml': 'a: [1\n' }), /^Error: cannot load values.yaml: error converting YAML to JSON: yaml: line/);
    assert.throws(load({ 'Chart.yaml': CHART, 'values.yaml': '- a\n' }),
      /cannot load values.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map\[string\]interface \{\}/);
    assert.throws(load({ 'Chart.yaml': CHART, 'charts/broken/values.yaml': 'a: 1' }), /error unpacking subchart broken in web: Chart.yaml file is missing/);
    assert.throws(load({ 'Chart.yaml': CHART, 'charts/x.tgz': new Uint8Array([1, 2, 3]) }), /error unpacking subchart x.tgz in web: gzip: invalid header/);
  });

  it('a v1 chart reads its dependencies from requirements.yaml; apiVersion defaults to v1', () => {
    const c = loadChart(chartSource({ 'Chart.yaml': 'name: old\nversion: 1.0.0\n', 'requirements.yaml': 'dependencies:\n- name: db\n  version: ~1\n' }), '/chart');
    assert.equal(c.metadata.apiVersion, 'v1');
    assert.equal(c.metadata.dependencies?.[0]?.name, 'db');
    assert.deepEqual(c.files.map((f) => f.name), ['requirements.yaml']);
  });

  it('the archive reader drops the top folder and refuses escaping paths', () => {
    assert.deepEqual(readChartArchive(tgz('top', { 'a/b.txt': 'x' })).map((f) => f.name), ['a/b.txt']);
    assert.throws(() => readChartArchive(tgz('top', { '../../etc/passwd': 'x' })), /chart illegally references parent directory/);
    assert.throws(() => readChartArchive(tgz('top', {})), /no files in chart archive/);
  });
});
