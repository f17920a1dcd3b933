/**
 * Issue 17 in the editor, over the real protocol: the workspace image map is built from the
 * workspace folder on disk, AL210 shows on a manifest that deploys an image the workspace builds for
 * fewer architectures, the hover says where it is built, fixes are offered on both sides (the pod,
 * the build file), and the map follows the build file as it is edited, closed, and changed on disk.
 * A registry process on loopback answers for the "the published image predates the build" case.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { buildOnce, editsOf, LspClient, ours, pathUri } from './harness';
import { releaseWorkflow, apiDeployment as deployment, SHIPPING_DOCKERFILE } from '../helpers/release-workflow';

/** The release workflow pushing `${host}/acme/api:<sha>` for `platforms`. */
const workflow = (host: string, platforms: string) => releaseWorkflow(platforms, `${host}/acme/api:` + '${{ github.sha }}');


const GOOD_DOCKERFILE = 'FROM gcr.io/distroless/static\nCOPY api /api\n';

/** The image reference on line 9 of `deployment`. */
const IMAGE_LINE = 9;

function workspaceFolder(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-images-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

const al210 = (p: PublishDiagnosticsParams) => ours(p.diagnostics, 'AL210');
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('lsp: images this workspace builds (issue 17)', function () {
  this.timeout(120_000);
  // Not pushed anywhere: the host is only a name (offline mode looks nothing up).
  const HOST = 'registry.acme.test';
  let folder: string;
  let manifestUri: string;
  let workflowUri: string;
  let workflowFile: string;
  let client: LspClient;

  before(async () => {
    buildOnce();
    folder = workspaceFolder({
      '.github/workflows/release.yml': workflow(HOST, 'linux/amd64'),
      'api/Dockerfile': GOOD_DOCKERFILE,
      'k8s/api.yaml': deployment(`${HOST}/acme/api:1.4.2`),
    });
    manifestUri = pathUri(path.join(folder, 'k8s', 'api.yaml'));
    workflowFile = path.join(folder, '.github', 'workflows', 'release.yml');
    workflowUri = pathUri(workflowFile);
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true }, documentChanges: true });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The next publication for the manifest (after `from`) that `accept`s. */
  const manifestDiagnostics = (from: number, accept: (p: PublishDiagnosticsParams) => boolean, what: string) =>
    client.waitFor(what, () => client.publications.slice(from).find((p) => p.uri === manifestUri && accept(p)), 20_000);

  let finding: Diagnostic;

  it('AL210 on a manifest whose image the workspace builds for amd64 only (the build file never opened), pointing at the build line', async () => {
    client.open(manifestUri, 'yaml', fs.readFileSync(path.join(folder, 'k8s', 'api.yaml'), 'utf8'));
    // The map is built in the background: the manifest is checked again when it is ready.
    const published = await manifestDiagnostics(0, (p) => al210(p).length > 0, 'AL210 on the manifest');
    [finding] = al210(published);
    assert.equal(finding.range.start.line, IMAGE_LINE);
    assert.equal(messageOf(finding), `container "api" of Deployment "api": "${HOST}/acme/api:1.4.2" is built here by .github/workflows/release.yml:9 (docker/build-push-action) for linux/amd64 only, but the pod may run on amd64 and arm64: on arm64 nodes there is no image for it (the pull fails, or a single-platform image fails with "exec format error").`);
    assert.deepEqual(finding.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [[workflowUri, 8, 'built here for linux/amd64 (docker/build-push-action)']]);
    assert.ok(client.logs.some((l) => /workspace image map: 1 builds from \d+ files/.test(l.message)), 'the map says what it read');
  });

  it('the hover on the image says where it is built and for what', async () => {
    const hover = await client.hover(manifestUri, { line: IMAGE_LINE, character: 20 });
    const value = (hover?.contents as { value: string }).value;
    // Markdown-escaped text, the build line a link to the workflow.
    assert.ok(value.includes(`\n\nBuilt here by [\\.github/workflows/release\\.yml:9](${workflowUri}#L9) (docker/build\\-push\\-action) for linux/amd64.\n\n`), value);
    // Nothing is built from the hover's other images: a line of the manifest with no image has no hover.
    assert.equal(await client.hover(manifestUri, { line: 0, character: 2 }), null);
  });

  it('offers fixes on both sides: constrain the pod (preferred), or build arm64 too in the workflow (versioned edit of a file not open)', async () => {
    const actions = await client.codeActions(manifestUri, finding.range, [finding]);
    const pod = actions.find((a) => a.title === 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)');
    // The workflow then needs QEMU for arm64: the fix adds its setup step too.
    const build = actions.find((a) => a.title === 'Build linux/arm64 too (.github/workflows/release.yml:9) (and docker/setup-qemu-action before the step)');
    assert.ok(pod && build, actions.map((a) => a.title).join(' | '));
    assert.equal(pod.isPreferred, true);
    assert.equal(build.isPreferred, false);
    const changes = build.edit!.documentChanges as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [[workflowUri, null]]);
    const fixed = applyEdits(fs.readFileSync(workflowFile, 'utf8'), editsOf(build.edit, workflowUri).map((e) => ({ range: e.range, newText: e.newText })));
    assert.match(fixed, /^ {10}platforms: linux\/amd64,linux\/arm64$/m);
    assert.match(fixed, /uses: docker\/setup-qemu-action@v\d+\n {6}- uses: docker\/build-push-action@v6\n/);
    assert.equal(editsOf(build.edit, manifestUri).length, 0, 'the build fix leaves the manifest as it is');
  });

  it('editing the workflow updates the manifest: arm64 built, AL210 gone; back to amd64, AL210 back; closed unsaved, the disk counts again', async () => {
    // A manifest that deploys nothing built here is never checked again for the workflow's edits.
    const otherUri = pathUri(path.join(folder, 'k8s', 'other.yaml'));
    client.open(otherUri, 'yaml', deployment(`${HOST}/acme/web:2`));
    await client.waitFor('the other manifest settled', () => client.publications.filter((p) => p.uri === otherUri).length >= 2 || undefined);
    const otherPublications = () => client.publications.filter((p) => p.uri === otherUri).length;
    const otherBefore = otherPublications();

    const text = fs.readFileSync(workflowFile, 'utf8');
    client.open(workflowUri, 'github-actions-workflow', text);
    const line = new LineIndex(text).positionAt(text.indexOf('linux/amd64'));
    const at = client.publications.length;
    client.change(workflowUri, 2, [{ range: { start: line, end: line }, text: 'linux/arm64,' }]);
    await manifestDiagnostics(at, (p) => al210(p).length === 0, 'the manifest without AL210');

    // The fix at the build of the open workflow names the version whose text it edits.
    const back = client.publications.length;
    client.change(workflowUri, 3, [{ range: { start: line, end: { line: line.line, character: line.character + 'linux/arm64,'.length } }, text: '' }]);
    const again = await manifestDiagnostics(back, (p) => al210(p).length > 0, 'AL210 back on the manifest');
    const actions = await client.codeActions(manifestUri, al210(again)[0].range, al210(again));
    const build = actions.find((a) => a.title.startsWith('Build linux/arm64 too'));
    assert.deepEqual((build?.edit?.documentChanges as TextDocumentEdit[]).map((c) => [c.textDocument.uri, c.textDocument.version]), [[workflowUri, 3]]);

    // Edited to build arm64, then closed without saving: the disk's amd64-only build counts again.
    const edited = client.publications.length;
    client.change(workflowUri, 4, [{ range: { start: line, end: line }, text: 'linux/arm64,' }]);
    await manifestDiagnostics(edited, (p) => al210(p).length === 0, 'the manifest without AL210 (unsaved edit)');
    const closed = client.publications.length;
    client.close(workflowUri);
    await manifestDiagnostics(closed, (p) => al210(p).length > 0, 'AL210 back after closing the unsaved workflow');
    assert.equal(otherPublications(), otherBefore, 'the manifest the workflow does not concern was left alone');
    client.close(otherUri);
  });

  it('a build file changed on disk (watched files) updates the manifest', async () => {
    const at = client.publications.length;
    fs.writeFileSync(workflowFile, workflow(HOST, 'linux/amd64,linux/arm64'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workflowUri, type: 2 }] });
    await manifestDiagnostics(at, (p) => al210(p).length === 0, 'the manifest without AL210 after the disk change');

    // A Dockerfile that ships a build-machine binary: AL210 on the manifest, and the Dockerfile's AL306 raised and linked back.
    const dockerfile = path.join(folder, 'api', 'Dockerfile');
    fs.writeFileSync(dockerfile, SHIPPING_DOCKERFILE);
    const shipped = client.publications.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathUri(dockerfile), type: 2 }] });
    const published = await manifestDiagnostics(shipped, (p) => al210(p).length > 0, 'AL210 for the shipped binary');
    assert.match(messageOf(al210(published)[0]), /its Dockerfile ships a binary built for the build machine \(AL306 at api\/Dockerfile:2\)/);
    assert.equal(al210(published)[0].severity, 1);

    const dockerfileUri = pathUri(dockerfile);
    client.open(dockerfileUri, 'dockerfile', SHIPPING_DOCKERFILE);
    const linked = await client.waitFor('AL306 linked to the manifest', () => {
      const p = client.publications.filter((q) => q.uri === dockerfileUri).at(-1);
      const al306 = p && ours(p.diagnostics, 'AL306')[0];
      return al306?.relatedInformation?.some((r) => r.location.uri === manifestUri) ? al306 : undefined;
    }, 20_000);
    assert.equal(linked.severity, 1, 'raised to error: pods run this binary');
    assert.deepEqual(linked.relatedInformation?.filter((r) => r.location.uri === manifestUri).map((r) => r.location.range.start.line), [IMAGE_LINE]);

    // The manifest stops deploying the image: the Dockerfile's finding is no longer linked (the map follows the open manifest's edits).
    const image = `${HOST}/acme/api:1.4.2`;
    const start = { line: IMAGE_LINE, character: 15 };
    client.change(manifestUri, 2, [{ range: { start, end: { line: IMAGE_LINE, character: 15 + image.length } }, text: `${HOST}/acme/other:1` }]);
    await client.waitFor('AL306 no longer linked', () => {
      const p = client.publications.filter((q) => q.uri === dockerfileUri).at(-1);
      const al306 = p && ours(p.diagnostics, 'AL306')[0];
      return al306 && !al306.relatedInformation?.some((r) => r.location.uri === manifestUri) ? al306 : undefined;
    }, 20_000);
    assert.equal(client.stderr.includes('Error'), false, client.stderr);
  });
});

