/** The GitHub workflow the image-map tests build their image with. */

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
