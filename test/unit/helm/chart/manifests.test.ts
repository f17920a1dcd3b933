import * as assert from 'node:assert/strict';
import { readHead, sortManifests, splitManifests } from '../../../../server/src/helm/chart/manifests';
import { schemaErrorMessage, validateAgainstSchema } from '../../../../server/src/helm/chart/schema';

describe('helm/chart manifests', () => {
  it('splits at lines starting with ---, drops empty documents, keeps offsets into the file', () => {
    const text = '\n\n---\n# a\nkind: A\n---   \n\n---\nkind: B\n  ---not a separator\n';
    const docs = splitManifests(text);
    assert.deepEqual(docs.map((d) => d.content), ['# a\nkind: A\n', 'kind: B\n  ---not a separator\n']);
    for (const d of docs) assert.equal(text.slice(d.offset, d.offset + d.content.length), d.content);
  });

  it('sorts by install order, stably, files in name order; hooks apart; partials and empty files skipped', () => {
    const { hooks, manifests } = sortManifests([
      { name: 'c/templates/b.yaml', content: 'kind: Deployment\nmetadata:\n  name: d\n---\nkind: Service\nmetadata:\n  name: s2\n' },
      { name: 'c/templates/a.yaml', content: 'kind: Service\nmetadata:\n  name: s1\n---\nkind: Widget\n---\nkind: Gadget\n' },
      { name: 'c/templates/_helpers.tpl', content: 'kind: Namespace\n' },
      { name: 'c/templates/empty.yaml', content: '\n  \n' },
      { name: 'c/templates/hook.yaml', content: 'kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test-success, pre-install\n    helm.sh/hook-weight: "5"\n' },
      { name: 'c/templates/odd.yaml', content: 'kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: sometimes\n' },
    ]);
    assert.deepEqual(manifests.map((m) => `${m.head.kind}:${m.head.name}`), ['Service:s1', 'Service:s2', 'Deployment:d', 'Gadget:', 'Widget:']);
    assert.equal(hooks.length, 1);
    assert.deepEqual(hooks[0].events, ['test', 'pre-install']);
    assert.equal(hooks[0].weight, 5);
  });

  it('a document Helm cannot read fails with Helm\'s message', () => {
    assert.throws(
      () => sortManifests([{ name: 'c/templates/p.yaml', content: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: w\n    command: ["a"]\ninvalid\n' }]),
      { message: "YAML parse error on c/templates/p.yaml: error converting YAML to JSON: yaml: line 8: could not find expected ':'" },
    );
    assert.throws(() => readHead('just text'), /cannot unmarshal string into Go value of type util.SimpleHead/);
    assert.throws(() => readHead('metadata:\n  annotations:\n    a: {b: c}\n'), /cannot unmarshal object into Go struct field .metadata.annotations of type string/);
    // Annotation values of other types are read as strings (sigs.k8s.io/yaml converts them).
    assert.deepEqual(readHead('metadata:\n  annotations:\n    w: 5\n    b: true\n').annotations, { w: '5', b: 'true' });
  });
});

describe('helm/chart values.schema.json', () => {
  const schema = (s: object) => new TextEncoder().encode(JSON.stringify(s));
  const chart = (s: object, deps: Array<{ name: string; schema?: Uint8Array; dependencies: [] }> = []) => ({ name: 'web', schema: schema(s), dependencies: deps });

  it('passes valid values and reports failures in the validator\'s words', () => {
    const s = { type: 'object', required: ['image'], properties: { replicas: { type: 'integer', minimum: 1 }, image: { type: 'object', required: ['repository', 'tag'] } } };
    assert.equal(validateAgainstSchema(chart(s), { replicas: 2, image: { repository: 'a', tag: 'b' } }), undefined);
    assert.equal(validateAgainstSchema(chart(s), { replicas: 'two', image: {} }),
      "web:\n- at '/replicas': got string, want integer\n- at '/image': missing properties 'repository', 'tag'\n");
    assert.equal(validateAgainstSchema(chart(s), { replicas: 0 }), "web:\n- at '': missing property 'image'\n- at '/replicas': minimum: got 0, want 1\n");
    assert.equal(schemaErrorMessage('web:\nx\n'), "values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\nx\n");
  });

  it('nests several failures at one place under "validation failed", and combinators over their branches', () => {
    const s = { properties: { a: { type: 'object', properties: { x: { type: 'string' }, y: { enum: ['p', 'q'] } } }, b: { anyOf: [{ type: 'string' }, { type: 'boolean' }] } } };
    assert.equal(validateAgainstSchema(chart(s), { a: { x: 1, y: 'z' }, b: 3 }), [
      'web:',
      "- at '/a': validation failed",
      "  - at '/a/x': got number, want string",
      "  - at '/a/y': value must be one of 'p', 'q'",
      "- at '/b': anyOf failed",
      "  - at '/b': got number, want string",
      "  - at '/b': got number, want boolean",
      '',
    ].join('\n'));
  });

  it('subcharts check their own values; a non-map subchart value is reported', () => {
    const parent = { name: 'web', dependencies: [{ name: 'db', schema: schema({ properties: { port: { type: 'integer' } } }), dependencies: [] as [] }] };
    assert.equal(validateAgainstSchema(parent, { db: { port: 'x' } }), "db:\n- at '/port': got string, want integer\n");
    assert.equal(validateAgainstSchema(parent, { db: 'nope' }), 'db:\ninvalid type for values: expected object (map), got string\n');
    assert.equal(validateAgainstSchema(parent, { db: { port: 5432n } }), undefined);
  });

  it('asserts formats before draft 2019-09 only, as Helm\'s validator does', () => {
    const f = { properties: { mail: { type: 'string', format: 'email' } } };
    assert.equal(validateAgainstSchema(chart(f), { mail: 'nope' }), undefined);
    assert.match(validateAgainstSchema(chart({ $schema: 'http://json-schema.org/draft-07/schema#', ...f }), { mail: 'nope' }) ?? '', /'nope' is not valid 'email'/);
  });

  // Seen in prometheus-community/helm-charts (https://json-schema.org/schema#) and grafana/loki
  // (https://json-schema.org/draft-07/schema#): Helm renders those charts; ajv knew neither address.
  it('reads a meta-schema named by any address Helm\'s validator knows (https, no fragment, …/schema for the latest)', () => {
    const s = { type: 'object', properties: { replicas: { type: 'integer' }, mail: { type: 'string', format: 'email' } } };
    const drafts: Array<[string, boolean]> = [
      ['https://json-schema.org/schema#', false], ['http://json-schema.org/schema', false],
      ['https://json-schema.org/draft-04/schema#', true], ['https://json-schema.org/draft-06/schema', true],
      ['https://json-schema.org/draft-07/schema#', true], ['http://json-schema.org/draft-07/schema', true],
      ['http://json-schema.org/draft/2019-09/schema#', false], ['http://json-schema.org/draft/2020-12/schema', false],
    ];
    for (const [$schema, formats] of drafts) {
      assert.equal(validateAgainstSchema(chart({ $schema, ...s }), { replicas: 2, mail: 'a@b.c' }), undefined, $schema);
      assert.equal(validateAgainstSchema(chart({ $schema, ...s }), { replicas: 'two', mail: 'a@b.c' }), "web:\n- at '/replicas': got string, want integer\n", $schema);
      // The draft still decides whether formats are asserted.
      assert.equal(validateAgainstSchema(chart({ $schema, ...s }), { mail: 'nope' }) !== undefined, formats, $schema);
    }
  });
  // camunda/camunda-platform-helm 8.8+: `"nullable": true` beside an anyOf of string and null. ajv
  // refused to compile it ("nullable" cannot be used without "type"); Helm's validator ignores the
  // OpenAPI keyword and renders the chart.
  it('ignores OpenAPI nullable as Helm does (no compile error; null still refused by type)', () => {
    const s = { type: 'object', properties: {
      value: { anyOf: [{ type: 'string' }, { type: 'null' }], nullable: true },
      name: { type: 'string', nullable: true },
      nullable: { type: 'integer' },
    } };
    assert.equal(validateAgainstSchema(chart(s), { value: 'x', name: 'a', nullable: 1 }), undefined);
    assert.equal(validateAgainstSchema(chart(s), { value: null, name: 'a' }), undefined);
    // Must still fire: `nullable` does not widen a type for Helm, and a property named nullable keeps its schema.
    assert.equal(validateAgainstSchema(chart(s), { name: null }), "web:\n- at '/name': got null, want string\n");
    assert.equal(validateAgainstSchema(chart(s), { nullable: 'x' }), "web:\n- at '/nullable': got string, want integer\n");
  });
});
