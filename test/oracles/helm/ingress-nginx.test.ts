/**
 * The ingress-nginx oracle (../shared/oracles/helm/ingress-nginx): its 32 helm-unittest suites
 * run against the in-process renderer, and every provider's static manifest rendered as
 * hack/generate-deploy-scripts.sh renders it must deploy the same images, containers and node
 * selectors as the published deploy/static/provider/<provider>/deploy.yaml.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadChart } from '../../../server/src/helm/chart/loader';
import type { Chart } from '../../../server/src/helm/chart/loader';
import { NodeFsSource } from '../../../server/src/helm/chart/node-fs';
import { renderChart } from '../../../server/src/helm/chart/render';
import { helmRenderOptions } from './helm-env';
import { describeWithShared } from '../../helpers/shared';
import { since } from './shared';
import { runSuiteFile } from './unittest/runner';
import type { SuiteResult } from './unittest/runner';

function files(dir: string, pattern: RegExp, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, pattern, out);
    else if (pattern.test(e.name)) out.push(p);
  }
  return out.sort();
}

type Doc = Record<string, unknown>;

interface Workload {
  containers: Array<{ name: unknown; image: unknown }>;
  initContainers: Array<{ name: unknown; image: unknown }>;
  nodeSelector: unknown;
}

/** Images, containers and node selectors of every workload, by kind/name. */
function workloads(docs: Doc[]): Map<string, Workload> {
  const out = new Map<string, Workload>();
  for (const d of docs) {
    const kind = d.kind as string;
    const spec = d.spec as Doc | undefined;
    let pod: Doc | undefined;
    if (kind === 'Pod') pod = spec;
    else if (kind === 'CronJob') pod = (((spec?.jobTemplate as Doc)?.spec as Doc)?.template as Doc)?.spec as Doc;
    else if (['Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicaSet'].includes(kind)) pod = (spec?.template as Doc)?.spec as Doc;
    if (!pod) continue;
    const pick = (list: unknown) => ((list as Doc[] | undefined) ?? []).map((c) => ({ name: c.name, image: c.image }));
    out.set(`${kind}/${String((d.metadata as Doc).name)}`, {
      containers: pick(pod.containers), initContainers: pick(pod.initContainers), nodeSelector: pod.nodeSelector ?? null,
    });
  }
  return out;
}

function yamlDocs(text: string): Doc[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Doc).filter((d) => d !== null && typeof d === 'object');
}

describeWithShared('ingress-nginx oracle', ['oracles', 'helm', 'ingress-nginx'], function (root) {
  const chartDir = path.join(root, 'charts', 'ingress-nginx');
  let chart: Chart;
  const source = new NodeFsSource();

  it('renders with default values: cold and warm timings in this process', () => {
    const t0 = process.hrtime.bigint();
    chart = loadChart(source, chartDir);
    const r0 = renderChart(chart, helmRenderOptions({ releaseName: 'ingress-nginx', namespace: 'ingress-nginx' }));
    const cold = since(t0);
    assert.deepEqual(r0.errors, []);
    assert.ok(r0.manifests.length > 5);
    const loads: number[] = [];
    const renders: number[] = [];
    for (let i = 0; i < 11; i++) {
      let t = process.hrtime.bigint();
      const c = loadChart(source, chartDir);
      loads.push(since(t));
      t = process.hrtime.bigint();
      renderChart(c, helmRenderOptions({ releaseName: 'ingress-nginx', namespace: 'ingress-nginx' }));
      renders.push(since(t));
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[5].toFixed(1);
    const min = (a: number[]) => Math.min(...a).toFixed(1);
    console.log(`      ingress-nginx: cold load+render ${cold.toFixed(1)} ms; warm load ${med(loads)} ms (min ${min(loads)}), render ${med(renders)} ms (min ${min(renders)})`);
  });

  describe('helm-unittest suites', () => {
    const suites = files(path.join(chartDir, 'tests'), /_test\.yaml$/);
    const totals = { passed: 0, total: 0 };
    it('finds the 32 suites', () => assert.equal(suites.length, 32));
    for (const file of suites) {
      it(path.relative(path.join(chartDir, 'tests'), file), () => {
        const results: SuiteResult[] = runSuiteFile(file, { chart, chartDir, render: helmRenderOptions({}) });
        const tests = results.flatMap((s) => s.tests);
        totals.total += tests.length;
        totals.passed += tests.filter((t) => t.passed).length;
        const failed = tests.filter((t) => !t.passed).map((t) => `${t.name}\n        ${t.failures.join('\n        ')}`);
        assert.ok(tests.length > 0, 'the suite has tests');
        assert.deepEqual(failed, []);
      });
    }
    after(() => console.log(`      ingress-nginx helm-unittest: ${totals.passed}/${totals.total} cases passed`));
  });

  describe('providers (hack/generate-deploy-scripts.sh)', () => {
    const templates = path.join(root, 'hack', 'manifest-templates');
    const providers = files(path.join(templates, 'provider'), /^values\.yaml$/).map((f) => path.relative(templates, path.dirname(f)));
    it('finds the providers', () => assert.ok(providers.length >= 8));
    for (const provider of providers) {
      it(provider, () => {
        const valuesPath = path.join(templates, provider, 'values.yaml');
        const r = renderChart(chart, helmRenderOptions({
          releaseName: 'ingress-nginx', namespace: 'ingress-nginx', kubeVersion: '1.22',
          files: [{ path: valuesPath, text: fs.readFileSync(valuesPath, 'utf8') }],
        }));
        assert.deepEqual(r.errors, []);
        const ours = workloads(r.manifests.map((m) => yamlDocs(m.text)[0]).filter(Boolean));
        const published = workloads(yamlDocs(fs.readFileSync(path.join(root, 'deploy', 'static', provider, 'deploy.yaml'), 'utf8')));
        assert.ok(published.size > 0);
        assert.deepEqual([...ours.entries()].sort(), [...published.entries()].sort());
      });
    }
  });
});
