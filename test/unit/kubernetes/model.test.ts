import * as assert from 'node:assert/strict';
import { Memo } from '../../../server/src/core/memo';
import { extractModel } from '../../../server/src/kubernetes/extract';
import { splitDocuments, screenChunk } from '../../../server/src/kubernetes/split';
import { clearParseCache, parseCacheSize } from '../../../server/src/kubernetes/parse-cache';
import { kubernetesReader } from '../../../server/src/kubernetes/analyzer';

const deployment = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: "nginx:1.27"
${extra}`;

describe('kubernetes model', () => {
  it('finds pod templates in every kind that embeds one', () => {
    const text = [
      'kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n',
      deployment(),
      'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - image: cron\n',
      'kind: PodTemplate\ntemplate:\n  spec:\n    containers:\n    - image: tmpl\n',
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  template:\n    spec:\n      containers:\n      - image: rollout\n',
      'apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n    spec:\n      containers:\n      - image: knative\n',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nspec:\n  jobTargetRef:\n    template:\n      spec:\n        containers:\n        - image: keda\n',
      'apiVersion: apps.kruise.io/v1alpha1\nkind: AdvancedCronJob\nspec:\n  template:\n    broadcastJobTemplate:\n      spec:\n        template:\n          spec:\n            containers:\n            - image: kruise\n',
      'kind: List\nitems:\n- kind: Deployment\n  spec:\n    template:\n      spec:\n        containers:\n        - image: item1\n- kind: Job\n  spec:\n    template:\n      spec:\n        containers:\n        - image: item2\n',
    ].join('---\n');
    const { model, problems } = extractModel(text);
    assert.deepEqual(problems, []);
    const found = model.workloads.flatMap((w) => w.podTemplates.map((p) => `${w.kind}:${p.path}:${p.containers.map((c) => c.image?.text).join(',')}`));
    assert.deepEqual(found, [
      'Pod:spec:a',
      'Deployment:spec.template.spec:nginx:1.27',
      'CronJob:spec.jobTemplate.spec.template.spec:cron',
      'PodTemplate:template.spec:tmpl',
      'Rollout:spec.template.spec:rollout',
      'Service:spec.template.spec:knative',
      'ScaledJob:spec.jobTargetRef.template.spec:keda',
      'AdvancedCronJob:spec.template.broadcastJobTemplate.spec.template.spec:kruise',
      'Deployment:spec.template.spec:item1',
      'Job:spec.template.spec:item2',
    ]);
  });

  it('reads init, sidecar and ephemeral containers with the exact range of each image value', () => {
    const text = 'kind: Pod\nspec:\n  initContainers:\n  - name: init\n    image: busybox\n  - name: sidecar\n    restartPolicy: Always\n    image: \'envoy:1\'\n  containers:\n  - name: app\n    image: "app:2"\n  ephemeralContainers:\n  - name: dbg\n    image: debug\n';
    const { model } = extractModel(text);
    const pod = model.workloads[0].podTemplates[0];
    assert.deepEqual(pod.containers.map((c) => [c.group, c.name, c.image?.text, text.slice(c.image!.innerStart, c.image!.innerEnd)]), [
      ['containers', 'app', 'app:2', 'app:2'],
      ['initContainers', 'init', 'busybox', 'busybox'],
      ['initContainers', 'sidecar', 'envoy:1', 'envoy:1'],
      ['ephemeralContainers', 'dbg', 'debug', 'debug'],
    ]);
    const uses = kubernetesReader.images(model);
    assert.equal(uses.length, 4);
    assert.deepEqual(uses[0].range, { start: { line: 10, character: 12 }, end: { line: 10, character: 17 } });
    assert.ok(uses[0].reference.ok && uses[0].reference.ref.canonical === 'docker.io/library/app:2');
  });

  it('does not take a CRD schema that mentions containers for a workload', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  versions:
  - schema:
      openAPIV3Schema:
        properties:
          spec:
            properties:
              containers:
                type: array
`;
    assert.equal(screenChunk(crd), 'crd');
    const { model } = extractModel(crd + '---\n' + deployment());
    assert.deepEqual(model.workloads.map((w) => w.kind), ['Deployment']);
    assert.equal(model.stats.skippedCrds, 1);
  });

  it('leaves non-Kubernetes YAML and Helm templates alone, quietly', () => {
    const values = 'image:\n  repository: nginx\ncontainers:\n  - name: x\n';
    assert.deepEqual(extractModel(values).model.workloads, []);
    const helm = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      {{- with .Values.nodeSelector }}\n      nodeSelector: {{ toYaml . | nindent 8 }}\n      {{- end }}\n      containers:\n      - image: "{{ .Values.image }}"\n';
    const result = extractModel(helm);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.model.workloads, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
  });

  it('leaves a template with @NAME@ placeholders alone, quietly (longhorn dev/scale-test/statefulset.yaml, filled in by a script)', () => {
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: @STS_NAME@\nspec:\n  serviceName: @STS_NAME@\n  template:\n    spec:\n      nodeName: @NODE_NAME@\n      containers:\n      - name: \'@STS_NAME@\'\n        image: busybox\n';
    const result = extractModel(sts);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.model.workloads, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    assert.deepEqual(extractModel('kind: ConfigMap\ndata:\n  a: @VALUE@\n').problems, [], 'in a document that holds no pod template too');
  });

  it('leaves an envsubst template alone, quietly: a $NAME alone where the YAML breaks (secrets-store-csi-driver test/bats, a certificate filled in)', () => {
    const spc = 'apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClass\nmetadata:\n  name: conjur\nspec:\n  parameters:\n    sslCertificate: |\n$CONJUR_SSL_CERT\n';
    assert.deepEqual(extractModel(spc).problems, []);
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    env:\n    - name: CERT\n      value: |\n${CERT}\n';
    const result = extractModel(pod);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    // A $ that is no lone placeholder, or a placeholder beside another error, is still reported.
    assert.equal(extractModel('apiVersion: v1\nkind: Service\nmetadata:\n  labels: |\n$A and more\n').problems.length, 1);
    assert.equal(extractModel(spc.replace('metadata:', 'metadata: [unclosed')).problems.length >= 1, true);
  });

  it('leaves a template alone, quietly, when a <name> placeholder stands alone on its line (Azure/azure-container-networking cns/kubeconfigtemplate.yaml, filled in by a PowerShell script)', () => {
    const config = 'apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster:\n    certificate-authority-data: <ca>\n    <server>\ncontexts:\n- name: azure-cns-win@kubernetes\n';
    assert.deepEqual(extractModel(config).problems, []);
    // Must still be reported: words beside it on the line, or another error.
    assert.equal(extractModel(config.replace('<server>', '<server> and more')).problems.length, 1);
    assert.equal(extractModel(config.replace('contexts:', 'contexts: [unclosed')).problems.length >= 1, true);
  });

  it('leaves a template alone, quietly, when an UPPER_CASE placeholder is joined to a quoted value (Azure/azure-container-networking test/scale/templates, filled in by sed and perl)', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: fake-TEMP_NAME\nspec:\n  replicas: TEMP_REPLICAS\n  selector:\n    matchLabels:\n      is-kwok: "true"OTHER_LABELS_6_SPACES\n  template:\n    metadata:\n      labels:\n        is-kwok: "true"OTHER_LABELS_8_SPACES\n    spec:\n      containers:\n        - name: fake-container\n          image: fake-image\n';
    const result = extractModel(deployment);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    // Must still be reported: lower-case text after the quote, or a word with no underscore.
    assert.equal(extractModel(deployment.replace('"true"OTHER_LABELS_6_SPACES', '"true"other')).problems.length >= 1, true);
    assert.equal(extractModel(deployment.replace('"true"OTHER_LABELS_6_SPACES', '"true"X')).problems.length >= 1, true);
  });

  it('leaves an envsubst template with ${NAME} inside a flow collection alone, quietly (kro examples/aws instance-template.yaml)', () => {
    // envsubst < instance-template.yaml > instance.yaml: in `[${SUBNET_IDS}]` YAML reads the brace as a flow mapping.
    const instance = 'apiVersion: kro.run/v1alpha1\nkind: RDSPostgres\nmetadata:\n  name: ${POSTGRES_NAME}\nspec:\n  vpcID: "${VPC_ID}"\n  subnetIDs: [${SUBNET_IDS}]\n  dbName: postgres\n';
    assert.deepEqual(extractModel(instance).problems, []);
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: x\n    args: [--zone=${ZONE}, --debug]\n';
    const result = extractModel(pod);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    // Must still be reported: another error beside it, a `$` before braces that hold YAML.
    assert.ok(extractModel(instance.replace('  dbName: postgres', '  dbName: [unclosed')).problems.length >= 1);
    assert.ok(extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - args: [${a: b}]\n    image: x\n').problems.length >= 1);
  });

  it('leaves a template with {NAME} placeholders joined to text alone, quietly (filled in by sed or a test before kubectl apply)', () => {
    // cert-manager make/config/bind/service.yaml (sed -e "s|{SERVICE_IP_PREFIX}|…|g"), linkerd2's
    // dualstack testdata ({IPv6}/128): a flow mapping with text right after its brace is no YAML.
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bind\nspec:\n  type: ClusterIP\n  clusterIP: {SERVICE_IP_PREFIX}.16\n  ports:\n  - port: 53\n';
    assert.deepEqual(extractModel(service).problems, []);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: {REGISTRY}/web:{TAG}\n';
    const result = extractModel(pod);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    assert.deepEqual(extractModel('apiVersion: policy.linkerd.io/v1alpha1\nkind: NetworkAuthentication\nspec:\n  networks:\n  - cidr: {IPv6}/128\n').problems, []);
    // Must still be reported: braces that hold YAML (a key and its value), text after a space, another error beside one.
    assert.equal(extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {a: b}x\n    image: x\n').problems.length, 1);
    assert.equal(extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {NAME} x\n    image: x\n').problems.length, 1);
    assert.equal(extractModel(service.replace('  ports:', '  ports: [unclosed')).problems.length >= 1, true);
  });

  it('leaves a Python str.format template alone, quietly: {self.path.k8s}, {images[kat-server]}, a {field} alone on its line (emissary python/tests/.../manifests)', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {self.path.k8s}-pod\n  labels:\n    backend: {self.path.k8s}\nspec:\n  containers:\n  - name: backend\n    image: {images[kat-server]}\n';
    const result = extractModel(pod);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    // A field standing for whole lines of YAML breaks everything after it.
    const account = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {self.path.k8s}\n---\n{serviceAccountExtra}\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels:\n    app: kat\n  name: {self.path.k8s}\n';
    assert.deepEqual(extractModel(account).problems, []);
    const envs = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - env:\n    - name: A\n      value: "0"\n    {envs}\n    image: {images[emissary]}\n    name: ambassador\n';
    assert.deepEqual(extractModel(envs).problems, []);
    // Must still be reported: another error beside such placeholders, an index holding YAML, a field after text.
    assert.ok(extractModel(account.replace('    app: kat', '    app: [unclosed')).problems.length >= 1);
    assert.ok(extractModel(envs.replace('    name: ambassador', '    name: [unclosed')).problems.length >= 1);
    assert.ok(extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {a: [b}\n    image: x\n').problems.length >= 1);
  });

  it('leaves a template with a ${ expression } alone on its line alone, quietly (Garden, Terraform templatefile: lines of YAML filled in)', () => {
    // garden-io/garden core/test/data/test-projects/merge-in-module-template/manifests-template.yml:
    // `${indent(yamlEncode(var.env), 12)}` in column 0 under `env:`, which Garden renders.
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: demo\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${parent.name}\n          env:\n${indent(yamlEncode(var.env), 12)}\n          image: web\n';
    const result = extractModel(deploy);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    const indented = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    ${indent(4, yamlencode(var.labels))}\n  name: x\n';
    assert.deepEqual(extractModel(indented).problems, []);
    // Must still be reported: another error beside such a line, an expression after text on its line.
    assert.ok(extractModel(deploy.replace('          image: web', '          image: [unclosed')).problems.length >= 1);
    assert.ok(extractModel('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\nx ${f(y)}\n  c: d\n').problems.length >= 1);
  });

  it('leaves a template with <NAME> placeholder lines alone, quietly (kubefirst/gitops-template, filled in by its CLI)', () => {
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: argocd\n  annotations:\n    a: "b"\n    <CERT_MANAGER_ISSUER_ANNOTATION_1>\n    <CERT_MANAGER_ISSUER_ANNOTATION_2>\nspec:\n  ingressClassName: nginx\n';
    assert.deepEqual(extractModel(ingress).problems, []);
    // Must still be reported: another error beside them, a placeholder after text on its line.
    assert.ok(extractModel(ingress.replace('ingressClassName: nginx', 'ingressClassName: [nginx')).problems.length >= 1);
    assert.ok(extractModel(ingress.replace('    <CERT_MANAGER_ISSUER_ANNOTATION_1>', '    x <CERT_MANAGER_ISSUER_ANNOTATION_1>')).problems.length >= 1);
  });

  it('leaves a FreeMarker template alone, quietly: <#if>/<#list> directive lines (cloudogu/gitops-playground *.ftl.yaml)', () => {
    // argocd/cluster-resources/apps/argocd/projects/default.ftl.yaml and templates/kubernetes/rbac/rolebinding.ftl.yaml, trimmed.
    const project = 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: default\n  annotations:\n<#if config.mail.active>\n    notifications.argoproj.io/subscribe.email: ${config.mail.to}\n</#if>\nspec:\n  sourceRepos: [ ]\n';
    assert.deepEqual(extractModel(project).problems, []);
    const binding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nsubjects:\n  <#list serviceAccounts as sa>\n  - kind: ServiceAccount\n    name: ${sa.name}\n  </#list>\nroleRef:\n  kind: Role\n';
    assert.deepEqual(extractModel(binding).problems, []);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n<#if arm>\n    image: web:arm64\n<#else>\n    image: web:amd64\n</#if>\n';
    const result = extractModel(pod);
    assert.deepEqual(result.problems, []);
    assert.equal(result.model.stats.skippedTemplates, 1);
    // Must still be reported: a `<#` that is no directive, and the same break without the directives.
    assert.ok(extractModel(project.replace('<#if config.mail.active>', '<#notadirective>').replace('</#if>', '')).problems.length >= 1);
    assert.ok(extractModel(pod.replace(/<\/?#(if arm|else|if)>/g, 'not a directive')).problems.length >= 1);
  });

  it('still reports a syntax error beside @NAME@ placeholders, and an @ that is no placeholder', () => {
    const mixed = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: @NAME@\nspec:\n  containers:\n  - name: [unclosed\n    image: x\n';
    assert.ok(extractModel(mixed).problems.length >= 1, 'the unclosed flow sequence is an error whatever else the file holds');
    const stray = extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: @web\n    image: x\n');
    assert.deepEqual(stray.problems.map((p) => [p.message, p.range?.start]), [['YAML syntax error: Plain value cannot start with reserved character @; this document is not analysed', { line: 4, character: 10 }]]);
    const service = extractModel('apiVersion: v1\nkind: Service\nmetadata:\n  name: @web\n');
    assert.deepEqual(service.problems.map((p) => p.message), ['YAML syntax error: Plain value cannot start with reserved character @; this document is not analysed'], 'in a document that holds no pod template too');
  });

  it('splits only at --- lines (a --- inside a value line is content)', () => {
    const text = 'a: 1\n---\nb: "x --- y"\n----\n--- # c\nc: 3\n---';
    assert.deepEqual(splitDocuments(text).map((c) => c.text), ['a: 1\n', '---\nb: "x --- y"\n----\n', '--- # c\nc: 3\n', '---']);
  });

  it('reports malformed YAML with a range and still analyses the other documents', () => {
    const bad = 'kind: Pod\nspec:\n  containers:\n  - name: [unclosed\n    image: x\n';
    const { model, problems } = extractModel(bad + '---\n' + deployment());
    assert.equal(model.workloads.length, 1);
    assert.equal(model.workloads[0].kind, 'Deployment');
    assert.ok(problems.length >= 1);
    assert.match(problems[0].message, /^YAML syntax error: /);
    assert.ok(problems[0].range && problems[0].range.start.line >= 3 && problems[0].range.start.line <= 5, JSON.stringify(problems[0].range));
  });

  it('reads lines that end in a lone CR (classic Mac line ends) as YAML does, and still reports a real error on its line (istio releasenotes/notes/45413.yaml)', () => {
    const notes = 'apiVersion: release-notes/v2\rkind: bug-fix\rarea: traffic-management\r\rissue:\r  - 45413\r\rreleaseNotes:\r  - |\r    **Fixed** a label.\r';
    assert.deepEqual(extractModel(notes).problems, []);
    const { model } = extractModel(deployment().replace(/\n/g, '\r'));
    assert.deepEqual(model.workloads.map((w) => w.kind), ['Deployment']);
    const broken = extractModel('apiVersion: v1\rkind: Service\rspec:\r  ports:\r  - port: 80\r   name: http\r');
    assert.equal(broken.problems.length, 1);
    assert.deepEqual(broken.problems[0].range?.start, { line: 5, character: 0 });
  });

  it('reports malformed YAML in a document that holds no pod template too (while such documents come to at most 256 KB)', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n   name: http\n';
    const { model, problems } = extractModel(deployment() + '---\n' + service);
    assert.equal(model.workloads.length, 1, 'the Deployment is still analysed');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].message, 'YAML syntax error: Sequence item without - indicator; this document is not analysed');
    assert.deepEqual(problems[0].range?.start, { line: 18, character: 0 });
    const crd = 'kind: CustomResourceDefinition\nspec:\n  containers: "unclosed\n';
    assert.equal(extractModel(crd).problems.length, 1, 'a CRD document too');
    assert.deepEqual(extractModel('kind: ConfigMap\ndata:\n  a: {{ .Values.a }}\n').problems, [], 'a Helm template is not judged');
    // Beyond 256 KB of such documents only the documents that can hold a pod template are parsed (speed: a 2 MB install.yaml is mostly CRDs).
    const big = `${'# padding\n'.repeat(26 * 1024)}---\n${service}`;
    assert.deepEqual(extractModel(big).problems, []);
  });

  it('survives an alias bomb, deep nesting and an empty file without hanging', function () {
    this.timeout(10000);
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 0; i < 9; i++) bomb += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]\n`;
    const bombPod = 'kind: Pod\n' + bomb + 'spec:\n  nodeSelector: *j\n  containers:\n  - image: x\n';
    const start = Date.now();
    const r1 = extractModel(bombPod);
    assert.equal(r1.model.workloads.length, 1);
    const deep = 'kind: Pod\nspec:\n  containers:\n  - image: x\n    env: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const r2 = extractModel(deep);
    assert.ok(r2.model.workloads.length + r2.problems.length >= 1);
    const deepBlock = 'kind: Pod\nspec:\n  containers:\n  - image: x\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(4 + i * 2)}k${i}:`).join('\n') + ' v\n';
    const r3 = extractModel(deepBlock);
    assert.ok(r3.model.workloads.length + r3.problems.length >= 1);
    assert.ok(Date.now() - start < 8000);
    const empty = extractModel('');
    assert.deepEqual(empty, { model: { text: '', workloads: [], outline: [], stats: { documents: 0, parsed: 0, skippedTemplates: 0, skippedCrds: 0 }, memo: new Memo() }, problems: [] });
  });

  it('caches parsed documents by text, so an edit re-parses only that document', () => {
    clearParseCache();
    const a = deployment();
    const b = deployment().replace('web', 'api');
    extractModel(a + '---\n' + b);
    assert.equal(parseCacheSize(), 2);
    extractModel(a + '---\n' + b.replace('nginx:1.27', 'nginx:1.28'));
    assert.equal(parseCacheSize(), 3, 'only the edited document was parsed again');
  });

  it('detects the indentation step and the sequence style near the pod spec', () => {
    const four = 'kind: Deployment\nspec:\n    template:\n        spec:\n            containers:\n                - image: x\n';
    assert.deepEqual(extractModel(four).model.workloads[0].podTemplates[0].style, { step: 4, seqIndent: 4 });
    assert.deepEqual(extractModel(deployment()).model.workloads[0].podTemplates[0].style, { step: 2, seqIndent: 0 });
  });
});

