/** Workspace files of the scenarios (images live in the loopback registry: see registry.ts). */

/** A Deployment of a single-arch (linux/amd64) image with no arch constraint → AL202. */
export const BILLING_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  labels:
    app: billing
spec:
  replicas: 2
  selector:
    matchLabels:
      app: billing
  template:
    metadata:
      labels:
        app: billing
    spec:
      containers:
        - name: billing
          image: acme/billing:1.4.2
          ports:
            - containerPort: 8080
`;

/** A Deployment whose image publishes every target: nothing to report. */
export const API_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: acme/api:2.0.0
`;

/** Uses $TARGETARCH in a stage that does not declare it → AL301 (offline). */
export const BUILD_DOCKERFILE = `FROM acme/builder:1.22 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH go build -o /out/app ./cmd/app

FROM acme/runtime:3.20
COPY --from=build /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]
`;

/** A mistyped arch value in the nodeSelector → AL101 (offline). */
export const WORKER_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      nodeSelector:
        kubernetes.io/arch: x86_64
      containers:
        - name: worker
          image: acme/api:2.0.0
`;
