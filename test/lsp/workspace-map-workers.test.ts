/**
 * The editor's workspace image map off the request loop, and as wide as the CLI's (issues 17 and
 * 18.2), over the real protocol against the spawned server (dist/server.mjs):
 * - the map takes in what charts and overlays deploy once rendered (lsp/map-build.ts): a
 *   Dockerfile's AL306 is linked to the values key and the `images:` entry that deploy its image;
 * - a chart's and an overlay's registry phase read the map (lsp/unit-runner.ts): AL210 on the values
 *   key and on the `images:` entry, pointing at the build line;
 * - an analysis in a worker thread reads the map through its replica (lsp/map-replica.ts): AL210 and
 *   both fixes on a manifest large enough to be analysed in a worker;
 * - the first build of the map runs in a worker: a hover is answered while a large workspace is read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { WORKER_TEXT_CHARS } from '../../server/src/lsp/analysis-service';
import { buildOnce, LspClient, ours, pathUri } from './harness';
import { releaseWorkflow, apiDeployment as deployment, SHIPPING_DOCKERFILE } from '../helpers/release-workflow';



/** The release workflow builds ghcr.io/acme/api for amd64 only; a chart and an overlay deploy it, nothing else does. */
const WORKSPACE = {
  '.github/workflows/release.yml': releaseWorkflow('linux/amd64'),
  'api/Dockerfile': SHIPPING_DOCKERFILE,
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
  'charts/api/values.yaml': 'image:\n  repository: ghcr.io/acme/api\n  tag: "1.4.2"\n',
  'charts/api/templates/deployment.yaml': deployment('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"'),
  'deploy/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  'deploy/base/deployment.yaml': deployment('api'),
  'deploy/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: api\n  newName: ghcr.io/acme/api\n  newTag: "1.4.2"\n',
};

function workspaceFolder(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-map-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), text);
  }
  return folder;
}

const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const relatedOf = (d: Diagnostic) => (d.relatedInformation ?? []).map((r) => `${r.location.uri} ${r.location.range.start.line}`);

describe('lsp: the workspace image map with charts and overlays, read in worker threads', function () {
  this.timeout(180_000);
  let folder: string;
  let client: LspClient;
  const uri = (file: string) => pathUri(path.join(folder, file));
  const latest = (u: string) => client.publications.filter((p) => p.uri === u).at(-1);

  before(async () => {
    buildOnce();
    folder = workspaceFolder(WORKSPACE);
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true }, documentChanges: true });
    await client.waitFor('the map built', () => client.logs.find((l) => /workspace image map: \d+ builds from \d+ files and 2 charts or overlays/.test(l.message)), 90_000);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the Dockerfile\'s AL306 is linked to the values key and the images: entry that deploy its image (the map holds what units deploy)', async () => {
    const dockerfile = uri('api/Dockerfile');
    client.open(dockerfile, 'dockerfile', SHIPPING_DOCKERFILE);
    const linked = await client.waitFor('AL306 linked to the chart and the overlay', () => {
      const al306 = ours(latest(dockerfile)?.diagnostics ?? [], 'AL306')[0];
      return al306 && relatedOf(al306).length >= 2 ? al306 : undefined;
    }, 60_000);
    assert.equal(linked.severity, 1, 'raised to error: pods run this binary');
    // Where the user sets the image: the values key (`tag`, line 2) and the overlay's `images:` entry (`newName`, line 4).
    assert.deepEqual(relatedOf(linked).sort(), [`${uri('charts/api/values.yaml')} 2`, `${uri('deploy/prod/kustomization.yaml')} 4`].sort());
    client.close(dockerfile);
  });

  it('AL210 on the chart\'s values key and on the overlay\'s images: entry, pointing at the build line (the units\' registry phase reads the map)', async () => {
    const workflow = uri('.github/workflows/release.yml');
    const al210At = async (file: string): Promise<Diagnostic> => {
      const u = uri(file);
      client.open(u, 'yaml', fs.readFileSync(path.join(folder, file), 'utf8'));
      return client.waitFor(`AL210 on ${file}`, () => ours(latest(u)?.diagnostics ?? [], 'AL210')[0], 60_000);
    };
    const values = await al210At('charts/api/values.yaml');
    assert.equal(values.range.start.line, 2);
    assert.match(messageOf(values), /"ghcr\.io\/acme\/api:1\.4\.2" is built here by \.github\/workflows\/release\.yml:9 \(docker\/build-push-action\) for linux\/amd64 only/);
    assert.ok(relatedOf(values).includes(`${workflow} 8`), relatedOf(values).join('\n'));
    const overlay = await al210At('deploy/prod/kustomization.yaml');
    assert.equal(overlay.range.start.line, 4);
    assert.ok(relatedOf(overlay).includes(`${workflow} 8`), relatedOf(overlay).join('\n'));
  });

  it('a manifest analysed in a worker thread reads the map there: AL210, and its fix passes the safety check in the worker', async () => {
    // Padded past the size analysed in the server's own thread.
    const padding = `# ${'-'.repeat(70)}\n`.repeat(Math.ceil(WORKER_TEXT_CHARS / 72) + 10);
    const text = padding + deployment('ghcr.io/acme/api:1.4.2');
    assert.ok(text.length >= WORKER_TEXT_CHARS);
    const big = uri('k8s/big.yaml');
    client.open(big, 'yaml', text);
    const line = padding.split('\n').length - 1 + 9;
    const finding = await client.waitFor('AL210 on the big manifest', () => ours(latest(big)?.diagnostics ?? [], 'AL210')[0], 60_000);
    assert.equal(finding.range.start.line, line);
    assert.ok(relatedOf(finding).includes(`${uri('.github/workflows/release.yml')} 8`), relatedOf(finding).join('\n'));
    assert.match(messageOf(finding), /is built here by \.github\/workflows\/release\.yml:9 \(docker\/build-push-action\) for linux\/amd64 only/);
    // Offered only once the fixed text, re-analysed in the worker against the same map, has no AL210.
    const titles = (await client.codeActions(big, finding.range, [finding])).map((a) => a.title);
    assert.ok(titles.includes('Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)'), titles.join(' | '));
    client.close(big);
  });

  it('edits of a manifest analysed in a worker reach it as changes to the text it holds: each version\'s findings are at its own lines', async () => {
    const padding = `# ${'-'.repeat(70)}\n`.repeat(Math.ceil(WORKER_TEXT_CHARS / 72) + 10);
    const edited = uri('k8s/edited.yaml');
    client.open(edited, 'yaml', padding + deployment('ghcr.io/acme/api:1.4.2'));
    const top = padding.split('\n').length - 1;
    const al210 = (version: number) => client.diagnostics(edited, { version, timeoutMs: 60_000 }).then((p) => ours(p.diagnostics, 'AL210'));
    assert.deepEqual((await al210(1)).map((d) => d.range.start.line), [top + 9]);
    // Pinned to amd64 (what the quick fix writes): nothing to say.
    const pin = '      nodeSelector:\n        kubernetes.io/arch: amd64\n';
    client.change(edited, 2, [{ range: { start: { line: top + 7, character: 0 }, end: { line: top + 7, character: 0 } }, text: pin }]);
    assert.deepEqual(await al210(2), []);
    // Two lines of padding gone and the pin removed: the finding is back, two lines up.
    client.change(edited, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
    client.change(edited, 4, [{ range: { start: { line: top + 5, character: 0 }, end: { line: top + 7, character: 0 } }, text: '' }]);
    assert.deepEqual((await al210(4)).map((d) => d.range.start.line), [top + 7]);
    client.close(edited);
  });
});

