/**
 * `.Files` (a Go map[string][]byte) and `.Capabilities.APIVersions` (a []string) are Go named types
 * with methods. Charts range over them, take their len, test them with if/with/empty and kindOf —
 * each case here is a pattern real charts use, with what `helm template` prints for it.
 */
import * as assert from 'node:assert/strict';
import { loadChart } from '../../../../server/src/helm/chart/loader';
import { renderChart } from '../../../../server/src/helm/chart/render';
import { chartSource } from './fixtures';

const CHART = 'apiVersion: v2\nname: t\nversion: 0.1.0\n';
const FILES = {
  'files/b.conf': 'bee\n',
  'files/a.conf': 'ay\n',
  'files/sub/c.txt': 'sea',
  'other.txt': 'x',
};

function render(template: string, options: { apiVersions?: string[]; replaceApiVersions?: boolean } = {}): string {
  const chart = loadChart(chartSource({ 'Chart.yaml': CHART, ...FILES, 'templates/t.yaml': template }), '/chart');
  const r = renderChart(chart, options);
  // The outputs are not manifests (Helm's YAML split would refuse them): the template's text is what counts.
  assert.deepEqual(r.errors.filter((e) => e.stage !== 'yaml').map((e) => e.message), []);
  return r.templates.get('t/templates/t.yaml')!.output;
}

const CASES: Array<{ name: string; template: string; output: string; options?: { apiVersions?: string[]; replaceApiVersions?: boolean } }> = [
  {
    name: 'range $path, $bytes over .Files.Glob walks the matching files in path order',
    template: '{{ range $path, $bytes := .Files.Glob "files/*.conf" }}{{ $path }}={{ $.Files.Get $path | trim }};{{ end }}',
    output: 'files/a.conf=ay;files/b.conf=bee;',
  },
  {
    name: 'range with one variable gives the file contents ([]byte, printed by toString)',
    template: '{{ range .Files.Glob "files/**" }}[{{ toString . | trim }}]{{ end }}',
    output: '[ay][bee][sea]',
  },
  {
    name: 'a file\'s bytes print as Go prints a []byte: numbers under %v, text under %s',
    template: '{{ range .Files.Glob "files/a.conf" }}{{ . }} {{ printf "%s" . | trim }}{{ end }}',
    output: '[97 121 10] ay',
  },
  {
    name: 'range over an empty Glob runs else',
    template: '{{ range .Files.Glob "nothing/*" }}x{{ else }}none{{ end }}',
    output: 'none',
  },
  {
    name: 'if and with on a Glob: an empty map is false',
    template: '{{ if .Files.Glob "files/*" }}yes{{ end }}|{{ with .Files.Glob "nothing/*" }}no{{ else }}empty{{ end }}',
    output: 'yes|empty',
  },
  {
    name: 'len and empty of a Glob, kindOf of .Files',
    template: '{{ len (.Files.Glob "files/**") }} {{ empty (.Files.Glob "nothing/*") }} {{ empty (.Files.Glob "files/*") }} {{ kindOf .Files }}',
    output: '3 true false map',
  },
  {
    name: 'range over .Capabilities.APIVersions',
    template: '{{ range $i, $v := .Capabilities.APIVersions }}{{ $i }}:{{ $v }} {{ end }}',
    output: '0:example.com/v1 1:apps/v1 ',
    options: { apiVersions: ['example.com/v1', 'apps/v1'], replaceApiVersions: true },
  },
  {
    name: 'len, kindOf and has on .Capabilities.APIVersions',
    template: '{{ len .Capabilities.APIVersions }} {{ kindOf .Capabilities.APIVersions }} {{ has "apps/v1" .Capabilities.APIVersions }}',
    output: '2 slice true',
    options: { apiVersions: ['example.com/v1', 'apps/v1'], replaceApiVersions: true },
  },
  {
    name: 'break in a range over a named type',
    template: '{{ range .Capabilities.APIVersions }}{{ . }}{{ break }}{{ end }}',
    output: 'a/v1',
    options: { apiVersions: ['a/v1', 'b/v1'], replaceApiVersions: true },
  },
];

describe('helm/chart: ranging over Go named types (.Files, .Capabilities.APIVersions)', () => {
  for (const c of CASES) {
    it(c.name, () => assert.equal(render(c.template, c.options), c.output));
  }
  it('.Values is chartutil.Values: AsMap gives the map, in the chart and in a subchart (grafana k8s-monitoring _crd-validation.tpl)', () => {
    const dig = '{{ dig "op" "crds" "deploy" "unset" .Values.AsMap }}|{{ dig "op" "nothing" "fallback" .Values.AsMap }}|{{ kindOf .Values.AsMap }}';
    const chart = loadChart(chartSource({
      'Chart.yaml': CHART,
      'values.yaml': 'op:\n  crds:\n    deploy: false\nsub:\n  op:\n    crds:\n      deploy: true\n',
      'templates/t.yaml': dig,
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
      'charts/sub/templates/t.yaml': dig,
    }), '/chart');
    const r = renderChart(chart, {});
    assert.deepEqual(r.errors.filter((e) => e.stage !== 'yaml').map((e) => e.message), []);
    assert.equal(r.templates.get('t/templates/t.yaml')!.output, 'false|fallback|map');
    assert.equal(r.templates.get('t/charts/sub/templates/t.yaml')!.output, 'true|fallback|map');
  });
  it('a plain map has no AsMap method: a missing key there, as in Go', () => {
    assert.equal(render('{{ $m := dict "a" 1 }}[{{ $m.AsMap }}]{{ kindOf .Values }}'), '[]map');
  });
  it('a range over a struct is still an error, worded as Go words it', () => {
    const chart = loadChart(chartSource({ 'Chart.yaml': CHART, 'templates/t.yaml': '{{ range .Capabilities }}{{ end }}' }), '/chart');
    const r = renderChart(chart, {});
    assert.deepEqual(r.errors.map((e) => e.stage), ['exec']);
    assert.match(r.errors[0].message, /range can't iterate over/);
  });
});
