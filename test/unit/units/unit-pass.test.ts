/**
 * workspace/unit-pass.ts: the units of a check on this thread, and the fallback that finishes the
 * work here when the worker thread carrying it fails (out of memory, a crash) at any step.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImageIndex } from '../../../server/src/imagemap/map';
import { defaultConfig } from '../../../server/src/core/config';
import { diskSource } from '../../../server/src/units/node-source';
import { unitPassHere, withFallback, type UnitPass } from '../../../server/src/workspace/unit-pass';
import { PASS_THROUGH_DEPLOYMENT } from '../../helpers/chart-templates';

describe('unit pass: the units of a check', () => {
  let root: string;
  let files: string[];
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-unit-pass-'));
    const texts: Record<string, string> = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  repository: registry.example.com/team/web\n  tag: "1.0"\nnodeSelector:\n  kubernetes.io/arch: aarch64\n',
      'chart/templates/deployment.yaml': PASS_THROUGH_DEPLOYMENT,
      'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    };
    for (const [name, text] of Object.entries(texts)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    files = Object.keys(texts).map((name) => path.join(root, name));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const job = () => ({ ref: { kind: 'helm' as const, root: path.join(root, 'chart'), anchor: path.join(root, 'chart', 'Chart.yaml') }, config: defaultConfig() });

  /** Discovery, render and registry phase of `pass`: the chart's findings by rule and line. */
  async function run(pass: UnitPass): Promise<{ members: string[]; references: string[]; findings: string[] }> {
    const discovery = await pass.discovery;
    const rendered = await pass.render([job()]);
    const completed = await pass.complete(new Map(), new ImageIndex([]));
    pass.dispose();
    return {
      members: [...discovery.members].map((f) => path.relative(root, f)).sort(),
      references: rendered.flatMap((unit) => ('references' in unit ? unit.references.map((r) => r.canonical) : [])),
      findings: completed.flatMap((unit) => [...(unit.result?.files.values() ?? [])].flatMap((f) => f.findings.map((x) => `${path.relative(root, f.file)}:${x.range.start.line + 1} ${x.rule}`))),
    };
  }

  it('on this thread: the chart\'s files are members, its image a reference, its finding placed in values.yaml', async () => {
    const result = await run(unitPassHere(files, diskSource()));
    assert.deepEqual(result.members, ['chart/Chart.yaml', 'chart/templates/deployment.yaml', 'chart/values.yaml']);
    assert.deepEqual(result.references, ['registry.example.com/team/web:1.0']);
    assert.deepEqual(result.findings, ['chart/values.yaml:5 AL101']);
  });

  /** A pass whose `failing` step rejects, the way a stopped worker's does; the others answer as this thread would. */
  function failingAt(failing: 'discovery' | 'render' | 'complete'): UnitPass {
    const here = unitPassHere(files, diskSource());
    const stopped = () => Promise.reject(new Error('the chart and overlay worker stopped (exit 1)'));
    return {
      discovery: failing === 'discovery' ? stopped() : here.discovery,
      render: (jobs, onUnit) => (failing === 'render' ? stopped() : here.render(jobs, onUnit)),
      complete: (images, workspace) => (failing === 'complete' ? stopped() : here.complete(images, workspace)),
      dispose: () => here.dispose(),
    };
  }

  for (const step of ['discovery', 'render', 'complete'] as const) {
    it(`a worker that fails at its ${step} is replaced by this thread, from where it stood: the same result`, async () => {
      let fallbacks = 0;
      const result = await run(withFallback(failingAt(step), () => {
        fallbacks++;
        return unitPassHere(files, diskSource());
      }));
      assert.equal(fallbacks, 1);
      assert.deepEqual(result.findings, ['chart/values.yaml:5 AL101']);
      assert.deepEqual(result.references, ['registry.example.com/team/web:1.0']);
    });
  }
});