describe('lsp: an image built here and published (a registry on loopback)', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let folder: string;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    // Published for both: the workflow has since dropped arm64.
    await pushImage(registry, 'acme/api', '1.4.2', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    folder = workspaceFolder({
      '.github/workflows/release.yml': workflow(registry.host, 'linux/amd64'),
      'api/Dockerfile': GOOD_DOCKERFILE,
      'k8s/api.yaml': deployment(`${registry.host}/acme/api:1.4.2`),
    });
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('says the published image predates the build configuration, and prefers no fix', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { registries: { insecure: [registry.host] } } });
    try {
      const uri = pathUri(path.join(folder, 'k8s', 'api.yaml'));
      client.open(uri, 'yaml', fs.readFileSync(path.join(folder, 'k8s', 'api.yaml'), 'utf8'));
      const published = await client.waitFor('AL210 with the registry answer', () =>
        client.publications.find((p) => p.uri === uri && al210(p).some((d) => messageOf(d).includes('predates'))), 20_000);
      const [finding] = al210(published);
      assert.ok(messageOf(finding).endsWith("The registry's image has arm64 now, but it predates the build configuration: the next push drops arm64."), messageOf(finding));
      const actions = await client.codeActions(uri, finding.range, [finding]);
      const fixes = actions.filter((a) => !a.title.startsWith('Ignore'));
      assert.ok(fixes.length >= 2, fixes.map((a) => a.title).join(' | '));
      assert.ok(fixes.every((a) => a.isPreferred !== true), 'the user chooses between the pod and the build');
    } finally {
      await client.stop();
    }
  });
});
