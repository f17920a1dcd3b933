/** The GitHub workflow, Deployment and Dockerfile the image-map (built-here) tests build and deploy their image with. */

/**
 * A release workflow: docker/build-push-action pushing `tags` for `platforms` (none: the runner's
 * own). The build-push-action step is on line 8 (0-based).
 */
export function releaseWorkflow(platforms?: string, tags = 'ghcr.io/acme/api:${{ github.sha }}'): string {
  return `name: release
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: api
          push: true
${platforms === undefined ? '' : `          platforms: ${platforms}\n`}          tags: ${tags}
`;
}

/** A Deployment of `image` named api, the smallest a pod template takes (the image on line 9, 0-based). */
export const apiDeployment = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
      - name: api
        image: ${image}
`;

/** The same Deployment with the selector and labels `kubectl apply` needs (the image on line 13). */
export const apiDeploymentWithSelector = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: ${image}
`;

/** A Go binary built on the build machine and copied into the exported stage (AL306 on line 2). */
export const SHIPPING_DOCKERFILE = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\n';
