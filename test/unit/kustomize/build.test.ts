/**
 * What archlens does where kubectl cannot serve as the oracle: parts it does not build (remote
 * resources, Helm charts, generators, plugins) and says so; bad input reported with its place
 * while the rest is built; the emitted text; the disk adapter; never an exception.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildKustomization } from '../../../server/src/kustomize/build';
import { emitDocument } from '../../../server/src/kustomize/emit';
import type { OverlayBuild } from '../../../server/src/kustomize/model';
import { nodeSource, toEnginePath } from '../../../server/src/kustomize/node-source';
import { IDENTITY_MAP, instantiate, parseTemplates, type PMap } from '../../../server/src/kustomize/pnode';
import { memorySource } from '../../../server/src/kustomize/source';
import { y } from './cases';
import { buildCase, canonical, caseFiles } from './helpers';

const DEPLOY = y(`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    template:
      spec:
        containers:
        - name: app
          image: nginx:1.25
`);

/** The text of the kustomization a problem points at. */
function pointed(build: OverlayBuild, files: Record<string, string>, message: string): string {
  const p = build.problems.find((x) => x.message.includes(message));
  assert.ok(p, `no problem "${message}" in:\n${build.problems.map((x) => x.message).join('\n')}`);
  assert.ok(p.file && p.start !== undefined && p.end !== undefined, 'has a place');
  return (files[p.file.slice('/k/'.length)] ?? '').slice(p.start, p.end);
}

