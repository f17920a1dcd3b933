import { loadChart, renderChart, MemorySource } from './server/src/helm/chart';
const src = new MemorySource({
  '/c/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  '/c/values.yaml': 'image:\n  repository: nginx\n  tag: "1.27"\nnodeSelector: {}\naffinity:\n  a: b\n',
  '/c/templates/_helpers.tpl': '{{- define "web.image" -}}{{ .Values.image.repository }}:{{ .Values.image.tag }}{{- end }}\n',
  '/c/templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: "{{ include "web.image" . }}"
`,
});
const chart = loadChart(src, '/c');
const r = renderChart(chart, {});
for (const m of r.manifests) {
  console.log(JSON.stringify(m.text));
  for (const s of m.segments) console.log(s.kind, s.start, s.end, JSON.stringify(m.text.slice(s.start, s.end)), s.template, s.tplStart, s.tplEnd, JSON.stringify(s.values?.map(v => [v.path, v.origin])));
  for (const e of m.events) console.log('EV', JSON.stringify(e));
}
console.log(r.errors);
