/**
 * Quoted scalars and flow collections read as the Go tools read them (core/yaml/parse.ts
 * goYamlParser): a continuation line indented no deeper than the key (generated CRD descriptions in vmware-tanzu/velero
 * design/CLI/PoC/base/CRDs.yaml, argo-cd's resource_customizations testdata) is accepted by libyaml —
 * kubectl kustomize builds velero's base — while `yaml` followed the spec and reported
 * "Missing closing 'quote". The expected values are PyYAML's (libyaml's algorithm) for these texts.
 */
import * as assert from 'node:assert/strict';
import { parseYamlDocument, parseYamlDocuments } from '../../server/src/core/yaml/parse';
import { parseYamlDocument as parseGoYaml } from '../../server/src/helm/chart/go-yaml';
import { readResources } from '../../server/src/kustomize/load-resources';
import { lint } from '../helpers/lint';

const UNDER_INDENTED = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    single: 'APIVersion defines the versioned schema
    of an object. It''s quoted'
    double: "Kind is a string value
    representing the \\"REST\\" resource"
spec:
  containers:
  - name: app
    image: arm64v8/busybox:1.36
`;

const values = (text: string) => parseYamlDocuments(text).map((d) => ({ errors: d.errors.map((e) => e.code), value: d.toJS() as unknown }));

describe('YAML quoted scalars and flow collections as go-yaml reads them', () => {
  it('a continuation line indented like its key stays in the quoted scalar (single and double quotes)', () => {
    const [doc] = values(UNDER_INDENTED);
    assert.deepEqual(doc.errors, []);
    const annotations = (doc.value as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    assert.deepEqual(annotations, { single: "APIVersion defines the versioned schema of an object. It's quoted", double: 'Kind is a string value representing the "REST" resource' });
  });

  it('even at the start of a line, and in the first-document reader', () => {
    const text = "a:\n  b: 'x\ny'\n  c: 1\n";
    assert.deepEqual(values(text), [{ errors: [], value: { a: { b: 'x y', c: 1 } } }]);
    const first = parseYamlDocument(text);
    assert.deepEqual([first.errors.length, first.toJS()], [0, { a: { b: 'x y', c: 1 } }]);
  });

  it('ends at a document marker, and leaves plain scalars and unterminated quotes to the spec (libyaml rejects those too)', () => {
    assert.notDeepEqual(values("a: 'x\n---\ny'\n")[0].errors, []);
    assert.notDeepEqual(values('a:\n  b: plain\n  more\n  c: 1\n')[0].errors, []);
    assert.notDeepEqual(values("a: 'never closed\nb: 1\n")[0].errors, []);
  });

  // argo-cd util/helm/testdata/minio (the old stable/minio chart): Helm renders it.
  it('a flow collection whose lines are indented like its key, with quoted and plain items', () => {
    const text = 'a:\n  command: [ "/bin/sh",\n  "-ce",\n  "cp x &&\n  run y" ]\n  args: [ p,\nq ]\n  map: {k: 1,\n  l: 2}\n  b: 1\n';
    assert.deepEqual(values(text), [{ errors: [], value: { a: { command: ['/bin/sh', '-ce', 'cp x && run y'], args: ['p', 'q'], map: { k: 1, l: 2 }, b: 1 } } }]);
    // The block after it keeps its own indentation rules.
    assert.notDeepEqual(values('a:\n  b: [x,\n  y]\n  c: plain\n  more\n')[0].errors, []);
    assert.notDeepEqual(values('a: [x,\n---\n  y]\n')[0].errors, []);
  });

  it('Helm (values, manifests) and kustomize (resources) read it too', () => {
    assert.equal(parseGoYaml("image:\n  note: 'a\n  b'\n  tag: v1\n").errors.length, 0);
    const read = readResources(UNDER_INDENTED, 'pod.yaml', (s, e) => [s, e], 'resource');
    assert.deepEqual([read.problems, read.resources.length], [[], 1]);
  });

  it('the manifest is analysed: its rules still fire', () => {
    const { findings, problems } = lint(UNDER_INDENTED, { file: '/repo/pod.yaml' });
    assert.deepEqual([problems, findings.map((f) => f.rule)], [[], ['AL106']]);
  });
});
