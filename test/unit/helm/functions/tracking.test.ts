/**
 * Provenance through the functions (HELM-CONTRACT.md): toYaml / toJson of values put one segment
 * on every key and scalar with that entry's ValueRef, and the string functions that wrap
 * include/toYaml output (nindent, indent, trim*, quote, replace, default) keep the segments.
 */
import * as assert from 'node:assert/strict';
import type { OutputSegment, ValueProvenance, ValueRef } from '../../../../server/src/helm/template';
import { renderTemplate } from './helpers';

/** A provenance for a values tree: every container entry gets its path as its ref. */
function provenanceOf(values: object): ValueProvenance {
  const refs = new WeakMap<object, Map<string | number, ValueRef>>();
  const walk = (container: object, path: (string | number)[]): void => {
    const map = new Map<string | number, ValueRef>();
    refs.set(container, map);
    const entries: Array<[string | number, unknown]> = Array.isArray(container) ? container.map((v, i) => [i, v]) : Object.entries(container);
    for (const [key, value] of entries) {
      const p = [...path, key];
      map.set(key, { path: p, origin: { file: 'values.yaml', start: 0, end: 0 } });
      if (value !== null && typeof value === 'object') walk(value, p);
    }
  };
  walk(values, []);
  return { refOf: (container, key) => refs.get(container)?.get(key) };
}

function run(template: string, values: Record<string, unknown>): { output: string; segments: OutputSegment[] } {
  const data = { Values: values };
  const r = renderTemplate(template, data, {}, { provenance: provenanceOf(data) });
  if (r.error !== undefined) throw new Error(r.error);
  return { output: r.result!.output, segments: r.result!.segments };
}

/** The value paths of the segments covering output text `needle` (first occurrence). */
function pathsAt(result: { output: string; segments: OutputSegment[] }, needle: string): string[] {
  const at = result.output.indexOf(needle);
  assert.ok(at >= 0, `${JSON.stringify(needle)} in ${JSON.stringify(result.output)}`);
  const covering = result.segments.filter((s) => s.start < at + needle.length && s.end > at);
  return [...new Set(covering.flatMap((s) => (s.values ?? []).map((v) => v.path.join('.'))))];
}

describe('helm functions: provenance through toYaml, toJson and the string functions', () => {
  const values = {
    nodeSelector: { 'kubernetes.io/arch': 'arm64', tier: 'web' },
    image: { repository: 'nginx', tag: '1.25' },
    tolerations: [{ key: 'arch', value: 'arm64' }],
  };

  it('nindent of toYaml of a values map: each key and scalar points at its values entry', () => {
    const r = run('spec:\n  {{- with .Values.nodeSelector }}\n  nodeSelector:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n', values);
    assert.equal(r.output, 'spec:\n  nodeSelector:\n    kubernetes.io/arch: arm64\n    tier: web\n');
    assert.deepEqual(pathsAt(r, 'arm64'), ['Values.nodeSelector.kubernetes.io/arch']);
    assert.ok(pathsAt(r, 'kubernetes.io/arch').includes('Values.nodeSelector.kubernetes.io/arch'));
    assert.deepEqual(pathsAt(r, 'web'), ['Values.nodeSelector.tier']);
    // segments stay sorted and disjoint
    for (let i = 1; i < r.segments.length; i++) assert.ok(r.segments[i - 1].end <= r.segments[i].start);
  });

  it('toYaml of a list of maps points into the list', () => {
    const r = run('{{ toYaml .Values.tolerations | indent 2 }}', values);
    assert.equal(r.output, '  - key: arch\n    value: arm64');
    assert.deepEqual(pathsAt(r, 'arm64'), ['Values.tolerations.0.value']);
    assert.deepEqual(pathsAt(r, 'arch'), ['Values.tolerations.0.key']);
  });

  it('toJson of a values map points every scalar at its entry', () => {
    const r = run('{{ toJson .Values.image }}', values);
    assert.equal(r.output, '{"repository":"nginx","tag":"1.25"}');
    assert.deepEqual(pathsAt(r, '"1.25"'), ['Values.image.tag']);
    assert.deepEqual(pathsAt(r, '"nginx"'), ['Values.image.repository']);
  });

  it('quote, default, trimSuffix, replace and printf keep the refs of the values they print', () => {
    const r = run('image: {{ printf "%s:%s" .Values.image.repository (.Values.image.tag | default "latest") | quote }}', values);
    assert.equal(r.output, 'image: "nginx:1.25"');
    const paths = pathsAt(r, 'nginx:1.25');
    assert.ok(paths.includes('Values.image.repository') && paths.includes('Values.image.tag'), paths.join());
    const r2 = run('{{ define "img" }}{{ .Values.image.repository }}-{{ end }}{{ include "img" . | trimSuffix "-" | replace "ngi" "NGI" | quote }}', values);
    assert.equal(r2.output, '"NGInx"');
    assert.ok(pathsAt(r2, 'nx').includes('Values.image.repository'));
  });

  it('indent and trim keep the template text of an include one to one', () => {
    const template = '{{- define "labels" }}\napp: demo\ntier: {{ .Values.nodeSelector.tier }}\n{{ end }}labels:\n{{- include "labels" . | trim | nindent 2 }}';
    const r = run(template, values);
    assert.equal(r.output, 'labels:\n  app: demo\n  tier: web');
    const at = r.output.indexOf('app: demo');
    const seg = r.segments.find((s) => s.start <= at && s.end > at && s.kind === 'text');
    assert.ok(seg, 'a text segment covers "app: demo"');
    const tplOffset = seg.tplStart + (at - seg.start);
    assert.equal(template.slice(tplOffset, tplOffset + 'app: demo'.length), 'app: demo');
    assert.deepEqual(pathsAt(r, 'web'), ['Values.nodeSelector.tier']);
  });

  it('without provenance the same functions return plain strings', () => {
    const r = renderTemplate('{{ toYaml .Values.nodeSelector | nindent 2 }}', { Values: values });
    assert.equal(r.output, '\n  kubernetes.io/arch: arm64\n  tier: web');
  });
});
