/**
 * The workspace image map and rendered units, through the whole check (`checkFiles`, files on disk,
 * no registry): a Kustomize overlay or a Helm chart deploys an image that a workflow of the same
 * repository builds for amd64 only. AL210 is shown where the user sets the image (the overlay's
 * `images:` entry, the values key), points at the build line, and its fixes are safe once placed
 * back: the pod-side fix is moved like any constraint fix, the build-side fix keeps its edit of the
 * workflow (never preferred) and is offered only when the map those edits leave clears the finding,
 * and `--fix` writes only the moved one, after which the check is clean.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/types';
import { fixAll } from '../../../server/src/cli/fix';
import { offlineResolver } from '../../../server/src/images/lookup';
import type { WorkspaceImages } from '../../../server/src/imagemap/types';
import { runInSlices } from '../../../server/src/units';
import { checkFiles, type CheckResult } from '../../../server/src/workspace/check';
import { releaseWorkflow as workflow, apiDeploymentWithSelector as deployment } from '../../helpers/release-workflow';

const BUILD_LINE = 8; // 0-based: the build-push-action step


const OVERLAY = {
  'api/Dockerfile': 'FROM gcr.io/distroless/static\nCOPY api /api\n',
  'deploy/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
  // The base names a placeholder; the overlay's `images:` entry says what is deployed.
  'deploy/base/deployment.yaml': deployment('api'),
  'deploy/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: api\n  newName: ghcr.io/acme/api\n  newTag: "1.4.2"\n',
};

const CHART = {
  'api/Dockerfile': 'FROM gcr.io/distroless/static\nCOPY api /api\n',
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\nappVersion: "1.4.2"\n',
  'charts/api/values.yaml': 'image:\n  repository: ghcr.io/acme/api\n  tag: "1.4.2"\nnodeSelector: {}\n',
  'charts/api/templates/deployment.yaml': deployment('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"').replace(
    '      containers:\n',
    '      {{- with .Values.nodeSelector }}\n      nodeSelector:\n        {{- toYaml . | nindent 8 }}\n      {{- end }}\n      containers:\n',
  ),
};

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-unitsmap-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const at = (root: string, file: string | undefined, line: number) => `${path.relative(root, file ?? '?').split(path.sep).join('/')}:${line + 1}`;

function al210(root: string, result: CheckResult): Array<{ place: string; finding: Finding }> {
  return result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'AL210').map((finding) => ({ place: at(root, f.file, finding.range.start.line), finding })));
}

/** What must hold of an AL210 finding placed back into a unit: the build line related, a preferred pod-side fix, the build-side fix at the workflow. */
function assertPlacedBack(root: string, finding: Finding): void {
  assert.match(finding.message, /is built here by \.github\/workflows\/release\.yml:9 \(docker\/build-push-action\) for linux\/amd64 only, but the pod may run on amd64 and arm64/);
  // (A chart's finding also says which template line printed the value: that one comes first.)
  assert.deepEqual(finding.related?.map((r) => `${at(root, r.file, r.range.start.line)} ${r.message}`).filter((r) => !r.includes('rendered by')), [
    `.github/workflows/release.yml:${BUILD_LINE + 1} built here for linux/amd64 (docker/build-push-action)`,
  ]);
  const build = (finding.fixes ?? []).filter((f) => f.edits.some((e) => e.file?.endsWith('release.yml')));
  assert.deepEqual(build.map((f) => [f.title, f.preferred ?? false]), [['Build linux/arm64 too (.github/workflows/release.yml:9) (and docker/setup-qemu-action before the step)', false]]);
  assert.ok(build[0].edits.every((e) => e.file === path.join(root, '.github/workflows/release.yml')), 'the build-side fix edits the workflow only');
  assert.ok(finding.fixes?.some((f) => f.preferred && /Run on amd64 nodes only/.test(f.title)), JSON.stringify(finding.fixes?.map((f) => f.title)));
}

