/**
 * Helm charts (units/): figures beside baselines measured in the same run.
 * - warm: a values.yaml edit in the editor — the ingress-nginx chart (default values) loaded,
 *   rendered and analysed again, as the language server's chart worker does — against a bare
 *   `yaml` parse of the rendered output. Goal ≤ 50 ms.
 * - cold: `archlens check CHART --offline` as a whole process against a Node process that only
 *   parses the same rendered output with `yaml` (bench/baselines/yaml-parse-all.cjs). Goal ≤ 2×.
 *   Measured with the V8 code cache an earlier check left (cli/compile-cache.ts) and, beside, as a
 *   first run with an empty one.
 * - memory: the language server's RSS before and after rendering every chart of
 *   ../shared/corpus/realworld (each values.yaml opened until its diagnostics arrive), and again
 *   once its idle chart worker has stopped. Goal < +50 MB. "Before" is taken once the server's
 *   first workspace image map build is over (it renders the folder's 132 charts and overlays in a
 *   worker of its own, ~9 s): taken during it, the build's memory counted as the charts'. That case
 *   (the charts opened as the server starts) is measured too, and printed beside.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { defaultConfig } from '../server/src/core/config';
import { checkUnit, runSteps } from '../server/src/units';
import { helmDriver } from '../server/src/units/helm/driver';
import { diskSourceWith } from '../server/src/units/node-source';
import { loadChart, renderChart } from '../server/src/helm/chart';
import { NodeFsSource } from '../server/src/helm/chart/node-fs';
import { buildOnce, LspClient, pathUri } from '../test/lsp/harness';
import { buildWithoutSeed, CORPUS, interleaved, measure, ms, table, writeSection, type Measurement } from './lib';

/** A change of size with its sign: +12 MB, −38 MB. */
const signedMb = (mb: number) => `${mb < 0 ? '−' : '+'}${Math.abs(mb).toFixed(0)} MB`;

const REPO = path.resolve(__dirname, '..');
const SHARED = path.resolve(REPO, '..', 'shared');
const INGRESS = path.join(SHARED, 'oracles', 'helm', 'ingress-nginx', 'charts', 'ingress-nginx');
const CONSUL = path.join(CORPUS, 'realworld', 'hashicorp__consul-k8s', 'charts', 'consul');
const REALWORLD = path.join(CORPUS, 'realworld');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);

/** The rendered output of a chart with its default values, as `helm template` prints its documents. */
function renderedOutput(root: string): string {
  const render = renderChart(loadChart(new NodeFsSource(), root), {});
  return render.manifests.map((m) => `---\n${m.text}`).join('\n');
}

/** The editor's work after a values.yaml edit: the chart loaded, rendered and analysed (offline). */
async function warmEdit(root: string): Promise<Measurement> {
  const valuesFile = path.join(root, 'values.yaml');
  const values = fs.readFileSync(valuesFile, 'utf8');
  let n = 0;
  const config = defaultConfig();
  return measure(() => {
    // A different text each round, as typing makes it: nothing is served from a cache of the last one.
    const edited = `${values}\n# edit ${n++}\n`;
    const source = diskSourceWith((file) => (file === valuesFile ? edited : undefined));
    const analysis = runSteps(checkUnit({ kind: 'helm', root, anchor: path.join(root, 'Chart.yaml') }, helmDriver, { source, config }));
    runSteps(analysis.offline());
  }, rounds, 3);
}

async function bareParse(text: string): Promise<Measurement> {
  return measure(() => parseAllDocuments(text), rounds, 3);
}

