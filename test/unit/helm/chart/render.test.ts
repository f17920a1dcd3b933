import * as assert from 'node:assert/strict';
import type { FunctionMap } from '../../../../server/src/helm/template';
import { marshalYamlV2 } from '../../../../server/src/helm/functions/encoding/to-yaml';
import { helmWarnWrap } from '../../../../server/src/helm/functions/errors';
import { loadChart } from '../../../../server/src/helm/chart/loader';
import { renderChart, sortTemplates } from '../../../../server/src/helm/chart/render';
import type { RenderOptions } from '../../../../server/src/helm/chart/render';
import { chartSource } from './fixtures';

/** Just enough of Helm's function map to exercise the chart layer (the real map is tested by its own branch). */
const toYaml = (v: unknown): string => marshalYamlV2(v).text.replace(/\n$/, '');
const FUNCS: FunctionMap = {
  include: (ctx, name, data) => ctx.include(String(name), data),
  fail: (_ctx, msg) => {
    throw new Error(helmWarnWrap(String(msg)));
  },
  toYaml: (_ctx, v) => toYaml(v),
  quote: (_ctx, v) => JSON.stringify(String(v)),
};
const opts = (o: Partial<RenderOptions> = {}): RenderOptions => ({ functions: FUNCS, toYaml, ...o });

const PARENT = {
  'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\nappVersion: "2.0"\ndependencies:\n- name: db\n  version: 0.1.0\n  alias: store\n  condition: store.enabled\n',
  'values.yaml': 'image:\n  repository: nginx\n  tag: "1.25"\nglobal:\n  region: eu\nstore:\n  enabled: true\n  port: 6543\n',
  'templates/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}-{{ .Chart.Name }}',
    '  labels: {{ include "labels" . | quote }}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - image: {{ .Values.image.repository }}:{{ .Values.image.tag }}',
    '        env: {{ .Values.nothing }}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ .Template.Name }} {{ .Template.BasePath }}',
    '',
  ].join('\n'),
  'templates/_helpers.tpl': '{{- define "labels" -}}parent{{- end -}}',
  'templates/NOTES.txt': 'Thanks for installing {{ .Chart.Name }} {{ .Chart.AppVersion }} in {{ .Release.Namespace }}',
  'templates/tests/t.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test\n',
  'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
  'charts/db/values.yaml': 'port: 5432\nenabled: false\n',
  'charts/db/templates/_helpers.tpl': '{{- define "labels" -}}child{{- end -}}',
  'charts/db/templates/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ .Chart.Name }}\n  labels: {{ include "labels" . }}\nspec:\n  port: {{ .Values.port }}\n  region: {{ .Values.global.region }}\n  root: {{ .Chart.IsRoot }}\n',
};

