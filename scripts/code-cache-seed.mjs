// The V8 code cache the first `archlens check` after a build starts from (dist/code-cache, read by
// server/src/cli/compile-cache.ts): build.mjs checks examples/ and a small workspace of every other
// kind archlens reads (a chart, an overlay, a workflow, a compose file, a shell script) with an
// empty cache folder, and moves the caches that check wrote into dist/. V8 takes them only under
// the Node, V8 and CPU that made them (the folder is named after them); any other runtime compiles
// as before. Not packed (package.json "files"): an installed package's first check writes its own.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas | default 1 }}
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        {{- range $name, $c := .Values.sidecars }}
        - name: {{ $name | quote }}
          image: {{ printf "%s:%s" $c.repository ($c.tag | toString) }}
        {{- end }}
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          {{- if .Values.resources }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
          {{- end }}
`;

const HELPERS = `{{- define "web.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "web.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
`;

const BASE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/team/api:1.0
`;

/** The workspace checked beside examples/: every kind of file, so the check compiles what a real one does. */
const WORKSPACE = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0"\n',
  'chart/values.yaml': 'image:\n  repository: registry.example.com/team/web\n  tag: ""\nnodeSelector:\n  kubernetes.io/arch: amd64\nsidecars:\n  proxy:\n    repository: registry.example.com/team/proxy\n    tag: 2\nresources:\n  limits:\n    cpu: 100m\n',
  'chart/templates/_helpers.tpl': HELPERS,
  'chart/templates/deployment.yaml': DEPLOYMENT,
  'chart/templates/NOTES.txt': 'Installed {{ .Release.Name }}.\n',
  'deploy/base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n',
  'deploy/base/deployment.yaml': BASE_DEPLOYMENT,
  'deploy/prod/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\nimages:\n  - name: registry.example.com/team/api\n    newTag: "1.1"\npatches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /spec/replicas\n        value: 3\n',
  'compose.yaml': 'services:\n  web:\n    image: registry.example.com/team/web:1.0\n    platform: linux/amd64\n',
  'scripts/release.sh': '#!/bin/sh\nset -eu\nfor arch in amd64 arm64; do\n  docker build --platform "linux/$arch" -t "registry.example.com/team/web:$arch" .\ndone\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker buildx build --platform linux/amd64,linux/arm64 --push -t registry.example.com/team/web:${{ github.sha }} .\n',
};

/** Seeds dist/code-cache (see the top of this file); a failure only means no seed, said on stderr. */
export function seedCodeCache() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-seed-'));
  try {
    for (const [file, text] of Object.entries(WORKSPACE)) {
      fs.mkdirSync(path.dirname(path.join(work, 'ws', file)), { recursive: true });
      fs.writeFileSync(path.join(work, 'ws', file), text);
    }
    const home = path.join(work, 'cache');
    const run = spawnSync(process.execPath, ['bin/archlens.js', 'check', '--offline', '--no-cache', '--fail-on', 'none', '--format', 'json', 'examples', path.join(work, 'ws')], {
      env: { ...process.env, XDG_CACHE_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const made = path.join(home, 'archlens', 'code-cache');
    if (run.status !== 0 || !fs.existsSync(made)) throw new Error(run.stderr?.toString().slice(0, 300) || `exit ${run.status}`);
    fs.cpSync(made, 'dist/code-cache', { recursive: true });
  } catch (error) {
    process.stderr.write(`build: no code cache seed (${error.message})\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
