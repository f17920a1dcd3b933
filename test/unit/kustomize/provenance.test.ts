/**
 * The source map of a build: each emitted node names the text that produced its final value and
 * the role of that text — the base resource, the `images:` entry, the patch (file or inline in
 * the kustomization), or a kustomization transformer field.
 */
import * as assert from 'node:assert/strict';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { BuiltDocument, OverlayBuild, Segment } from '../../../server/src/kustomize/model';
import { y } from './cases';
import { buildCase, caseFiles } from './helpers';

const FILES: Record<string, string> = {
  'base/deploy.yaml': y(`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        app: web
    spec:
      replicas: 1
      template:
        spec:
          containers:
          - name: app
            image: nginx:1.25
          - name: side
            image: busybox
  `),
  'base/kustomization.yaml': y(`
    resources:
    - deploy.yaml
  `),
  'overlay/arch.yaml': y(`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          nodeSelector:
            kubernetes.io/arch: arm64
  `),
  'overlay/kustomization.yaml': y(`
    namespace: prod
    namePrefix: p-
    commonLabels:
      team: blue
    resources:
    - ../base
    patches:
    - path: arch.yaml
    - target:
        kind: Deployment
      patch: |-
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: any
        spec:
          template:
            spec:
              tolerations:
              - key: arch
                value: arm64
    - target:
        kind: Deployment
      patch: |-
        - op: add
          path: /spec/template/spec/priorityClassName
          value: high
    replicas:
    - name: web
      count: 3
    images:
    - name: busybox
      newTag: "1.36"
  `),
};

const KUST = '/k/overlay/kustomization.yaml';

/** The emitted node at a path of keys and indexes, as the `yaml` package reads the document. */
function nodeAt(doc: BuiltDocument, path: Array<string | number>, key = false): Node {
  const parsed = parseDocument(doc.text);
  let node: unknown = parsed.contents;
  let keyNode: unknown;
  for (const step of path) {
    if (typeof step === 'number') {
      assert.ok(isSeq(node), `not a list at ${step}`);
      node = node.items[step];
    } else {
      assert.ok(isMap(node), `not a map at ${step}`);
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      assert.ok(pair, `no key ${step}`);
      keyNode = pair.key;
      node = pair.value;
    }
  }
  return (key ? keyNode : node) as Node;
}

function segmentAt(doc: BuiltDocument, path: Array<string | number>, key = false): Segment {
  const node = nodeAt(doc, path, key);
  const [start, end] = node.range as [number, number, number];
  const found = doc.segments.filter((s) => s.start === start && s.end === end);
  assert.ok(found.length > 0, `no segment at ${path.join('.')} [${start}, ${end}) in\n${doc.text}`);
  return found[found.length - 1];
}

function originText(build: OverlayBuild, s: Segment): string {
  const text = caseFiles({ files: FILES })[s.origin.file];
  assert.ok(text !== undefined, `origin file ${s.origin.file} is not an input`);
  return text.slice(s.origin.start, s.origin.end);
}

describe('kustomize: the source map of a build', () => {
  const build = buildCase({ files: FILES, dir: 'overlay' });
  const doc = build.documents[0];

  it('builds the overlay without problems', () => {
    assert.deepEqual(build.problems, []);
    assert.equal(build.documents.length, 1);
    assert.deepEqual(doc.id, { group: 'apps', version: 'v1', kind: 'Deployment', name: 'p-web', namespace: 'prod' });
  });

  it('an image set by an `images:` entry points at that entry', () => {
    const s = segmentAt(doc, ['spec', 'template', 'spec', 'containers', 1, 'image']);
    assert.equal(s.role, 'images-entry');
    assert.equal(s.origin.file, KUST);
    assert.equal(originText(build, s), 'name: busybox\n  newTag: "1.36"');
  });

  it('an image the overlay does not touch points at the base line', () => {
    const s = segmentAt(doc, ['spec', 'template', 'spec', 'containers', 0, 'image']);
    assert.equal(s.role, 'resource');
    assert.equal(s.origin.file, '/k/base/deploy.yaml');
    assert.equal(originText(build, s), 'nginx:1.25');
    const key = segmentAt(doc, ['spec', 'template', 'spec', 'containers', 0, 'image'], true);
    assert.equal(originText(build, key), 'image');
  });

  it('a constraint added by a patch file points at the patch line, key and value', () => {
    const value = segmentAt(doc, ['spec', 'template', 'spec', 'nodeSelector', 'kubernetes.io/arch']);
    assert.equal(value.role, 'patch');
    assert.equal(value.origin.file, '/k/overlay/arch.yaml');
    assert.equal(originText(build, value), 'arm64');
    const key = segmentAt(doc, ['spec', 'template', 'spec', 'nodeSelector'], true);
    assert.equal(key.role, 'patch');
    assert.equal(originText(build, key), 'nodeSelector');
  });

  it('a value from a patch written inline in the kustomization points inside its block scalar', () => {
    const s = segmentAt(doc, ['spec', 'template', 'spec', 'tolerations', 0, 'value']);
    assert.equal(s.role, 'patch');
    assert.equal(s.origin.file, KUST);
    assert.equal(originText(build, s), 'arm64');
    const text = FILES['overlay/kustomization.yaml'];
    assert.ok(s.origin.start > text.indexOf('patch: |-'), 'in the inline patch');
  });

  it('a value added by a JSON patch points at its `value`', () => {
    const s = segmentAt(doc, ['spec', 'template', 'spec', 'priorityClassName']);
    assert.equal(s.role, 'patch');
    assert.equal(originText(build, s), 'high');
  });

  it('namespace, prefix, labels and replicas point at the kustomization fields that set them', () => {
    const ns = segmentAt(doc, ['metadata', 'namespace']);
    assert.deepEqual([ns.role, ns.origin.file, originText(build, ns)], ['transformer', KUST, 'prod']);
    const name = segmentAt(doc, ['metadata', 'name']);
    assert.deepEqual([name.role, originText(build, name)], ['transformer', 'p-']);
    const label = segmentAt(doc, ['metadata', 'labels', 'team']);
    assert.deepEqual([label.role, originText(build, label)], ['transformer', 'blue']);
    const selectorKey = segmentAt(doc, ['spec', 'selector'], true);
    assert.deepEqual([selectorKey.role, originText(build, selectorKey)], ['transformer', 'team']);
    const replicas = segmentAt(doc, ['spec', 'replicas']);
    assert.deepEqual([replicas.role, originText(build, replicas)], ['transformer', '3']);
  });

  it('every segment lies in the text, nests, and names an input file', () => {
    for (const d of build.documents) {
      let last = 0;
      for (const s of d.segments) {
        assert.ok(s.start >= last || d.segments.some((o) => o.start <= s.start && o.end >= s.end), 'ordered or nested');
        assert.ok(s.start >= 0 && s.end <= d.text.length && s.start <= s.end, `in range: ${JSON.stringify(s)}`);
        assert.ok(build.files.includes(s.origin.file), `${s.origin.file} among the build's files`);
        last = s.start;
      }
    }
  });

  it('lists every file read: kustomizations, resources and patches', () => {
    for (const f of ['/k/overlay/kustomization.yaml', '/k/overlay/arch.yaml', '/k/base/kustomization.yaml', '/k/base/deploy.yaml']) {
      assert.ok(build.files.includes(f), f);
    }
  });
});