describe('helm/chart rendering', () => {
  const chart = loadChart(chartSource(PARENT), '/chart');
  const r = renderChart(chart, opts({ releaseName: 'rel', namespace: 'ns' }));

  it('renders every template with its chart\'s scoped values, aliases and globals, in install order', () => {
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.manifests.map((m) => `${m.name} ${m.head.kind}`), [
      'web/templates/deploy.yaml Service',
      'web/templates/deploy.yaml Deployment',
      'web/charts/store/templates/sts.yaml StatefulSet',
      'web/templates/tests/t.yaml Pod',
    ]);
    const sts = r.manifests[2].text;
    assert.match(sts, /name: store\n/);
    assert.match(sts, /port: 6543\n/);
    assert.match(sts, /region: eu\n/);
    assert.match(sts, /root: false\n/);
    assert.deepEqual(r.manifests[3].hook, ['test']);
    // Template names (with aliases) lead back to the files they were read from.
    assert.equal(r.templatePaths.get('web/charts/store/templates/sts.yaml'), '/chart/charts/db/templates/sts.yaml');
    assert.equal(r.templatePaths.get('web/templates/_helpers.tpl'), '/chart/templates/_helpers.tpl');
  });

  it('parses parent templates last, so the parent\'s definitions win (as in Helm)', () => {
    assert.match(r.manifests[2].text, /labels: parent/);
    assert.deepEqual(sortTemplates(['a/templates/x', 'a/charts/b/templates/y', 'a/templates/a']), ['a/charts/b/templates/y', 'a/templates/x', 'a/templates/a']);
  });

  it('drops "<no value>" and renders built-in objects as Helm does', () => {
    const deploy = r.manifests[1].text;
    assert.match(deploy, /name: rel-web\n/);
    assert.match(deploy, /image: nginx:1.25\n/);
    assert.match(deploy, /env: \n/);
    assert.match(r.manifests[0].text, /name: web\/templates\/deploy.yaml web\/templates\n/);
    assert.equal(r.notes, 'Thanks for installing web 2.0 in ns');
  });

  it('maps the image back to the values.yaml nodes that set it', () => {
    const deploy = r.manifests[1];
    const at = deploy.text.indexOf('nginx:1.25');
    const seg = deploy.segments.find((s) => s.start <= at + 6 && s.end > at + 6 && s.kind === 'action');
    assert.ok(seg, 'a segment covers the tag');
    const tagSeg = deploy.segments.find((s) => s.start === at + 6);
    const ref = tagSeg?.values?.[0];
    assert.deepEqual(ref?.path, ['image', 'tag']);
    assert.equal(ref?.origin?.file, '/chart/values.yaml');
    assert.equal(PARENT['values.yaml'].slice(ref.origin.start, ref.origin.end), '"1.25"');
  });

  it('exposes .Capabilities (Has, KubeVersion printed as Go\'s Stringer) and .Files as Helm does', () => {
    const c = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: caps\nversion: 1.0.0\n',
      'files/a.conf': 'x=1\ny=2\n',
      'templates/cm.yaml': [
        'kind: ConfigMap',
        'data:',
        '  has: {{ .Capabilities.APIVersions.Has "apps/v1" }}-{{ .Capabilities.APIVersions.Has "example.com/v9" }}',
        '  kube: {{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }}.{{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }}',
        '  file: {{ .Files.Get "files/a.conf" | quote }}',
        '  lines: {{ len (.Files.Lines "files/a.conf") }}',
        '  none: [{{ .Files.Get "missing" }}]',
        '',
      ].join('\n'),
    }), '/chart');
    const out = renderChart(c, opts({ kubeVersion: '1.27.3-eks-1', apiVersions: ['example.com/v9'] }));
    assert.deepEqual(out.errors, []);
    const text = out.manifests[0].text;
    assert.match(text, /has: true-true\n/);
    assert.match(text, /kube: v1.27.3 v1.27.3-eks-1 1.27 v1.27.3-eks-1\n/);
    assert.match(text, /file: "x=1\\ny=2\\n"\n/);
    assert.match(text, /lines: 2\n/);
    assert.match(text, /none: \[\]\n/);
  });

  it('gives .Values the methods of Helm\'s Values type (AsMap, Table, YAML), in the root chart and a subchart', () => {
    // redpanda-operator's gotohelm charts start every render with `$values := $dot.Values.AsMap`.
    const c = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.0\n',
      'values.yaml': 'image:\n  tag: "1.25"\nsub:\n  name: inner\n',
      'templates/cm.yaml': [
        '{{- $values := .Values.AsMap -}}',
        '{{- $_ := set $values.image "pulled" "yes" -}}',
        'kind: ConfigMap',
        'data:',
        '  tag: {{ $values.image.tag }}-{{ .Values.image.pulled }}',
        '  table: {{ (.Values.Table "image").tag }} {{ (.Values.Table "sub" | kindOf) }}',
        '  via: {{ (dict "v" .Values).v.AsMap.image.tag }}',
        '  plain: {{ if .Values.image.AsMap }}method{{ else }}none{{ end }}',
        '  yaml: {{ .Values.YAML | len }}',
        '',
      ].join('\n'),
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/templates/cm.yaml': 'kind: ConfigMap\ndata:\n  name: {{ .Values.AsMap.name }}\n',
    }), '/chart');
    // Helm's own functions (set, dict, kindOf).
    const out = renderChart(c, opts({ functions: undefined }));
    assert.deepEqual(out.errors, []);
    const text = out.manifests.map((m) => m.text).join('---\n');
    assert.match(text, /tag: 1.25-yes\n/);
    assert.match(text, /table: 1.25 map\n/);
    assert.match(text, /via: 1.25\n/);
    assert.match(text, /name: inner\n/);
    // A map inside the values is a plain map: no methods there (a missing key, as Go reads it).
    assert.match(text, /plain: none\n/);
    assert.match(text, /yaml: \d+\n/);
    // Go's Table: a missing table is the method's error.
    const bad = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: bad\nversion: 1.0.0\n',
      'templates/cm.yaml': 'kind: ConfigMap\ndata:\n  x: {{ (.Values.Table "nope").x }}\n',
    }), '/chart');
    assert.match(renderChart(bad, opts({ functions: undefined })).errors.map((e) => e.message).join('\n'), /error calling Table: "nope" is not a table/);
  });

  it('traces an image and a passed-through constraint back to values.yaml nodes (the contract\'s case)', () => {
    const values = 'image:\n  repository: nginx\n  tag: "1.25"\nnodeSelector:\n  kubernetes.io/arch: arm64\naffinity: {}\n';
    const c = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'values.yaml': values,
      'templates/d.yaml': [
        'kind: Deployment',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '      - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '      {{- with .Values.nodeSelector }}',
        '      nodeSelector: {{- toYaml . | nindent 8 }}',
        '      {{- end }}',
        '      {{- with .Values.affinity }}',
        '      affinity: {{- toYaml . | nindent 8 }}',
        '      {{- end }}',
        '      {{- with .Values.tolerations }}',
        '      tolerations: {{ . }}',
        '      {{- end }}',
        '',
      ].join('\n'),
    }), '/chart');
    const m = renderChart(c, {}).manifests[0];
    const at = (s: string) => m.text.indexOf(s);
    const refAt = (offset: number) => m.segments.find((s) => s.start <= offset && offset < s.end)?.values?.[0];
    const origin = (offset: number) => {
      const o = refAt(offset)?.origin;
      return o ? values.slice(o.start, o.end) : undefined;
    };
    assert.equal(origin(at('nginx')), 'nginx');
    assert.equal(origin(at('1.25')), '"1.25"');
    assert.deepEqual(refAt(at('arm64'))?.path, ['nodeSelector', 'kubernetes.io/arch']);
    assert.equal(origin(at('arm64')), 'arm64');
    // Every with block reports what it read, taken or not, present or not.
    const events = m.events.map((e) => [e.kind, e.taken, e.values[0]?.path.join('.'), e.values[0]?.origin ? values.slice(e.values[0].origin.start, e.values[0].origin.end) : undefined]);
    assert.deepEqual(events, [
      ['with', true, 'nodeSelector', 'kubernetes.io/arch: arm64\n'],
      ['with', false, 'affinity', '{}'],
      ['with', false, 'tolerations', undefined],
    ]);
  });

  it('reports Helm\'s coalescing warnings', () => {
    const out = renderChart(chart, opts({ set: ['image.repository.x=1'] }));
    assert.ok(out.warnings.includes('warning: destination for web.image.repository is a table. Ignoring non-table value (nginx)'), out.warnings.join('\n'));
    assert.deepEqual(renderChart(chart, opts()).warnings, []);
  });

  it('stops when cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    const out = renderChart(chart, opts({ signal: controller.signal }));
    assert.deepEqual(out.errors.map((e) => e.message), ['rendering was cancelled']);
    assert.deepEqual(out.manifests, []);
  });

  it('a disabled subchart is not rendered', () => {
    const off = renderChart(chart, opts({ set: ['store.enabled=false'] }));
    assert.equal(off.manifests.some((m) => m.name.includes('store')), false);
  });

  it('reports errors in Helm\'s words and keeps rendering the rest', () => {
    const bad = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'templates/a.yaml': 'kind: A\nx: {{ fail "boom" }}\n',
      'templates/b.yaml': 'kind: B\nx: {{ .Values.a.b }}\n',
      'templates/c.yaml': 'kind: C\nx: {{ if }}\n',
      'templates/d.yaml': 'kind: D\nmetadata:\n  name: fine\n',
    }), '/chart');
    const out = renderChart(bad, opts());
    assert.deepEqual(out.errors.map((e) => e.message), [
      'parse error at (c/templates/c.yaml:2): missing value for if',
      // Helm executes in reverse name order: b.yaml before a.yaml.
      'c/templates/b.yaml:2:13\n  executing "c/templates/b.yaml" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b',
      'execution error at (c/templates/a.yaml:2:6): boom',
    ]);
    assert.deepEqual(out.errors.map((e) => [e.template, e.line]), [['c/templates/c.yaml', 2], ['c/templates/b.yaml', 2], ['c/templates/a.yaml', 2]]);
    assert.deepEqual(out.manifests.map((m) => m.head.kind), ['D']);
  });

  it('words errors through include, tpl and functions as Helm 4 does', () => {
    const c = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n',
      'templates/_h.tpl': '{{ define "x" }}{{ .Values.a.b }}{{ end }}',
      'templates/a.yaml': 'a: {{ include "x" . }}\n',
      'templates/b.yaml': 'b: {{ semverCompare "!!" "1.0" }}\n',
    }), '/chart');
    assert.deepEqual(renderChart(c, {}).errors.map((e) => e.message), [
      // A function's own error ends Helm's walk of Go's error chain: Go's one-line text stays.
      'template: c/templates/b.yaml:1:6: executing "c/templates/b.yaml" at <semverCompare "!!" "1.0">: error calling semverCompare: improper constraint: "!!"',
      // Through include, every template level gets its own lines.
      'c/templates/a.yaml:1:6\n  executing "c/templates/a.yaml" at <include "x" .>:\n    error calling include:\nc/templates/_h.tpl:1:26\n  executing "x" at <.Values.a.b>:\n    nil pointer evaluating interface {}.b',
    ]);
  });

  it('stops a template that recurses forever with a clear message, and renders the rest', () => {
    const c = loadChart(chartSource({
      'Chart.yaml': 'apiVersion: v2\nname: loop\nversion: 1.0.0\n',
      'templates/_r.tpl': '{{ define "r" }}x{{ include "r" . }}{{ end }}',
      'templates/a.yaml': 'kind: A\nv: {{ include "r" . }}\n',
      'templates/b.yaml': 'kind: B\n',
    }), '/chart');
    const t0 = Date.now();
    const out = renderChart(c, opts({ limits: { includeDepth: 300 } }));
    assert.ok(Date.now() - t0 < 5000, 'stopped quickly');
    assert.equal(out.errors.length, 1);
    assert.equal(out.errors[0].kind, 'limit');
    assert.match(out.errors[0].message, /exceeded maximum template depth \(300\)/);
    assert.deepEqual(out.manifests.map((m) => m.head.kind), ['B']);
  });

  it('refuses what helm template refuses before rendering', () => {
    const lib = loadChart(chartSource({ 'Chart.yaml': 'apiVersion: v2\nname: l\nversion: 1.0.0\ntype: library\n' }), '/chart');
    assert.equal(renderChart(lib, opts()).errors[0].message, 'library charts are not installable');
    const missing = loadChart(chartSource({ 'Chart.yaml': 'apiVersion: v2\nname: m\nversion: 1.0.0\ndependencies:\n- name: gone\n  version: 1.0.0\n' }), '/chart');
    assert.match(renderChart(missing, opts()).errors[0].message, /found in Chart.yaml, but missing in charts\/ directory: gone$/);
    const kube = loadChart(chartSource({ 'Chart.yaml': 'apiVersion: v2\nname: k\nversion: 1.0.0\nkubeVersion: ">=1.40.0-0"\n' }), '/chart');
    assert.equal(renderChart(kube, opts({ kubeVersion: '1.30' })).errors[0].message, 'chart requires kubeVersion: >=1.40.0-0 which is incompatible with Kubernetes v1.30');
  });

  describe('checkDependencies: false renders without the subcharts missing from charts/, listing those the values enable', () => {
    const chartWith = (entry: string, values = '') => loadChart(chartSource({
      'Chart.yaml': `apiVersion: v2\nname: m\nversion: 1.0.0\ndependencies:\n- name: gone\n  version: 1.0.0\n${entry}- name: here\n  version: 1.0.0\n`,
      'values.yaml': values,
      'templates/cm.yaml': 'kind: ConfigMap\n',
      'charts/here/Chart.yaml': 'apiVersion: v2\nname: here\nversion: 1.0.0\n',
      'charts/here/templates/svc.yaml': 'kind: Service\n',
    }), '/chart');
    const cases: Array<{ name: string; entry: string; values?: string; options?: Partial<RenderOptions>; missing: string[] }> = [
      { name: 'no condition, no tags: enabled', entry: '', missing: ['gone'] },
      { name: 'condition true in values.yaml', entry: '  condition: gone.enabled\n', values: 'gone:\n  enabled: true\n', missing: ['gone'] },
      { name: 'condition false in values.yaml', entry: '  condition: gone.enabled\n', values: 'gone:\n  enabled: false\n', missing: [] },
      { name: 'condition false in values.yaml, turned on by --set', entry: '  condition: gone.enabled\n', values: 'gone:\n  enabled: false\n', options: { set: ['gone.enabled=true'] }, missing: ['gone'] },
      { name: 'condition path not set anywhere: enabled, as Helm leaves it', entry: '  condition: gone.enabled\n', missing: ['gone'] },
      { name: 'the first condition path that is set decides', entry: '  condition: nope.enabled,gone.enabled\n', values: 'gone:\n  enabled: false\n', missing: [] },
      { name: 'tag false', entry: '  tags: [extra]\n', values: 'tags:\n  extra: false\n', missing: [] },
      { name: 'tag false, condition true: the condition wins', entry: '  tags: [extra]\n  condition: gone.enabled\n', values: 'tags:\n  extra: false\ngone:\n  enabled: true\n', missing: ['gone'] },
      { name: 'aliased, the alias\'s condition false', entry: '  alias: other\n  condition: other.enabled\n', values: 'other:\n  enabled: false\n', missing: [] },
      { name: 'aliased, enabled: listed under its Chart.yaml name', entry: '  alias: other\n', missing: ['gone'] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const chart = chartWith(c.entry, c.values);
        const out = renderChart(chart, opts({ ...c.options, checkDependencies: false }));
        assert.deepEqual(out.errors, []);
        assert.deepEqual(out.missingDependencies, c.missing);
        assert.deepEqual(out.manifests.map((m) => m.name), ['m/templates/cm.yaml', 'm/charts/here/templates/svc.yaml'], 'the chart and the subchart present rendered (in install order)');
        assert.match(renderChart(chart, opts(c.options)).errors[0]?.message ?? '', /missing in charts\/ directory: gone$/, 'by default, Helm\'s refusal, enabled or not');
      });
    }
  });
});
