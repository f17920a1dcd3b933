/** Chart templates the chart and overlay tests share. */

/**
 * A Deployment whose image comes from `.Values.image` and whose nodeSelector the template passes
 * through from `.Values.nodeSelector` (the common chart shape: fixes land in values.yaml).
 */
export const PASS_THROUGH_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`;
