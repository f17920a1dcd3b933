/**
 * The editor, over the real protocol: a workflow's multi-platform build whose Dockerfile (on disk,
 * never opened) cross-compiles every RUN on $BUILDPLATFORM needs no QEMU — once the workspace image
 * map has read that Dockerfile, AL503 is not shown — and an edit of the Dockerfile that adds a RUN on
 * the target platform re-checks the open workflow, which then asks for QEMU; undoing the edit takes
 * the finding away again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { buildOnce, LspClient, ours, pathUri } from './harness';

const WORKFLOW = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          file: images/Dockerfile\n          platforms: linux/amd64,linux/arm64\n          push: true\n          tags: ghcr.io/acme/cni:1\n';
const DOCKERFILE = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /cni .\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /cni /cni\nENTRYPOINT ["/cni"]\n';
const RUN_LINE = 'RUN ["/cni", "--version"]\n';

describe('lsp: a build file reads what its Dockerfile runs (AL503 QEMU)', function () {
  this.timeout(120_000);
  let folder: string;
  let client: LspClient;
  let workflowUri: string;
  let dockerfileUri: string;

  before(async () => {
    buildOnce();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-content-'));
    for (const [file, text] of Object.entries({ '.github/workflows/release.yml': WORKFLOW, 'images/Dockerfile': DOCKERFILE })) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
    workflowUri = pathUri(path.join(folder, '.github', 'workflows', 'release.yml'));
    dockerfileUri = pathUri(path.join(folder, 'images', 'Dockerfile'));
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const al503 = (p: PublishDiagnosticsParams) => ours(p.diagnostics, 'AL503');
  const workflowAfter = (from: number, accept: (p: PublishDiagnosticsParams) => boolean, what: string) =>
    client.waitFor(what, () => client.publications.slice(from).find((p) => p.uri === workflowUri && accept(p)), 20_000);

  it('no AL503 once the map has read the Dockerfile: every RUN is on the build platform', async () => {
    client.open(workflowUri, 'github-actions-workflow', WORKFLOW);
    // Before the map is built the QEMU half shows (nothing is known of the Dockerfile); the map's build re-checks the workflow.
    await workflowAfter(0, (p) => al503(p).length === 0, 'the workflow without AL503');
  });

  it('a RUN added to the exported stage in the open Dockerfile re-checks the workflow: QEMU is needed', async () => {
    client.open(dockerfileUri, 'dockerfile', DOCKERFILE);
    const at = client.publications.length;
    const line = { line: 5, character: 0 };
    client.change(dockerfileUri, 2, [{ range: { start: line, end: line }, text: RUN_LINE }]);
    const published = await workflowAfter(at, (p) => al503(p).length > 0, 'AL503 on the workflow');
    const [finding] = al503(published);
    assert.equal(finding.range.start.line, 7);
    assert.match(typeof finding.message === 'string' ? finding.message : finding.message.value, /without docker\/setup-qemu-action earlier in job "image"/);

    const back = client.publications.length;
    client.change(dockerfileUri, 3, [{ range: { start: line, end: { line: 6, character: 0 } }, text: '' }]);
    await workflowAfter(back, (p) => al503(p).length === 0, 'AL503 gone once the RUN is removed');
  });
});
