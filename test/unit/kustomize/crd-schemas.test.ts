/**
 * CRDs among a build's resources are read without their schemas until something reads them
 * (crd-schemas.ts): what a build makes of them must not change, except that a syntax error inside
 * a schema nothing reads is not looked for.
 */
import * as assert from 'node:assert/strict';
import { buildKustomization } from '../../../server/src/kustomize/build';
import { resourceTemplates } from '../../../server/src/kustomize/crd-schemas';
import { instantiateWith, parseTemplates, type PNode, type Placer } from '../../../server/src/kustomize/pnode';
import { memorySource } from '../../../server/src/kustomize/source';
import { SYNTAX_CHECK_MAX_CHARS } from '../../../server/src/kubernetes/extract';

const place: Placer = (start, end) => ({ origin: { file: '/r/crd.yaml', start, end }, role: 'resource' });

/** A node with its entries read through their accessors (a deferred entry's value is a getter). */
function plain(node: PNode): unknown {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'seq') return { prov: node.prov, items: node.items.map(plain) };
  return { prov: node.prov, entries: node.entries.map((e) => [{ ...e.key }, plain(e.value)]) };
}

/** Every document of `text` read whole, and read with its CRDs' schemas deferred (bound 0: every CRD counts as large). */
function bothReadings(text: string): { whole: unknown; deferred: unknown; usedBlanking: boolean } {
  const templates = resourceTemplates(text, 0);
  const whole = parseTemplates(text).map((d) => ({ start: d.start, errors: d.errors, root: d.root && plain(instantiateWith(d.root, place)) }));
  const deferred = templates.documents.map((d) => ({ start: d.start, errors: d.errors, root: d.root && plain(templates.instantiate(d, place)) }));
  return { whole, deferred, usedBlanking: templates.documents !== parseTemplates(text) };
}

const crd = (name: string, schema: string, after = '') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}
  labels:
    app: x
spec:
  group: example.com
  names:
    kind: Widget
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
${schema}${after}`;

const SCHEMA = `        type: object
        description: 'A widget: long text
          over two lines'
        properties:
          size:
            type: integer
            # a comment inside the schema
            description: |
              block text
              more
          tags:
            type: array
            items: {type: string}
`;

describe('kustomize: CRDs read without their schemas', () => {
  it('reads a CRD of any size without its schema (the default bound), and every CRD whole under an infinite one', () => {
    const text = crd('a.example.com', SCHEMA);
    assert.notEqual(resourceTemplates(text).documents, parseTemplates(text));
    assert.equal(resourceTemplates(text, Infinity).documents, parseTemplates(text));
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';
    assert.equal(resourceTemplates(service).documents, parseTemplates(service));
  });

  it('reads every document as the whole parse does once the schema is asked for (status after spec, comments, CRLF, several documents)', () => {
    const texts = [
      crd('a.example.com', SCHEMA),
      crd('a.example.com', SCHEMA, 'status:\n  acceptedNames:\n    kind: ""\n'),
      `${crd('a.example.com', SCHEMA)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n---\n${crd('b.example.com', SCHEMA)}`,
      crd('a.example.com', SCHEMA).replace(/\n/g, '\r\n'),
      crd('a.example.com', `${SCHEMA}          last: |\n            block at the end\n\n`),
    ];
    for (const text of texts) {
      const { whole, deferred, usedBlanking } = bothReadings(text);
      assert.equal(usedBlanking, true, text);
      assert.deepEqual(deferred, whole, text);
    }
  });

  it('reads the text whole when the blanked reading is not safe: a comment as the schema\'s last line, a `spec:` line inside a quoted scalar, a parse error', () => {
    for (const text of [
      crd('a.example.com', `${SCHEMA}        # trailing comment\n`),
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: "a\nspec:\n  b"\n',
      crd('a.example.com', `${SCHEMA}        bad: [unclosed\n`).replace('kind: CustomResourceDefinition', 'kind: CustomResourceDefinition\nkind: again'),
    ]) {
      const { whole, deferred, usedBlanking } = bothReadings(text);
      assert.equal(usedBlanking, false, text);
      assert.deepEqual(deferred, whole, text);
    }
  });

  /** A CRD file beyond the bound: a long description in its schema. */
  const large = (schema: string) => {
    const description = '          a line of a long description\n'.repeat(Math.ceil(SYNTAX_CHECK_MAX_CHARS / 30));
    return crd('widgets.example.com', `        type: object\n        description: |\n${description}        properties:\n${schema}`);
  };

  it('a JSON patch into a large CRD\'s schema reads it, and the build is the same as with the schema read up front', () => {
    const text = large('          last:\n            type: string\n');
    assert.ok(text.length > SYNTAX_CHECK_MAX_CHARS);
    const files = {
      '/r/kustomization.yaml': 'resources:\n- crd.yaml\npatches:\n- target:\n    kind: CustomResourceDefinition\n  patch: |\n    - op: add\n      path: /spec/versions/0/schema/openAPIV3Schema/properties/last/minLength\n      value: 1\n',
      '/r/crd.yaml': text,
    };
    const build = buildKustomization(memorySource(files), '/r');
    assert.deepEqual(build.problems, []);
    const [doc] = build.documents;
    assert.equal(doc.id.name, 'widgets.example.com');
    assert.match(doc.text, /\n {10}last:\n {12}type: string\n {12}minLength: 1\n/);
    // Read up front: the same text with one byte more so no cache is shared, every CRD then read whole.
    assert.equal(resourceTemplates(`${text}\n`, Infinity).documents, parseTemplates(`${text}\n`));
  });

  it('a syntax error inside a CRD\'s schema is not looked for, large or small; one in the rest of the CRD is reported', () => {
    const broken = '          bad: [unclosed\n          other: x\n';
    const build = (text: string) => buildKustomization(memorySource({ '/r/kustomization.yaml': 'resources:\n- crd.yaml\n', '/r/crd.yaml': text }), '/r');
    for (const text of [large(broken), crd('widgets.example.com', `        type: object\n        properties:\n${broken}`)]) {
      const built = build(text);
      assert.deepEqual(built.problems, []);
      assert.deepEqual(built.documents.map((d) => d.id.name), ['widgets.example.com']);
    }
    const brokenMetadata = build(crd('widgets.example.com', SCHEMA).replace('  labels:\n    app: x\n', '  labels: [unclosed\n    app: x\n'));
    assert.ok(brokenMetadata.problems.length > 0);
    for (const p of brokenMetadata.problems) assert.match(p.message, /^accumulating resources from 'crd.yaml': MalformedYAMLError: yaml: /);
  });
});
