/**
 * Small kustomizations whose `kubectl kustomize` output (or error) is recorded in ./expected by
 * record.ts and compared with archlens' in-process build by kubectl-cases.test.ts. Each case is a
 * set of files under a root directory; `dir` is the kustomization built (default: the root).
 */

export interface KCase {
  name: string;
  files: Record<string, string>;
  dir?: string;
  /** kubectl fails: a phrase of its error that archlens' message must contain too. */
  error?: string;
  /** archlens reports these (warnings or infos) although kubectl builds. */
  notes?: string[];
  /** `Kind/name` of kubectl's documents archlens does not build (generated ConfigMaps and Secrets). */
  omit?: string[];
}

/** Removes the common indentation of a template literal (and its first newline). */
export function y(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

const deployment = (name = 'web', extra = ''): string => y(`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: ${name}
    labels:
      app: ${name}
  spec:
    selector:
      matchLabels:
        app: ${name}
    template:
      metadata:
        labels:
          app: ${name}
      spec:
        containers:
        - name: app
          image: nginx:1.25
          env:
          - name: A
            value: "1"
          volumeMounts:
          - name: data
            mountPath: /data
        - name: sidecar
          image: busybox
        volumes:
        - name: data
          emptyDir: {}
        nodeSelector:
          disk: ssd
          kubernetes.io/arch: amd64
        tolerations:
        - key: a
          operator: Exists
  ${extra}
  `);

const KUST = (body: string): string => y(body);

export const CASES: KCase[] = [
  {
    name: 'smp-containers-by-name',
    files: {
      'deploy.yaml': deployment(),
      'patch.yaml': y(`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
              - name: extra
                image: alpine:3
              - name: sidecar
                image: busybox:1.36
                args: ["sleep", "1"]
      `),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - path: patch.yaml
      `),
    },
  },
  {
    name: 'smp-env-mounts-volumes',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    env:
                    - name: B
                      value: "2"
                    - name: A
                      value: changed
                    volumeMounts:
                    - name: cache
                      mountPath: /cache
                  volumes:
                  - name: cache
                    emptyDir: {}
                  - name: data
                    configMap:
                      name: cm
      `),
    },
  },
  {
    name: 'smp-node-selector',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - target:
            kind: Deployment
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ignored
            spec:
              template:
                spec:
                  nodeSelector:
                    disk: null
                    kubernetes.io/arch: arm64
                    zone: a
      `),
    },
  },
  {
    name: 'smp-node-selector-removed',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  nodeSelector: null
                  tolerations:
                  - key: b
                    operator: Equal
                    value: x
      `),
    },
  },
  {
    name: 'smp-affinity',
    files: {
      'deploy.yaml': deployment('web', `
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: db
  spec:
    template:
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - key: kubernetes.io/arch
                  operator: In
                  values: [amd64]
              - matchExpressions:
                - key: zone
                  operator: Exists
          podAntiAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 1
              podAffinityTerm:
                topologyKey: zone
        containers:
        - name: db
          image: postgres:16
`),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - target:
            kind: Deployment|StatefulSet
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: any
            spec:
              template:
                spec:
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions:
                          - key: kubernetes.io/arch
                            operator: In
                            values: [arm64, amd64]
      `),
    },
  },
  {
    name: 'smp-patch-directives',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  $setElementOrder/containers:
                  - name: sidecar
                  - name: app
                  containers:
                  - name: sidecar
                    $patch: delete
                  nodeSelector:
                    $patch: replace
                    kubernetes.io/arch: arm64
                  volumes:
                  - $patch: replace
                  - name: fresh
                    emptyDir: {}
                  $retainKeys:
                  - containers
      `),
    },
  },
  {
    name: 'smp-delete-resource',
    files: {
      'deploy.yaml': deployment('web', `
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    ports:
    - port: 80
`),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patchesStrategicMerge:
        - |-
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          $patch: delete
      `),
    },
  },
  {
    name: 'smp-custom-resource-lists-replaced',
    files: {
      'cr.yaml': y(`
        apiVersion: example.com/v1
        kind: Workload
        metadata:
          name: w
        spec:
          template:
            spec:
              containers:
              - name: a
                image: nginx
              - name: b
                image: busybox
      `),
      'kustomization.yaml': KUST(`
        resources:
        - cr.yaml
        patches:
        - patch: |-
            apiVersion: example.com/v1
            kind: Workload
            metadata:
              name: w
            spec:
              template:
                spec:
                  containers:
                  - name: b
                    image: busybox:2
      `),
    },
  },
  {
    name: 'smp-service-ports-and-nulls',
    files: {
      'svc.yaml': y(`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            kept: null
            dropped:
        spec:
          ports:
          - name: http
            port: 80
            protocol: TCP
          - name: dns
            port: 53
            protocol: UDP
      `),
      'kustomization.yaml': KUST(`
        resources:
        - svc.yaml
        patches:
        - patch: |-
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - port: 53
                protocol: TCP
                name: dns-tcp
              - port: 80
                targetPort: 8080
      `),
    },
  },
  {
    name: 'smp-legacy-patches-and-initcontainers',
    files: {
      'deploy.yaml': deployment(),
      'p1.yaml': y(`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
              - name: init
                image: busybox:1
      `),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patchesStrategicMerge:
        - p1.yaml
        - |-
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            template:
              spec:
                initContainers:
                - name: init
                  command: [sh]
      `),
    },
  },
  {
    name: 'smp-no-match',
    error: 'no matches for Id Deployment.v1.apps/other.[noNs]',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: other
            spec:
              replicas: 2
      `),
    },
  },
  {
    name: 'smp-wrong-kind',
    error: 'wrong node kind: expected MappingNode but got ScalarNode',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template: 5
      `),
    },
  },
  {
    name: 'target-selectors',
    notes: ['matches no resource'],
    files: {
      'res.yaml': y(`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-v1
          labels: {tier: backend}
          annotations: {arch: any}
        spec:
          template:
            spec:
              containers:
              - name: c
                image: api
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api-v2
          namespace: prod
          labels: {tier: backend, canary: "true"}
        spec:
          template:
            spec:
              containers:
              - name: c
                image: api
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          labels: {tier: infra}
        spec:
          template:
            spec:
              containers:
              - name: c
                image: agent
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: job
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                  - name: c
                    image: job
      `),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
        patches:
        - target: {labelSelector: "tier=backend,!canary"}
          patch: |-
            - op: add
              path: /spec/template/spec/nodeSelector
              value: {kubernetes.io/arch: amd64}
        - target: {name: "api-.*", namespace: prod}
          patch: |-
            - op: add
              path: /spec/template/spec/nodeSelector
              value: {kubernetes.io/arch: arm64}
        - target: {group: apps, version: v1, kind: DaemonSet, annotationSelector: "x in (y)"}
          patch: |-
            - op: add
              path: /spec/template/spec/hostNetwork
              value: true
        - target: {kind: DaemonSet, labelSelector: "tier in (infra, edge)"}
          patch: |-
            - op: add
              path: /spec/template/spec/nodeSelector
              value: {kubernetes.io/os: linux}
        - target: {group: batch, kind: CronJob}
          patch: |-
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: x
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      nodeSelector:
                        kubernetes.io/arch: arm64
      `),
    },
  },
  {
    name: 'json6902-operations',
    files: {
      'deploy.yaml': deployment(),
      'ops.yaml': y(`
        - op: replace
          path: /spec/template/spec/containers/0/image
          value: nginx:1.27
        - op: add
          path: /spec/template/spec/containers/-
          value: {name: tail, image: "alpine:3"}
        - op: add
          path: /spec/template/spec/containers/-1
          value: {name: beforeLast, image: busybox}
        - op: remove
          path: /spec/template/spec/nodeSelector/disk
        - op: replace
          path: /spec/template/spec/priorityClassName
          value: high
        - op: copy
          from: /spec/template/spec/containers/0
          path: /spec/template/spec/initContainers
        - op: move
          from: /spec/template/spec/tolerations
          path: /spec/template/spec/oldTolerations
        - op: test
          path: /spec/template/spec/containers/0/name
          value: app
        - op: add
          path: /metadata/annotations
          value: {"a~b/c": "x"}
        - op: replace
          path: /metadata/annotations/a~0b~1c
          value: "y"
      `),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patchesJson6902:
        - target:
            group: apps
            version: v1
            kind: Deployment
            name: web
          path: ops.yaml
        patches:
        - target: {kind: Deployment}
          patch: '[{"op": "add", "path": "/spec/template/spec/nodeSelector/kubernetes.io~1arch", "value": "arm64"}]'
      `),
    },
  },
  {
    // kustomize's bookkeeping annotations make metadata.annotations exist while it builds
    // (bank-of-anthos acm-multienv-cicd-anthos-autopilot overlays): the add works, no annotations before.
    name: 'json6902-add-annotation-no-annotations',
    files: {
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n',
      'kustomization.yaml': KUST(`
        resources:
        - sa.yaml
        - cm.yaml
        patches:
        - target: {kind: ServiceAccount}
          patch: |-
            - op: add
              path: /metadata/annotations/iam.gke.io~1gcp-service-account
              value: app@project.iam.gserviceaccount.com
        - target: {kind: ConfigMap}
          patch: |-
            - op: add
              path: /metadata/annotations/a
              value: b
      `),
    },
  },
  {
    // Labels have no bookkeeping map: the same add under labels still fails.
    name: 'json6902-add-label-no-labels',
    error: 'add operation does not apply: doc is missing path: "/metadata/labels/tier"',
    files: {
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n',
      'kustomization.yaml': KUST(`
        resources:
        - sa.yaml
        patches:
        - target: {kind: ServiceAccount}
          patch: |-
            - op: add
              path: /metadata/labels/tier
              value: web
      `),
    },
  },
  {
    name: 'json6902-remove-missing',
    error: "error in remove for path: '/spec/nothere': Unable to remove nonexistent key: nothere: missing value",
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - target: {kind: Deployment}
          patch: |-
            - op: remove
              path: /spec/nothere
      `),
    },
  },
  {
    // kubernetes-sigs/cluster-api-provider-azure templates/test/ci: `test` with value null, then `add`,
    // creates a list only where there was none. json-patch v4 passes a null test on a missing or null value.
    name: 'json6902-test-null',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - target: {kind: Deployment}
          patch: |-
            - op: test
              path: /spec/template/spec/initContainers
              value: null
            - op: add
              path: /spec/template/spec/initContainers
              value: []
            - op: add
              path: /spec/template/spec/initContainers/-
              value: {name: init, image: busybox}
            - op: add
              path: /spec/template/spec/hostname
              value: null
            - op: test
              path: /spec/template/spec/hostname
              value: null
      `),
    },
  },
  {
    name: 'json6902-test-missing-value',
    error: 'testing value /spec/template/spec/initContainers failed',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - target: {kind: Deployment}
          patch: |-
            - op: test
              path: /spec/template/spec/initContainers
              value: []
      `),
    },
  },
  {
    name: 'images',
    files: {
      'res.yaml': y(`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              initContainers:
              - name: init
                image: busybox
              containers:
              - name: a
                image: nginx
              - name: b
                image: nginx-ingress:1.0
              - name: c
                image: registry.example.com:5000/team/app:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000
              - name: d
                image: docker.io/library/redis:7
              - name: e
                image: gcr.io/proj/tool@sha256:1111111111111111111111111111111111111111111111111111111111111111
              ephemeralContainers:
              - name: debug
                image: nginx
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: cron
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                  - name: job
                    image: nginx:old
        ---
        apiVersion: example.com/v1
        kind: Custom
        metadata:
          name: custom
        spec:
          deep:
            containers:
            - name: x
              image: busybox:1
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: things.example.com
        spec:
          containers:
          - name: never
            image: nginx
      `),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
        images:
        - name: nginx
          newTag: "1.27"
        - name: busybox
          newName: quay.io/prometheus/busybox
          digest: sha256:2222222222222222222222222222222222222222222222222222222222222222
        - name: registry.example.com:5000/team/app
          newName: mirror.example.com/app
          newTag: "2.0"
        - name: docker.io/library/redis
          tagSuffix: -alpine
        - name: gcr.io/proj/tool
          newTag: v1
          digest: sha256:3333333333333333333333333333333333333333333333333333333333333333
        imageTags:
        - name: nginx-ingress
          newName: ingress
      `),
    },
  },
  {
    name: 'namespace-prefix-suffix',
    files: {
      'res.yaml': y(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: old
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: elsewhere
        spec:
          template:
            spec:
              containers:
              - name: c
                image: nginx
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: rb
        subjects:
        - kind: ServiceAccount
          name: default
        - kind: ServiceAccount
          name: other
          namespace: x
        roleRef:
          kind: ClusterRole
          name: reader
          apiGroup: rbac.authorization.k8s.io
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: things.example.com
        spec:
          group: example.com
      `),
      'kustomization.yaml': KUST(`
        namespace: team
        namePrefix: pre-
        nameSuffix: -suf
        resources:
        - res.yaml
      `),
    },
  },
  {
    name: 'overlay-patches-base-names',
    dir: 'overlay',
    files: {
      'base/deploy.yaml': deployment(),
      'base/kustomization.yaml': KUST(`
        namespace: base-ns
        namePrefix: base-
        resources:
        - deploy.yaml
        images:
        - name: nginx
          newName: base.example.com/nginx
      `),
      'overlay/kustomization.yaml': KUST(`
        bases:
        - ../base
        namePrefix: o-
        commonLabels:
          env: prod
        commonAnnotations:
          owner: team
        replicas:
        - name: base-web
          count: 3
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
        images:
        - name: base.example.com/nginx
          newTag: "1.27"
      `),
    },
  },
  {
    name: 'labels-entries',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        labels:
        - pairs:
            team: a
        - pairs:
            tier: web
          includeTemplates: true
        - pairs:
            sel: "yes"
          includeSelectors: true
        - pairs:
            custom: x
          fields:
          - path: spec/template/spec/nodeSelector
            kind: Deployment
            create: true
      `),
    },
  },
  {
    name: 'replicas-no-match',
    error: 'resource with name missing does not match a config with the following GVK',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        replicas:
        - name: missing
          count: 2
      `),
    },
  },
  {
    name: 'components',
    dir: 'overlay',
    files: {
      'base/deploy.yaml': deployment(),
      'base/kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
      `),
      'comp/arm/kustomization.yaml': KUST(`
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        patches:
        - target: {kind: Deployment}
          patch: |-
            - op: replace
              path: /spec/template/spec/nodeSelector/kubernetes.io~1arch
              value: arm64
        images:
        - name: nginx
          newName: arm.example.com/nginx
      `),
      'comp/extra/kustomization.yaml': KUST(`
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        resources:
        - job.yaml
        patches:
        - target: {kind: Job}
          patch: |-
            - op: add
              path: /spec/template/spec/nodeSelector
              value: {kubernetes.io/arch: amd64}
      `),
      'comp/extra/job.yaml': y(`
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              containers:
              - name: m
                image: nginx:1
      `),
      'overlay/kustomization.yaml': KUST(`
        resources:
        - ../base
        components:
        - ../comp/extra
        - ../comp/arm
        images:
        - name: arm.example.com/nginx
          newTag: "9"
      `),
    },
  },
  {
    name: 'lists-local-config-and-order',
    files: {
      'res.yaml': y(`
        apiVersion: v1
        kind: List
        items:
        - apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: from-list
          spec:
            template:
              spec:
                containers:
                - name: c
                  image: nginx
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: cm
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: hook
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: local
          annotations:
            config.kubernetes.io/local-config: "true"
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ns
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: svc
      `),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
      `),
    },
  },
  {
    name: 'sort-fifo',
    files: {
      'res.yaml': y(`
        apiVersion: v1
        kind: Service
        metadata:
          name: svc
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: ns
      `),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
        sortOptions:
          order: fifo
      `),
    },
  },
  {
    name: 'generators-ignored',
    notes: ['configMapGenerator ignored', 'secretGenerator ignored', 'generatorOptions ignored'],
    omit: ['ConfigMap/settings', 'Secret/creds'],
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        configMapGenerator:
        - name: settings
          literals: [a=b]
        secretGenerator:
        - name: creds
          literals: [u=p]
        generatorOptions:
          disableNameSuffixHash: true
      `),
    },
  },
  {
    name: 'name-references',
    dir: 'overlay',
    files: {
      'base/res.yaml': y(`
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: runner
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: db
        spec:
          selector: {app: db}
          ports:
          - port: 5432
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              serviceAccountName: runner
              imagePullSecrets:
              - name: creds
              containers:
              - name: db
                image: postgres:16
                envFrom:
                - configMapRef:
                    name: settings
                env:
                - name: PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: creds
                      key: password
              volumes:
              - name: cfg
                configMap:
                  name: settings
              - name: external
                configMap:
                  name: not-ours
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: reader
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: read
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: reader
        subjects:
        - kind: ServiceAccount
          name: runner
          namespace: default
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: db
        spec:
          selector:
            matchLabels: {app: db}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: db
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: StatefulSet
            name: db
      `),
      'base/kustomization.yaml': KUST(`
        resources:
        - res.yaml
      `),
      'overlay/kustomization.yaml': KUST(`
        namespace: team
        namePrefix: t-
        nameSuffix: -v2
        commonLabels:
          owner: team
        resources:
        - ../base
        replicas:
        - name: db
          count: 2
      `),
    },
  },
  {
    name: 'diamond-prefixes',
    dir: 'top',
    files: {
      'base/res.yaml': y(`
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cfg
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          template:
            spec:
              containers:
              - name: app
                image: nginx
                envFrom:
                - configMapRef:
                    name: cfg
      `),
      'base/kustomization.yaml': 'resources:\n- res.yaml\n',
      'a/kustomization.yaml': 'namePrefix: a-\nresources:\n- ../base\n',
      'b/kustomization.yaml': 'namePrefix: b-\nresources:\n- ../base\nimages:\n- name: nginx\n  newTag: b\n',
      'top/kustomization.yaml': 'resources:\n- ../a\n- ../b\n',
    },
  },
  {
    name: 'patch-options-and-metadata',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        patches:
        - options:
            allowNameChange: true
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                extra: "1"
                app: null
              annotations:
                note: patched
            spec:
              template:
                spec:
                  nodeSelector:
                    kubernetes.io/arch: arm64
        - target:
            kind: Deployment
            name: web
          options:
            allowNameChange: true
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web-renamed
              namespace: ignored
      `),
    },
  },
  {
    name: 'images-regex-and-order',
    files: {
      'res.yaml': y(`
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
        spec:
          containers:
          - name: a
            image: gcrXio/proj/tool:1
          - name: b
            image: gcr.io/proj/tool
          - name: c
            image: localhost:5000/app
          - name: d
            image: app:1.0@sha256:4444444444444444444444444444444444444444444444444444444444444444
          - name: e
            image: "busybox:latest"
      `),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
        images:
        - name: gcr.io/proj/tool
          newName: tool
        - name: tool
          newTag: "2"
        - name: localhost:5000/app
          newTag: dev
        - name: app
          newName: registry.example.com/app
        - name: busybox
          newName: busybox
      `),
    },
  },
  {
    name: 'delete-by-target',
    files: {
      'res.yaml': deployment('a', `
  ---
  ${deployment('b').split('\n').join('\n  ')}
`),
      'kustomization.yaml': KUST(`
        resources:
        - res.yaml
        patches:
        - target: {kind: Deployment, name: b}
          patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: any
            $patch: delete
      `),
    },
  },
  // Errors, in kustomize's words.
  {
    name: 'error-missing-resource',
    error: 'no such file or directory',
    files: { 'kustomization.yaml': KUST(`
      resources:
      - deploy.yaml
    `) },
  },
  {
    name: 'error-dir-without-kustomization',
    error: "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory",
    files: {
      'sub/readme.txt': 'nothing here\n',
      'kustomization.yaml': KUST(`
        resources:
        - sub
      `),
    },
  },
  {
    name: 'error-cycle',
    dir: 'a',
    error: 'cycle detected: candidate root',
    files: {
      'a/kustomization.yaml': KUST(`
        resources:
        - ../b
      `),
      'b/kustomization.yaml': KUST(`
        resources:
        - ../a
      `),
    },
  },
  {
    name: 'error-parent-is-cycle',
    dir: 'child',
    error: 'cycle detected: candidate root',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
      `),
      'child/kustomization.yaml': KUST(`
        resources:
        - ..
      `),
    },
  },
  {
    name: 'error-duplicate-id',
    error: 'may not add resource with an already registered id: Deployment.v1.apps/web.[noNs]',
    files: {
      'a.yaml': deployment(),
      'b.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - a.yaml
        - b.yaml
      `),
    },
  },
  {
    name: 'error-unknown-field',
    error: 'invalid Kustomization: json: unknown field "resourcez"',
    files: {
      'kustomization.yaml': KUST(`
        resourcez:
        - a.yaml
      `),
    },
  },
  {
    name: 'error-field-type',
    error: 'invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.newTag of type string',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': KUST(`
        resources:
        - deploy.yaml
        images:
        - name: nginx
          newTag: 1.20
      `),
    },
  },
  {
    name: 'error-multiple-kustomizations',
    error: 'Found multiple kustomization files under',
    files: {
      'kustomization.yaml': 'resources: []\n',
      'Kustomization': 'resources: []\n',
    },
  },
  {
    name: 'error-empty-kustomization',
    error: 'kustomization.yaml is empty',
    files: { 'kustomization.yml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' },
  },
  {
    name: 'error-bad-kind',
    error: 'kind should be Kustomization or Component',
    files: { 'kustomization.yaml': 'apiVersion: v1\nkind: Foo\nresources: []\n' },
  },
  {
    name: 'error-component-as-resource',
    error: "expected kind != 'Component' for path",
    files: {
      'c/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: []\n',
      'kustomization.yaml': 'resources:\n- c\n',
    },
  },
  {
    // flagger: kustomize reads patches leniently; a strategic merge takes a repeated key's first value.
    name: 'patch-inline-repeated-key-first-wins',
    files: {
      'deploy.yaml': deployment(),
      'kustomization.yaml': y(`
        resources:
        - deploy.yaml
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    image: first:1
                    image: second:2
      `),
    },
  },
  {
    name: 'patch-file-repeated-key-first-wins',
    files: {
      'deploy.yaml': deployment(),
      'p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  replicas: 3\n',
      'kustomization.yaml': 'resources:\n- deploy.yaml\npatches:\n- path: p.yaml\n',
    },
  },
  {
    // A JSON 6902 operation is decoded as JSON: a repeated key's last value.
    name: 'patch-json6902-repeated-key-last-wins',
    files: {
      'deploy.yaml': deployment(),
      'ops.yaml': '- op: add\n  path: /spec/replicas\n  value: 2\n  value: 5\n',
      'kustomization.yaml': 'resources:\n- deploy.yaml\npatches:\n- path: ops.yaml\n  target: {kind: Deployment, name: web}\n',
    },
  },
  {
    name: 'error-resource-repeated-key',
    error: 'mapping key "a" already defined',
    files: {
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\n  a: "2"\n',
      'kustomization.yaml': 'resources:\n- cm.yaml\n',
    },
  },
  {
    name: 'error-kustomization-as-component',
    error: "expected kind 'Component' for path",
    files: {
      'c/kustomization.yaml': 'resources: []\n',
      'kustomization.yaml': 'components:\n- c\n',
    },
  },
  {
    name: 'error-patch-file-missing',
    error: 'failed to get the patch file from path(nope.yaml)',
    files: { 'kustomization.yaml': 'resources: []\npatches:\n- path: nope.yaml\n' },
  },
  {
    name: 'error-file-outside-root',
    dir: 'in',
    error: 'is not in or below',
    files: {
      'deploy.yaml': deployment(),
      'in/kustomization.yaml': 'resources:\n- ../deploy.yaml\n',
    },
  },
  {
    name: 'error-malformed-resource',
    error: 'MalformedYAMLError',
    files: {
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bad: [\n',
      'kustomization.yaml': 'resources:\n- bad.yaml\n',
    },
  },
];