describe('kustomize: what is not built, and says so', () => {
  it('remote resources are skipped with a reason at their entry; the rest is built', () => {
    const files = {
      'deploy.yaml': DEPLOY,
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        - github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.0.0
        - https://raw.githubusercontent.com/org/repo/main/deploy.yaml
        - git@github.com:org/repo.git//base?ref=main
        - https://github.com/org/repo//overlays/prod
      `),
    };
    const build = buildCase({ files });
    assert.equal(build.documents.length, 1);
    const remote = build.problems.filter((p) => p.kind === 'remote-resource');
    assert.equal(remote.length, 4);
    assert.ok(remote.every((p) => p.level === 'info' && p.message.startsWith('remote resource not fetched: ')));
    assert.equal(pointed(build, files, 'gateway-api'), 'github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.0.0');
    assert.equal(build.problems.filter((p) => p.level === 'error').length, 0);
  });

  it('a patch that finds nothing beside a remote resource is not called an error (its target may be there)', () => {
    const files = {
      'kustomization.yaml': y(`
        resources:
        - github.com/org/repo/deploy?ref=v1
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: remote-one
            spec:
              replicas: 2
      `),
    };
    const build = buildCase({ files });
    const p = build.problems.find((x) => x.kind === 'no-match');
    assert.ok(p);
    assert.equal(p.level, 'info');
    assert.match(p.message, /may be among the resources not built \(remote resource github\.com\/org\/repo\/deploy\?ref=v1\)/);
  });

  it('helmCharts need the Helm engine: recorded, not rendered, and patches of their resources are not errors', () => {
    const files = {
      'deploy.yaml': DEPLOY,
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        helmCharts:
        - name: redis
          repo: https://charts.bitnami.com/bitnami
          version: 17.0.0
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: redis-master
            spec:
              template:
                spec:
                  nodeSelector:
                    kubernetes.io/arch: amd64
      `),
    };
    const build = buildCase({ files });
    assert.equal(build.documents.length, 1);
    const helm = build.problems.find((p) => p.kind === 'helm-chart');
    assert.ok(helm);
    assert.equal(helm.message, 'helmCharts: needs the Helm engine (not rendered yet)');
    assert.equal(pointed(build, files, 'helmCharts:'), 'helmCharts');
    assert.deepEqual(build.problems.filter((p) => p.level === 'error'), []);
    assert.ok(build.problems.some((p) => p.kind === 'no-match' && p.level === 'info'));
  });

  it('a resource with <NAME> placeholder lines another tool fills in is a template: a note, not an error (kubefirst/gitops-template)', () => {
    // kubefirst/gitops-template templates/mgmt/components/argocd/argocd-ui-ingress.yaml, trimmed: its CLI
    // replaces the placeholder lines when it copies the template. kubectl fails on it as it is.
    const ingress = y(`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: argocd-server-http-ingress
        annotations:
          nginx.ingress.kubernetes.io/backend-protocol: "HTTP"
          <CERT_MANAGER_ISSUER_ANNOTATION_1>
          <CERT_MANAGER_ISSUER_ANNOTATION_2>
      spec:
        ingressClassName: nginx
    `);
    const build = buildCase({ files: { 'ingress.yaml': ingress, 'deploy.yaml': DEPLOY, 'kustomization.yaml': 'resources:\n- ingress.yaml\n- deploy.yaml\n' } });
    assert.deepEqual(build.problems.filter((p) => p.level === 'error'), []);
    assert.ok(build.problems.some((p) => p.level === 'info' && p.message.includes('placeholder lines another tool fills in')));
    assert.equal(build.documents.length, 1, 'the rest is built');
    // Must still fail: the same file broken elsewhere too, and a placeholder after text on its line.
    const broken = buildCase({ files: { 'ingress.yaml': ingress.replace('ingressClassName: nginx', 'ingressClassName: [nginx'), 'kustomization.yaml': 'resources:\n- ingress.yaml\n' } });
    assert.ok(broken.problems.some((p) => p.level === 'error' && p.message.includes('MalformedYAMLError')));
    const inline = buildCase({ files: { 'ingress.yaml': ingress.replace('    <CERT_MANAGER_ISSUER_ANNOTATION_1>', '    x <CERT_MANAGER_ISSUER_ANNOTATION_1>'), 'kustomization.yaml': 'resources:\n- ingress.yaml\n' } });
    assert.ok(inline.problems.some((p) => p.level === 'error' && p.message.includes('MalformedYAMLError')));
  });

  it('generators, plugins, replacements and vars are ignored with a note; louder when they may set images', () => {
    const files = {
      'deploy.yaml': DEPLOY,
      'labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {a: b}\nfieldSpecs: [{path: metadata/labels, create: true}]\n',
      'gen.yaml': 'apiVersion: builtin\nkind: ImageTagTransformer\nmetadata: {name: i}\nimageTag: {name: nginx, newTag: "2"}\n',
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        configMapGenerator:
        - name: cfg
          literals: [a=b]
        transformers:
        - labels.yaml
        generators:
        - gen.yaml
        replacements:
        - source: {kind: ConfigMap, name: cfg, fieldPath: data.image}
          targets:
          - select: {kind: Deployment}
            fieldPaths: [spec.template.spec.containers.0.image]
        vars:
        - name: X
          objref: {kind: Deployment, name: web, apiVersion: apps/v1}
      `),
    };
    const build = buildCase({ files });
    const byKey = Object.fromEntries(build.problems.map((p) => [p.message.split(' ')[0], p]));
    assert.equal(byKey.configMapGenerator.level, 'info');
    assert.equal(byKey.transformers.level, 'info');
    assert.equal(byKey.generators.level, 'warning');
    assert.equal(byKey.generators.message, 'generators ignored: generator plugins are not run, and they may set images or scheduling constraints');
    assert.equal(byKey.vars.level, 'info');
    assert.equal(byKey.replacements.level, 'warning');
    assert.match(byKey.replacements.message, /may set images or scheduling constraints/);
    assert.ok(build.problems.every((p) => p.kind === 'ignored'));
    assert.equal(build.documents.length, 1);
  });

  it('a plugin configuration is louder for the fields it names, not for a name that contains "image"', () => {
    // fluxcd/flux2 manifests/bases/image-automation-controller: a LabelTransformer whose label value
    // is the controller's name. The word in a hyphenated name writes no image.
    const labels = (component: string): string =>
      `apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: labels}\nlabels:\n  app.kubernetes.io/component: ${component}\n` +
      'fieldSpecs:\n  - path: metadata/labels\n    create: true\n  - kind: Deployment\n    path: spec/template/metadata/labels\n    create: true\n';
    const level = (files: Record<string, string>): string | undefined =>
      buildCase({ files: { 'deploy.yaml': DEPLOY, 'kustomization.yaml': 'resources:\n- deploy.yaml\ntransformers:\n- t.yaml\n', ...files } })
        .problems.find((p) => p.message.startsWith('transformers ignored'))?.level;
    assert.equal(level({ 't.yaml': labels('image-automation-controller') }), 'info');
    assert.equal(level({ 't.yaml': labels('flux-image') }), 'info');
    // Must stay louder: fields that write images or scheduling, in a key, a field path or a kind.
    assert.equal(level({ 't.yaml': 'apiVersion: builtin\nkind: ImageTagTransformer\nmetadata: {name: i}\nimageTag: {name: nginx, newTag: "2"}\n' }), 'warning');
    assert.equal(level({ 't.yaml': 'apiVersion: v1\nkind: MyTransformer\nmetadata: {name: m}\nimage: nginx:2\n' }), 'warning');
    assert.equal(level({ 't.yaml': 'apiVersion: builtin\nkind: ValueAddTransformer\nmetadata: {name: v}\nvalue: x\ntargets:\n- fieldPath: spec/template/spec/nodeSelector/pool\n' }), 'warning');
    assert.equal(level({ 't.yaml': 'apiVersion: v1\nkind: X\nmetadata: {name: r}\nfieldPaths: [spec.template.spec.containers.[name=app].image]\n' }), 'warning');
  });

  it('replacements into a container\'s env or args are a note: they write no image (kubeflow/manifests centraldashboard)', () => {
    const level = (fieldPath: string, file = false): string | undefined => {
      const replacement = `- source: {kind: ConfigMap, name: params, fieldPath: data.X}\n  targets:\n  - select: {group: apps, kind: Deployment, name: web}\n    fieldPaths:\n    - ${fieldPath}\n`;
      const kustomization = `resources:\n- deploy.yaml\nreplacements:\n${file ? '- path: replacements.yaml\n' : replacement}`;
      return buildCase({ files: { 'deploy.yaml': DEPLOY, 'kustomization.yaml': kustomization, ...(file ? { 'replacements.yaml': replacement } : {}) } })
        .problems.find((p) => p.message.startsWith('replacements ignored'))?.level;
    };
    assert.equal(level('spec.template.spec.containers.0.env.0.value'), 'info');
    assert.equal(level('spec.template.spec.containers.[name=manager].env.[name=NAMESPACE_LABEL].value', true), 'info');
    assert.equal(level('spec.template.spec.initContainers.0.args.1'), 'info');
    // Must stay louder: the image, the whole container, scheduling.
    assert.equal(level('spec.template.spec.containers.0.image'), 'warning');
    assert.equal(level('spec.template.spec.containers.[name=manager].image', true), 'warning');
    assert.equal(level('spec.template.spec.containers.0'), 'warning');
    assert.equal(level('spec.template.spec.nodeSelector.pool'), 'warning');
  });

  it('a patch of a generated ConfigMap is not reported as missing its target', () => {
    const files = {
      'deploy.yaml': DEPLOY,
      'labels.yaml': 'apiVersion: builtin\nkind: LabelTransformer\nmetadata: {name: l}\nlabels: {a: b}\nfieldSpecs: [{path: metadata/labels, create: true}]\n',
      'gen.yaml': 'apiVersion: builtin\nkind: ImageTagTransformer\nmetadata: {name: i}\nimageTag: {name: nginx, newTag: "2"}\n',
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        configMapGenerator:
        - name: cfg
          literals: [a=b]
        patches:
        - patch: |-
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cfg
            data:
              c: d
      `),
    };
    const build = buildCase({ files });
    assert.deepEqual(build.problems.filter((p) => p.kind !== 'ignored'), []);
  });
});

