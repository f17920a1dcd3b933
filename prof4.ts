import * as path from 'node:path';
import { loadChart } from './server/src/helm/chart/loader';
import { NodeFsSource } from './server/src/helm/chart/node-fs';
import { runSuiteFile } from './test/oracles/helm/unittest/runner';
import { helmRenderOptions } from './test/oracles/helm/helm-env';
const dir = '/work/shared/corpus/realworld/external-secrets__external-secrets/deploy/charts/external-secrets';
const chart = loadChart(new NodeFsSource(), dir);
for (let i = 0; i < 3; i++) { const t = performance.now(); runSuiteFile(path.join(dir, 'tests/controller_test.yaml'), { chart, chartDir: dir, render: helmRenderOptions({}) }); console.log((performance.now() - t).toFixed(0)); }