describe('workspace image map: charts and overlays', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = tree(files);
    roots.push(root);
    return root;
  };
  after(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  it('an overlay: the image its images: entry deploys links to the build; AL210 at the entry, related at the build line', async () => {
    const root = make({ ...OVERLAY, '.github/workflows/release.yml': workflow('linux/amd64') });
    const result = await checkFiles([root], { cwd: root });
    const links = result.imageMap!.links().map((l) => `${at(root, l.deployment.file, l.deployment.range.start.line)} ${l.deployment.image} → ${at(root, l.entry.file, l.entry.range.start.line)}`);
    assert.deepEqual(links, [`deploy/prod/kustomization.yaml:5 ghcr.io/acme/api:1.4.2 → .github/workflows/release.yml:${BUILD_LINE + 1}`]);
    const found = al210(root, result);
    assert.deepEqual(found.map((f) => `${f.place} ${f.finding.severity}`), ['deploy/prod/kustomization.yaml:5 warning']);
    assertPlacedBack(root, found[0].finding);
    const podSide = found[0].finding.fixes!.filter((f) => !f.edits.some((e) => e.file?.endsWith('release.yml')));
    assert.ok(podSide.length > 0 && podSide.every((f) => /— as a new inline patch in kustomization\.yaml$/.test(f.title)), 'the base is not the overlay\'s own: the constraint goes in a new patch of the overlay');
  });

  it('an overlay: --fix writes the moved pod-side fix only (the workflow is untouched), and the check that follows is clean', async () => {
    const root = make({ ...OVERLAY, '.github/workflows/release.yml': workflow('linux/amd64') });
    // AL502's own fix (at the workflow, for the targets) would make AL210's moot: off here.
    const options = { cwd: root, overrides: [{ rules: { AL502: 'off' as const } }] };
    const result = await checkFiles([root], options);
    const outcomes = await fixAll(result, offlineResolver);
    assert.deepEqual(outcomes.flatMap((o) => o.applied.map((a) => `${at(root, o.file, a.line - 1)} ${a.rule}`)), ['deploy/prod/kustomization.yaml:5 AL210']);
    assert.equal(fs.readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8'), workflow('linux/amd64'));
    assert.equal(fs.readFileSync(path.join(root, 'deploy/base/deployment.yaml'), 'utf8'), OVERLAY['deploy/base/deployment.yaml']);
    assert.match(fs.readFileSync(path.join(root, 'deploy/prod/kustomization.yaml'), 'utf8'), /patches:\n- patch: \|-\n(?:.*\n)*? {10}nodeSelector:\n {12}kubernetes\.io\/arch: amd64\n/);
    const again = await checkFiles([root], options);
    assert.deepEqual(al210(root, again), []);
  });

  it('a chart: AL210 at the values key that sets the image, related at the build line; its fix goes to values.yaml', async () => {
    const root = make({ ...CHART, '.github/workflows/release.yml': workflow('linux/amd64') });
    const result = await checkFiles([root], { cwd: root });
    const found = al210(root, result);
    assert.deepEqual(found.map((f) => `${f.place} ${f.finding.severity}`), ['charts/api/values.yaml:3 warning']);
    assertPlacedBack(root, found[0].finding);
    const preferred = found[0].finding.fixes!.find((f) => f.preferred)!;
    assert.deepEqual([...new Set(preferred.edits.map((e) => path.relative(root, e.file ?? found[0].finding.file!)))], ['charts/api/values.yaml']);
  });

  it('no finding when the build makes every target (the map still links the chart to it)', async () => {
    for (const files of [OVERLAY, CHART]) {
      const root = make({ ...files, '.github/workflows/release.yml': workflow('linux/amd64,linux/arm64') });
      const result = await checkFiles([root], { cwd: root });
      assert.equal(result.imageMap!.links().length, 1);
      assert.deepEqual(al210(root, result), []);
    }
  });
  // The build-side fix passes the same safety check as a plain manifest's: the map its edits leave
  // must read the workflow as the same builds, and the finding must then be gone.
  describe('the build-side fix from a unit is offered only when the safety check passes', () => {
    const buildFixes = (finding: Finding | undefined) => (finding?.fixes ?? []).filter((f) => f.edits.some((e) => e.file?.endsWith('release.yml')));
    /** The unit's AL210 finding after its registry phase again, with these map options. */
    async function rerun(root: string, result: CheckResult, options: { workspace: WorkspaceImages; editWorkspace?: (edits: readonly unknown[]) => WorkspaceImages | { error: string } }): Promise<Finding | undefined> {
      const [unit] = result.units!;
      const done = await runInSlices(unit.analysis.complete(result.images, options));
      return [...done.files.values()].flatMap((f) => f.findings).find((f) => f.rule === 'AL210');
    }

    for (const [name, files] of [['an overlay', OVERLAY], ['a chart', CHART]] as const) {
      it(`${name}: refused when the edited workflow would not read as the same builds; the pod-side fix stays`, async () => {
        const root = make({ ...files, '.github/workflows/release.yml': workflow('linux/amd64') });
        const result = await checkFiles([root], { cwd: root });
        assert.equal(buildFixes(await rerun(root, result, { workspace: result.imageMap! })).length, 1, 'offered with the check\'s own map');
        const finding = await rerun(root, result, { workspace: result.imageMap!, editWorkspace: () => ({ error: 'the fixed release.yml is not read as the same builds' }) });
        assert.deepEqual(buildFixes(finding), []);
        assert.ok(finding?.fixes?.some((f) => f.preferred && /Run on amd64 nodes only/.test(f.title)));
      });

      it(`${name}: refused when the finding would still be there after the edit`, async () => {
        const root = make({ ...files, '.github/workflows/release.yml': workflow('linux/amd64') });
        const result = await checkFiles([root], { cwd: root });
        // A map that the edit leaves as it was: the workflow still builds amd64 only.
        const finding = await rerun(root, result, { workspace: result.imageMap!, editWorkspace: () => result.imageMap! });
        assert.ok(finding, 'the finding is still made');
        assert.deepEqual(buildFixes(finding), []);
      });

      it(`${name}: not offered when the map cannot be rebuilt with the edit (a bare WorkspaceImages)`, async () => {
        const root = make({ ...files, '.github/workflows/release.yml': workflow('linux/amd64') });
        const result = await checkFiles([root], { cwd: root });
        const index = result.imageMap!;
        const bare: WorkspaceImages = { buildsOf: (ref) => index.buildsOf(ref), buildsOfRepository: (r) => index.buildsOfRepository(r), shippedBinaries: (f) => index.shippedBinaries(f), deploymentsOf: (f) => index.deploymentsOf(f), deliberateArchOf: (f) => index.deliberateArchOf(f), argsEveryBuildSets: (f) => index.argsEveryBuildSets(f), buildsOfSite: (f, i) => index.buildsOfSite(f, i), contentOf: (f) => index.contentOf(f) };
        const finding = await rerun(root, result, { workspace: bare });
        assert.ok(finding);
        assert.deepEqual(buildFixes(finding), []);
      });
    }
  });
});
