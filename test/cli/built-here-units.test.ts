/**
 * `archlens check` (the built CLI, offline) on a chart and on an overlay that deploy an image the
 * repository's workflow builds for amd64 only: AL210 at the values key / `images:` entry offers the
 * build-side fix too — its edits name the workflow, never preferred, so `--fix` leaves the workflow
 * to the user — and the fix's edits, applied as a user would, leave the next check without AL210.
 * Must-not: a matrix row (one of several builds of the step) gets no build-side fix; a build that
 * makes every target gets no finding.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/core/text';
import type { TextEdit } from '../../server/src/core/types';
import { releaseWorkflow as workflow, apiDeploymentWithSelector as deployment } from '../helpers/release-workflow';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

interface JsonFix { title: string; preferred: boolean; edits: Array<TextEdit & { file?: string }> }
interface JsonFinding { file: string; rule: string; message: string; range: { start: { line: number } }; fixes: JsonFix[] }

const WORKFLOW = '.github/workflows/release.yml';


const UNITS = {
  overlay: {
    place: 'deploy/prod/kustomization.yaml:5',
    files: {
      'api/Dockerfile': 'FROM gcr.io/distroless/static\nCOPY api /api\n',
      'deploy/base/kustomization.yaml': 'resources:\n- deployment.yaml\n',
      'deploy/base/deployment.yaml': deployment('api'),
      'deploy/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: api\n  newName: ghcr.io/acme/api\n  newTag: "1.4.2"\n',
    },
  },
  chart: {
    place: 'charts/api/values.yaml:3',
    files: {
      'api/Dockerfile': 'FROM gcr.io/distroless/static\nCOPY api /api\n',
      'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
      'charts/api/values.yaml': 'image:\n  repository: ghcr.io/acme/api\n  tag: "1.4.2"\n',
      'charts/api/templates/deployment.yaml': deployment('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"'),
    },
  },
};

const MATRIX = workflow('${{ matrix.platform }}').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        platform: [linux/amd64]\n');

describe('archlens check: AL210 from a chart or an overlay offers the build-side fix (offline)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  before(() => ensureBuilt());
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const make = (files: Record<string, string>) => {
    const dir = workspace(files);
    dirs.push(dir);
    return dir;
  };
  const check = (dir: string, extra: string[] = []) => {
    const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none', ...extra], dir);
    assert.equal(run.code, 0, run.stderr);
    assertNoStack(run.stderr);
    return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.rule === 'AL210');
  };
  const buildFixes = (finding: JsonFinding) => finding.fixes.filter((f) => f.edits.some((e) => e.file === WORKFLOW));

  for (const [kind, { place, files }] of Object.entries(UNITS)) {
    it(`${kind}: the build-side fix is in the JSON, edits the workflow only, and clears AL210 once applied`, () => {
      const dir = make({ ...files, [WORKFLOW]: workflow('linux/amd64') });
      const found = check(dir);
      assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line + 1}`), [place]);
      const build = buildFixes(found[0]);
      assert.deepEqual(build.map((f) => [f.title, f.preferred]), [['Build linux/arm64 too (.github/workflows/release.yml:9) (and docker/setup-qemu-action before the step)', false]]);
      assert.deepEqual([...new Set(build[0].edits.map((e) => e.file))], [WORKFLOW]);
      assert.ok(found[0].fixes.some((f) => f.preferred && !buildFixes({ ...found[0], fixes: [f] }).length), 'the pod-side fix is still the preferred one');
      // The user applies the build-side fix: the workflow builds arm64 too, and AL210 is gone.
      const fixed = applyEdits(workflow('linux/amd64'), build[0].edits.map(({ range, newText }) => ({ range, newText })));
      assert.match(fixed, /platforms: linux\/amd64,linux\/arm64\n/);
      fs.writeFileSync(path.join(dir, WORKFLOW), fixed);
      assert.deepEqual(check(dir), []);
    });

    it(`${kind}: --fix leaves the workflow to the user (the build-side fix is never preferred)`, () => {
      const dir = make({ ...files, [WORKFLOW]: workflow('linux/amd64') });
      const run = archlens(['check', '--offline', '--fix', '--fail-on', 'none', '--rule', 'AL502=off'], dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^fixed ${place.replace(/[.]/g, '\\.')} +AL210 +(Run on amd64 nodes only|Require)`, 'm'), run.stdout);
      assert.equal(fs.readFileSync(path.join(dir, WORKFLOW), 'utf8'), workflow('linux/amd64'));
    });

    it(`${kind}: no build-side fix for a matrix row; no finding when the build makes every target`, () => {
      const matrix = check(make({ ...files, [WORKFLOW]: MATRIX }));
      assert.equal(matrix.length, 1);
      assert.deepEqual(buildFixes(matrix[0]), []);
      assert.deepEqual(check(make({ ...files, [WORKFLOW]: workflow('linux/amd64,linux/arm64') })), []);
    });
  }
});
