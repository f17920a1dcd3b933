/**
 * The chart worker's heap is bounded (lsp/unit-runner.ts WORKER_LIMITS), so that a chart needing
 * more memory than that ends the worker, never the language server. Here the real worker bundle
 * runs with a small heap: a chart over the limit fails with a message saying so, and the next chart
 * renders in a worker started again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { factsOfText } from '../../server/src/imagemap/facts';
import type { FactsChange } from '../../server/src/imagemap/crossing';
import { WorkerUnitRunner } from '../../server/src/lsp/unit-runner';
import { buildOnce, ROOT } from './harness';

/** A heap that loads the engine and renders a small chart, not one whose values.yaml parses to far more than that. */
const SMALL_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 };

function writeChart(dir: string, values: string): string {
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${path.basename(dir)}\nversion: 0.1.0\n`);
  fs.writeFileSync(path.join(dir, 'values.yaml'), values);
  fs.writeFileSync(path.join(dir, 'templates', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: {{ .Values.image }}\n');
  return dir;
}

describe('lsp: the chart worker over its memory limit', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildOnce();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-chart-memory-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails the chart with a clear message and renders the next chart in a new worker', async () => {
    const small = writeChart(path.join(dir, 'small'), 'image: nginx:1.27\n');
    // 120,000 list entries: 4 MB of text (chart files are read up to 5 MB), far more once parsed with its source positions.
    const huge = writeChart(path.join(dir, 'huge'), `image: nginx:1.27\nitems:\n${'  - {name: entry, value: 12345}\n'.repeat(120_000)}`);
    const logs: string[] = [];
    const runner = new WorkerUnitRunner(path.join(ROOT, 'dist', 'unit-worker.mjs'), () => [], (level, message) => logs.push(`${level}: ${message}`), SMALL_HEAP);
    // The worker does not keep a process alive (the server's connection does): this test's timer stands in for it.
    const alive = setInterval(() => undefined, 1000);
    const render = (root: string) => runner.render({ ref: { kind: 'helm', root, anchor: path.join(root, 'Chart.yaml') }, texts: [], config: defaultConfig() }, new AbortController().signal);
    try {
      const first = await render(small);
      assert.deepEqual(first?.references.map((r) => r.canonical), ['docker.io/library/nginx:1.27']);

      await assert.rejects(render(huge), /^Error: the chart worker stopped \(it ran out of memory: rendering needed more than its 32 MB heap\)$/);
      assert.deepEqual(logs, ['warn: the chart worker stopped (it ran out of memory: rendering needed more than its 32 MB heap); it starts again with the next chart']);

      const again = await render(small);
      assert.deepEqual(again?.references.map((r) => r.canonical), ['docker.io/library/nginx:1.27']);
      assert.equal(logs.length, 1);
    } finally {
      clearInterval(alive);
      runner.dispose();
    }
  });

  it('holds no text of the mapped files that build nothing: a map of 48 MB of manifests fits a 32 MB heap', async () => {
    const config = defaultConfig();
    // 240 manifests of 200 KB each (a ConfigMap's data), as the workspace image map holds them, and a build file.
    const data = `  key: ${'x'.repeat(99)}\n`.repeat(2000);
    const snapshot: FactsChange[] = [];
    for (let i = 0; i < 240; i++) {
      const file = path.join(dir, 'manifests', `cm-${i}.yaml`);
      snapshot.push([file, factsOfText(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n${data}`, config)]);
    }
    const script = path.join(dir, 'build.sh');
    snapshot.push([script, factsOfText(script, '#!/bin/sh\ndocker buildx build --platform linux/amd64 -t ghcr.io/acme/api:1 --push .\n', config)]);
    const manifestChars = snapshot.slice(0, -1).reduce((n, [, facts]) => n + facts!.lines.text.length, 0);
    assert.ok(manifestChars > 48_000_000, `${manifestChars} characters of manifests`);
    assert.equal(snapshot.at(-1)![1]!.builds.length, 1);

    const small = writeChart(path.join(dir, 'small-with-map'), 'image: nginx:1.27\n');
    const logs: string[] = [];
    const runner = new WorkerUnitRunner(path.join(ROOT, 'dist', 'unit-worker.mjs'), () => snapshot, (level, message) => logs.push(`${level}: ${message}`), SMALL_HEAP);
    const alive = setInterval(() => undefined, 1000);
    try {
      const rendered = await runner.render({ ref: { kind: 'helm', root: small, anchor: path.join(small, 'Chart.yaml') }, texts: [], config }, new AbortController().signal);
      assert.deepEqual(rendered?.references.map((r) => r.canonical), ['docker.io/library/nginx:1.27']);
      assert.deepEqual(logs, []);
    } finally {
      clearInterval(alive);
      runner.dispose();
    }
  });
});