describe('YAML that is not recognisably a manifest and does not parse: skipped, not failed (issue 12)', () => {
  const skipped: Array<[string, string, RegExp]> = [
    ['Jinja snippet', '{% raw %}\n---\napiVersion: v1\nkind: Secret\ndata: {{ .x | b64enc }}\n{% endraw %}\n', /^skipped: a Jinja template, not a Kubernetes manifest, and it is not valid YAML \(YAML syntax error: /],
    ['Go template of another tool', 'name: {{ .Name }}\n---\nitems: [\n  bad: : :\n', /^skipped: a template \(\{\{ \}\}\), not a Kubernetes manifest until rendered/],
    ['excerpt with elisions', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    ...\n    spec:\n      containers: [\n', /^skipped: an excerpt with elided parts/],
    ['excerpt with a … elision', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    …\n    spec:\n      containers: [\n', /^skipped: an excerpt with elided parts/],
    ['Markdown code block saved as .yaml (solo-io/gloo docs)', '```yaml\napiVersion: gateway.solo.io/v1\nkind: VirtualService\nmetadata:\n  name: auth-tutorial\nspec:\n  virtualHost:\n    domains:\n      - \'foo\'\n```\n', /^skipped: a Markdown code block \(```\), not a Kubernetes manifest, and it is not valid YAML/],
    ['other tool\'s YAML', 'targets:\n  - name: a\n    bad: [unclosed\n', /^skipped: not a Kubernetes manifest \(no top-level apiVersion and kind\)/],
  ];
  for (const [what, text, message] of skipped) {
    it(`skipped: ${what}`, () => {
      const { problems } = extractModel(text);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].skipped, true);
      assert.match(problems[0].message, message);
    });
  }
  it('not skipped: malformed YAML that shows apiVersion and kind, or a file with a workload beside a broken document', () => {
    const malformed = extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      image: [unclosed\n');
    // a backtick inside a value is not a Markdown fence: still an error
    const backtick = extractModel('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: x\n      image: `nginx`\n');
    assert.ok(backtick.problems.length > 0 && backtick.problems.every((p) => !p.skipped), JSON.stringify(backtick.problems));
    assert.ok(malformed.problems.length > 0);
    assert.ok(malformed.problems.every((p) => !p.skipped));
    const mixed = extractModel('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: nginx}\n---\n{% raw %}\nbad: [\n');
    assert.equal(mixed.model.workloads.length, 1);
    assert.ok(mixed.problems.length > 0 && mixed.problems.every((p) => !p.skipped));
  });
});