describe('lsp: the first build of the workspace image map never holds up a request', function () {
  this.timeout(240_000);
  let folder: string;

  before(() => {
    buildOnce();
    // 20,000 Deployments in one file, and a thousand small ones: seconds of reading for the map.
    const many = Array.from({ length: 20_000 }, (_, i) => `---\n${deployment(`registry.example.com/app-${i}:1`)}`).join('');
    const files: Record<string, string> = { '.github/workflows/release.yml': releaseWorkflow('linux/amd64'), 'k8s/many.yaml': many };
    for (let i = 0; i < 1000; i++) files[`k8s/app-${i}.yaml`] = deployment(`registry.example.com/app-${i}:1`);
    folder = workspaceFolder(files);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('hovers on an open document are answered while the map is being built', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    try {
      const pod = 'file:///elsewhere/pod.yaml';
      client.open(pod, 'yaml', 'kind: Pod\nspec:\n  nodeSelector: {kubernetes.io/arch: x86_64}\n  containers: [{name: a, image: nginx}]\n');
      await client.diagnostics(pod, { timeoutMs: 60_000 });
      const built = () => client.logs.some((l) => /workspace image map: /.test(l.message));
      const latencies: number[] = [];
      while (!built() && latencies.length < 500) {
        const started = performance.now();
        const hover = await client.hover(pod, { line: 3, character: 34 });
        latencies.push(performance.now() - started);
        assert.ok(hover, 'the hover has an answer');
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.waitFor('the map built', () => built(), 180_000);
      const sorted = [...latencies].sort((a, b) => a - b);
      const line = client.logs.find((l) => /workspace image map: /.test(l.message))?.message;
      console.log(`      ${latencies.length} hovers while the map was built (${line}): median ${sorted[sorted.length >> 1]?.toFixed(0)} ms, slowest ${sorted.at(-1)?.toFixed(0)} ms`);
      assert.ok(latencies.length >= 5, `only ${latencies.length} hovers before the map was built`);
      // The 20,000-document file alone takes seconds to read: on the request thread, one hover would have waited for all of it.
      assert.ok(sorted.at(-1)! < 1500, `slowest hover ${sorted.at(-1)!.toFixed(0)} ms`);
    } finally {
      await client.stop();
    }
  });
});