describe('kustomize: bad input is reported where it is, and the rest is built', () => {
  it('a missing resource: kustomize\'s words, the entry\'s place, the other resources built', () => {
    const files = { 'deploy.yaml': DEPLOY, 'kustomization.yaml': 'resources:\n- missing.yaml\n- deploy.yaml\n' };
    const build = buildCase({ files });
    assert.equal(pointed(build, files, "accumulating resources from 'missing.yaml'"), 'missing.yaml');
    const p = build.problems[0];
    assert.equal(p.message, "accumulating resources from 'missing.yaml': lstat /k/missing.yaml: no such file or directory (kustomize build fails here; archlens checks the rest)");
    assert.equal(build.documents.length, 1);
    assert.ok(build.files.includes('/k/missing.yaml'), 'a missing input is an input: creating it changes the build');
  });

  it('a patch of a resource that could not be read is not a second error', () => {
    const files = {
      'kustomization.yaml': y(`
        resources:
        - ../missing-base
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
      `),
    };
    const build = buildCase({ files });
    assert.equal(build.problems.filter((p) => p.level === 'error').length, 1);
    const consequence = build.problems.find((p) => p.kind === 'no-match');
    assert.equal(consequence?.level, 'info');
    assert.match(consequence?.message ?? '', /its target may be among the resources not built \('\.\.\/missing-base' could not be read\)$/);
  });

  // seldon-core's k8s/kustomize/helm-components-sc: `openapi:` gives the SeldonConfig's `components`
  // a merge key, so kustomize merges the strategic patch by name and the JSON patches find their paths
  // (checked with kubectl kustomize: with a crd-schema.json giving components merge key `name` it builds;
  // without `openapi:` it stops at the same replace, with the same words).
  const SELDON_CONFIG = y(`
    apiVersion: mlops.seldon.io/v1alpha1
    kind: SeldonConfig
    metadata:
      name: default
    spec:
      components:
      - name: scheduler
        podSpec:
          securityContext: {runAsUser: 1000}
          containers:
          - name: scheduler
            image: seldonio/scheduler:2
      - name: envoy
        podSpec:
          securityContext: {runAsUser: 1000}
  `);
  const schemaPatched = (schemaField: string) => ({
    'config.yaml': SELDON_CONFIG,
    'kustomization.yaml': y(`
      resources:
      - config.yaml
      ${schemaField}
      patches:
      - patch: |-
          apiVersion: mlops.seldon.io/v1alpha1
          kind: SeldonConfig
          metadata:
            name: default
          spec:
            components:
            - name: scheduler
              replicas: 2
      - target: {kind: SeldonConfig, name: default}
        patch: |-
          - op: replace
            path: /spec/components/1/podSpec/securityContext
            value: {runAsUser: 2000}
    `),
  });

  it('a patch of a custom resource that fails where the schemas named by openapi: (not read) may make it apply: info, not an error', () => {
    const build = buildCase({ files: schemaPatched('openapi: {path: crd-schema.json}') });
    assert.equal(build.problems.filter((p) => p.level === 'error').length, 0, JSON.stringify(build.problems));
    const caveat = build.problems.find((p) => p.kind === 'kustomize-error');
    assert.equal(caveat?.level, 'info');
    assert.match(caveat?.message ?? '', /^replace operation does not apply: .*: SeldonConfig default may merge by the keys of the schemas `openapi` names, which archlens does not read/);
    assert.equal(build.documents.length, 1, 'the rest is built');
  });

  it('the same failing patch with no unread schema is still the error kustomize stops at', () => {
    const build = buildCase({ files: schemaPatched('') });
    const errors = build.problems.filter((p) => p.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(build.problems));
    assert.match(errors[0].message, /^replace operation does not apply: .*\(kustomize build fails here; archlens checks the rest\)$/);
  });

  it('a duplicate id: the first is kept', () => {
    const files = {
      'a.yaml': DEPLOY,
      'b.yaml': DEPLOY.replace('nginx:1.25', 'nginx:2'),
      'kustomization.yaml': 'resources:\n- a.yaml\n- b.yaml\n',
    };
    const build = buildCase({ files });
    assert.equal(pointed(build, files, 'already registered id'), 'b.yaml');
    assert.equal(build.documents.length, 1);
    assert.match(build.documents[0].text, /nginx:1\.25/);
  });

  it('an unknown field and a wrong type are reported at their key or value; the valid fields still apply', () => {
    const files = {
      'deploy.yaml': DEPLOY,
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        namePrefx: typo-
        images:
        - name: nginx
          newTag: 1.27
        - name: nginx
          newName: mirror/nginx
      `),
    };
    const build = buildCase({ files });
    assert.equal(pointed(build, files, 'unknown field "namePrefx"'), 'namePrefx');
    assert.equal(pointed(build, files, 'Image.images.newTag of type string'), '1.27');
    assert.match(build.documents[0].text, /image: mirror\/nginx:1\.25/);
  });

  it('a malformed kustomization, a cycle and a missing kustomization each give one message', () => {
    const bad = buildCase({ files: { 'kustomization.yaml': 'resources: [a\n' } });
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0].message, /^invalid Kustomization: yaml: /);
    const cycle = buildCase({ dir: 'a', files: { 'a/kustomization.yaml': 'resources:\n- ../b\n', 'b/kustomization.yaml': 'resources:\n- ../a\n' } });
    assert.equal(cycle.problems.filter((p) => p.message.includes('cycle detected')).length, 1);
    const none = buildKustomization(memorySource({ '/k/readme.md': 'x' }), '/k');
    assert.deepEqual(none.problems.map((p) => p.message), ["unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/k'"]);
    assert.equal(none.kustomizationFile, undefined);
  });

  it('never throws, whatever the input', () => {
    const shapes = [
      '', '---\n', '[]', '"text"', '- 1\n- 2\n', 'resources: 5', 'resources: [1, {a: b}, null]', 'patches: [{}]',
      'patches:\n- patch: "- op: nope"\n  target: {kind: "["}', 'images: [{name: "("}]', 'replicas: [{name: x, count: many}]',
      'namespace: [x]', 'labels: [{pairs: {a: [b]}}]', 'components: [.]', 'resources: [.]', 'resources: ["", "/abs"]',
      'patches:\n- target: {labelSelector: "a in (b"}\n  patch: "[]"', 'sortOptions: {order: random}', '\u0000\u0001binary',
      'a: &a [*a]', `resources:\n- deploy.yaml\npatches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec: {template: {spec: {containers: {$patch: bogus}}}}`,
    ];
    for (const text of shapes) {
      const build = buildCase({ files: { 'kustomization.yaml': text, 'deploy.yaml': DEPLOY } });
      assert.ok(Array.isArray(build.documents), text);
    }
  });
});

describe('kustomize: emitted YAML', () => {
  it('reads back as the data it was built from, whatever the scalars', () => {
    const text = y(`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: tricky
        annotations: {a: "yes", b: "1.0", c: "", d: "a: b", e: " lead", f: "#x", g: "~", h: "null"}
      data:
        multi: |
          line one
            indented "quoted"
        folded: >-
          folded
          text
        unicode: "é ✓ \\t tab"
        'quoted key': v
        "needs: quoting": w
        n: 012
        flow: {x: [1, 2, {y: z}], e: [], m: {}}
        anchors: &anch {k: v}
        alias: *anch
        merged:
          <<: *anch
          own: 1
    `);
    const root = instantiate(parseTemplates(text)[0].root as PMap, '/f.yaml', IDENTITY_MAP, 'resource') as PMap;
    const { text: out } = emitDocument(root);
    assert.deepEqual(canonical(parse(out)), canonical({ ...parse(text, { merge: true }) }));
  });

  it('every built corpus-like document re-parses without errors', () => {
    const build = buildCase({ files: { 'deploy.yaml': DEPLOY, 'kustomization.yaml': 'resources:\n- deploy.yaml\nnamespace: "123"\ncommonLabels: {v: "true"}\n' } });
    for (const d of build.documents) assert.deepEqual(parseAllDocuments(d.text).flatMap((x) => x.errors), []);
    assert.equal(parse(build.documents[0].text).metadata.namespace, '123');
    assert.equal(parse(build.documents[0].text).metadata.labels.v, 'true');
  });
});

describe('kustomize: the disk adapter', () => {
  it('builds a folder on disk as the in-memory source does', () => {
    const files = { 'base/deploy.yaml': DEPLOY, 'base/kustomization.yaml': 'resources:\n- deploy.yaml\n', 'overlay/kustomization.yaml': 'resources:\n- ../base\nnamespace: x\n' };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-kdisk-'));
    try {
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      }
      const disk = buildKustomization(nodeSource(), toEnginePath(path.join(root, 'overlay')));
      const memory = buildKustomization(memorySource(caseFiles({ files })), '/k/overlay');
      assert.deepEqual(disk.documents.map((d) => d.text), memory.documents.map((d) => d.text));
      assert.deepEqual(disk.problems, []);
      assert.ok(disk.files.includes(`${toEnginePath(root)}/base/deploy.yaml`));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('kustomize: helmCharts through a renderer (the seam for the Helm engine)', () => {
  const files = {
    'kustomization.yaml': y(`
      namespace: apps
      helmCharts:
      - name: web
        repo: https://charts.example.com
        version: 1.0.0
        valuesInline:
          image: nginx:1.25
      patches:
      - patch: |-
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
  };
  const rendered = y(`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
          - name: web
            image: nginx:1.25
  `);
  const imageAt = rendered.indexOf('nginx:1.25');
  const values = '/charts/web/values.yaml';

  it('renders, then applies the kustomization to the chart\'s resources, keeping the chart\'s source map', () => {
    const requests: unknown[] = [];
    const build = buildKustomization(memorySource(caseFiles({ files })), '/k', {
      renderHelmChart: (request) => {
        requests.push(request);
        return {
          documents: [{ text: rendered, segments: [{ start: imageAt, end: imageAt + 'nginx:1.25'.length, origin: { file: values, start: 7, end: 17 }, role: 'resource' }] }],
          files: [values],
        };
      },
    });
    assert.deepEqual(build.problems, []);
    assert.equal(requests.length, 1);
    assert.deepEqual((requests[0] as { chart: unknown }).chart, { name: 'web', repo: 'https://charts.example.com', version: '1.0.0', valuesInline: { image: 'nginx:1.25' } });
    const out = parse(build.documents[0].text);
    assert.equal(out.metadata.namespace, 'apps');
    assert.deepEqual(out.spec.template.spec.nodeSelector, { 'kubernetes.io/arch': 'arm64' });
    assert.ok(build.files.includes(values));
    const image = build.documents[0].segments.find((s) => s.origin.file === values);
    assert.ok(image, 'the image keeps its values.yaml origin');
    assert.equal(build.documents[0].text.slice(image.start, image.end), 'nginx:1.25');
    const name = build.documents[0].segments.find((s) => build.documents[0].text.slice(s.start, s.end) === 'containers');
    assert.equal(name?.origin.file, '/k/kustomization.yaml', 'nodes the chart map does not cover point at the helmCharts entry');
  });

  it('reports the renderer\'s problems, and a chart it cannot render as not rendered', () => {
    const failing = buildKustomization(memorySource(caseFiles({ files })), '/k', {
      renderHelmChart: () => ({ documents: [], problems: [{ message: 'chart "web" version "1.0.0" not found' }] }),
    });
    assert.ok(failing.problems.some((p) => p.level === 'error' && p.message.startsWith('helm chart web: chart "web" version "1.0.0" not found')));
    const declined = buildKustomization(memorySource(caseFiles({ files })), '/k', { renderHelmChart: () => undefined });
    assert.ok(declined.problems.some((p) => p.kind === 'helm-chart' && p.message === 'helmCharts: needs the Helm engine (chart web not rendered)'));
    assert.ok(declined.problems.some((p) => p.kind === 'no-match' && p.level === 'info'), 'the patch of the chart\'s Deployment is not an error');
  });
});