function runProcess(args: string[], cacheHome: string): void {
  const result = spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`);
}

/**
 * A whole `archlens check CHART --offline` process against a process that only parses the rendered
 * output. `ours`: with the V8 code cache a first check left under $XDG_CACHE_HOME (the warm-up
 * round writes it), as every check after the first on a machine runs; `first`: each round with an
 * empty $XDG_CACHE_HOME, as the first check after `npm run build` (it starts from the cache the
 * build seeded in dist/code-cache and copies it); `uncached`: the same with a build that has no
 * seed (an installed package, another Node: it compiles everything and writes the cache on exit).
 */
async function cold(root: string, rendered: string, cacheHome: string, unseededBin: string): Promise<{ ours: Measurement; first: Measurement; uncached: Measurement; baseline: Measurement }> {
  // The baseline walks a folder: one holding only the rendered output.
  const folder = path.join(cacheHome, `${path.basename(root)}-rendered`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'rendered.yaml'), rendered);
  const coldRounds = Math.max(5, Math.floor(rounds / 2));
  const check = [path.join(REPO, 'bin', 'archlens.js'), 'check', '--offline', '--fail-on', 'none', root];
  const unseeded = [unseededBin, ...check.slice(1)];
  let fresh = 0;
  const [ours, first, uncached, baseline] = interleaved([
    () => runProcess(check, cacheHome),
    () => runProcess(check, path.join(cacheHome, `empty-${path.basename(root)}-${fresh++}`)),
    () => runProcess(unseeded, path.join(cacheHome, `empty-${path.basename(root)}-${fresh++}`)),
    () => runProcess([path.join(__dirname, 'baselines', 'yaml-parse-all.cjs'), folder], cacheHome),
  ], coldRounds);
  return { ours, first, uncached, baseline };
}

function chartRoots(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== '.git') {
      if (fs.existsSync(path.join(p, 'Chart.yaml')) && !/\/charts\/[^/]+\/charts\//.test(p)) out.push(p);
      chartRoots(p, out);
    }
  }
  return out;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** The server stops its chart worker after this long idle (server/src/lsp/unit-runner.ts WORKER_IDLE_MS), plus a margin. */
const WORKER_IDLE_WAIT_MS = 33_000;

/** The server's first workspace image map build is over (it logs its outcome). */
async function mapBuilt(client: LspClient): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!client.logs.some((l) => l.message.startsWith('workspace image map: '))) {
    if (Date.now() > deadline) throw new Error('the workspace image map build did not end within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * RSS of the server before and after every real-world chart is rendered in it, and once its chart
 * worker has stopped. `atRest`: "before" once the first workspace image map build is over; else as
 * soon as the server has answered (the build runs meanwhile), and no idle figure.
 */
async function memory(atRest: boolean): Promise<{ before: number; after: number; idle: number; peak: number; charts: number; ms: number }> {
  const charts = chartRoots(REALWORLD).filter((c) => fs.existsSync(path.join(c, 'values.yaml')));
  const client = await LspClient.start({ settings: { offline: true }, workspaceFolders: [REALWORLD] });
  try {
    // The server at rest with a plain manifest open (its engine loaded): what charts add is measured on top.
    const plain = pathUri(path.join(os.tmpdir(), 'archlens-bench-plain.yaml'));
    client.open(plain, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1}]\n');
    await client.diagnostics(plain, { timeoutMs: 60000 });
    if (atRest) await mapBuilt(client);
    await new Promise((r) => setTimeout(r, 1000));
    const before = rssMb(client.proc.pid!);
    let peak = before;
    const timer = setInterval(() => { try { peak = Math.max(peak, rssMb(client.proc.pid!)); } catch { /* exited */ } }, 50);
    const started = Date.now();
    for (const chart of charts) {
      const uri = pathUri(path.join(chart, 'values.yaml'));
      const from = client.publications.length;
      client.open(uri, 'yaml', fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8'));
      await client.diagnostics(uri, { from, timeoutMs: 120000 });
    }
    const elapsed = Date.now() - started;
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(timer);
    const after = rssMb(client.proc.pid!);
    if (!atRest) return { before, after, idle: NaN, peak: Math.max(peak, after), charts: charts.length, ms: elapsed };
    // The charts stay open; the worker that rendered them goes idle and is stopped.
    await new Promise((r) => setTimeout(r, WORKER_IDLE_WAIT_MS));
    const idle = rssMb(client.proc.pid!);
    return { before, after, idle, peak: Math.max(peak, after), charts: charts.length, ms: elapsed };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  buildOnce();
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-bench-charts-'));
  try {
    const ingressOut = renderedOutput(INGRESS);
    const consulOut = renderedOutput(CONSUL);
    const warm = await warmEdit(INGRESS);
    const warmBase = await bareParse(ingressOut);
    const warmConsul = await warmEdit(CONSUL);
    const warmConsulBase = await bareParse(consulOut);
    const unseeded = buildWithoutSeed(fs.mkdtempSync(path.join(cacheHome, 'unseeded-')));
    const coldIngress = await cold(INGRESS, ingressOut, cacheHome, unseeded);
    const coldConsul = await cold(CONSUL, consulOut, cacheHome, unseeded);
    const mem = await memory(true);
    const memStarting = await memory(false);
    const rows = [
      { what: `warm: values.yaml edit → load, render, analyse ingress-nginx (${(ingressOut.length / 1024).toFixed(0)} KB rendered)`, ours: warm, baseline: warmBase, baselineName: '`yaml` parseAllDocuments of the rendered output', goal: '≤ 50 ms' },
      { what: `warm: the same for consul-k8s (${(consulOut.length / 1024).toFixed(0)} KB rendered, 212 templates)`, ours: warmConsul, baseline: warmConsulBase, baselineName: '`yaml` parseAllDocuments of the rendered output' },
      { what: 'cold: `archlens check ingress-nginx --offline` (process)', ours: coldIngress.ours, baseline: coldIngress.baseline, baselineName: 'process: `yaml` parse of the rendered output', goal: '≤ 2×' },
      { what: 'cold, first run after `npm run build` (empty $XDG_CACHE_HOME): `archlens check ingress-nginx --offline`', ours: coldIngress.first, baseline: coldIngress.baseline, baselineName: 'process: `yaml` parse of the rendered output' },
      { what: 'cold, first run without any code cache (a build without the seed): the same', ours: coldIngress.uncached, baseline: coldIngress.baseline, baselineName: 'process: `yaml` parse of the rendered output' },
      { what: 'cold: `archlens check consul --offline` (process)', ours: coldConsul.ours, baseline: coldConsul.baseline, baselineName: 'process: `yaml` parse of the rendered output' },
      { what: 'cold, first run after `npm run build` (empty $XDG_CACHE_HOME): `archlens check consul --offline`', ours: coldConsul.first, baseline: coldConsul.baseline, baselineName: 'process: `yaml` parse of the rendered output' },
      { what: 'cold, first run without any code cache (a build without the seed): the same', ours: coldConsul.uncached, baseline: coldConsul.baseline, baselineName: 'process: `yaml` parse of the rendered output' },
    ];
    writeSection('Charts', [
      table(rows),
      '',
      `- warm ingress-nginx: median ${ms(warm.median)} (min ${ms(warm.min)}, max ${ms(warm.max)}, ${warm.rounds} rounds; each round a new values.yaml text, the other files read from disk, offline rules).`,
      `- cold: whole processes (Node start-up included on both sides), medians of ${coldIngress.ours.rounds} rounds, the four kinds of process taking turns; \`cold\` rows with the V8 code cache an earlier check wrote under $XDG_CACHE_HOME/archlens/code-cache (every check after the first); \`first run after npm run build\` rows each with an empty $XDG_CACHE_HOME, starting from the cache the build seeded in dist/code-cache (scripts/code-cache-seed.mjs; a clone built with \`npm ci && npm run build\`, CI); \`without any code cache\` rows the same with a copy of the build that has no seed (an installed package, or another Node than the build's: it compiles everything and writes the cache).`,
      `- memory: the language server's RSS before rendering the ${mem.charts} charts of ../shared/corpus/realworld, its first workspace image map build over: ${mem.before.toFixed(0)} MB; 2 s after (each values.yaml opened until its diagnostics arrived, ${mem.ms} ms in all): ${mem.after.toFixed(0)} MB, ${signedMb(mem.after - mem.before)} (peak ${mem.peak.toFixed(0)} MB, ${signedMb(mem.peak - mem.before)}); with the charts still open once the idle chart worker has stopped (${WORKER_IDLE_WAIT_MS / 1000} s later): **${mem.idle.toFixed(0)} MB, ${signedMb(mem.idle - mem.before)}** (goal < +50 MB).`,
      `- memory, the same charts opened as the server starts, its first workspace image map build (the folder's charts and overlays, in a worker of its own) running meanwhile: before ${memStarting.before.toFixed(0)} MB; 2 s after the last chart (${memStarting.ms} ms in all): ${memStarting.after.toFixed(0)} MB, ${signedMb(memStarting.after - memStarting.before)} (peak ${memStarting.peak.toFixed(0)} MB, ${signedMb(memStarting.peak - memStarting.before)}).`,
    ].join('\n'));
  } finally {
    fs.rmSync(cacheHome, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
