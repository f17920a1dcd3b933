/**
 * Language server figures: one-line edit → publishDiagnostics on a 1.9 MB manifest vs
 * yaml-language-server's doValidation of the same text (same run); extension activation; server
 * RSS after a workspace check of the whole corpus; .vsix size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { buildOnce, LspClient, pathUri, ROOT } from '../test/lsp/harness';
import { CORPUS, measure, ms, table, writeSection, type Measurement } from './lib';

const FILE = path.join(CORPUS, 'kubernetes', 'argoproj__argo-cd', 'manifests', 'install.yaml');
const ROUNDS = 15;

/** The first `imagePullPolicy:` inside a Deployment: a one-line edit in a workload document. */
function editLine(lines: string[]): number {
  let inDeployment = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '---') inDeployment = false;
    if (lines[i] === 'kind: Deployment') inDeployment = true;
    if (inDeployment && /^\s+imagePullPolicy: /.test(lines[i])) return i;
  }
  throw new Error('no imagePullPolicy line in a Deployment');
}

async function ylsValidation(text: string, line: number): Promise<Measurement> {
  const ls = getLanguageService({
    schemaRequestService: async () => { throw new Error('no schema downloads in the benchmark'); },
    workspaceContext: { resolveRelativePath: (relative: string) => relative },
  });
  ls.configure({ validate: true, hover: false, completion: false, isKubernetes: true, schemas: [], customTags: [] });
  const lines = text.split('\n');
  let version = 0;
  return measure(async () => {
    version++;
    lines[line] = lines[line].replace(/Always|IfNotPresent/, version % 2 ? 'IfNotPresent' : 'Always');
    await ls.doValidation(TextDocument.create(pathUri(FILE), 'yaml', version, lines.join('\n')), true);
  }, 5, 1);
}

async function editToDiagnostics(text: string, line: number): Promise<Measurement> {
  const client = await LspClient.start({ settings: { offline: true } });
  try {
    const uri = pathUri(FILE);
    client.open(uri, 'yaml', text);
    await client.diagnostics(uri, { version: 1, timeoutMs: 60000 });
    await client.waitFor('look-ups done', () => client.statuses.some((s) => s.pending === 0 && s.resolved + s.failed + s.unverified > 0), 30000);
    let version = 1;
    const current = text.split('\n')[line];
    const col = current.indexOf(':') + 2;
    const times: number[] = [];
    for (let round = 0; round < ROUNDS + 2; round++) {
      // Edits are spaced like a person's, beyond the server's burst-coalescing window (not timed).
      await new Promise((r) => setTimeout(r, 350));
      version++;
      const from = client.publications.length;
      const value = version % 2 ? 'Always' : 'IfNotPresent';
      const prev = version % 2 ? 'IfNotPresent' : 'Always';
      const endChar = col + (version === 2 ? current.length - col : prev.length);
      const started = performance.now();
      client.change(uri, version, [{ range: { start: { line, character: col }, end: { line, character: endChar } }, text: value }]);
      await client.diagnostics(uri, { version, from, timeoutMs: 30000 });
      if (round >= 2) times.push(performance.now() - started); // two warm-up rounds
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], rounds: times.length };
  } finally {
    await client.stop();
  }
}

/** require() of the bundled client with a stub `vscode` module: the extension's own load cost. */
function clientRequireTime(): Measurement {
  const script = `
    const Module = require('module');
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'vscode') return new Proxy({}, { get: () => new Proxy(function () {}, { get: () => ({}) }) });
      return load.call(this, request, ...rest);
    };
    const t = process.hrtime.bigint();
    require(${JSON.stringify(path.join(ROOT, 'dist', 'client.js'))});
    process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return { median: times[3], min: times[0], max: times[6], rounds: 7 };
}

/** Spawn → initialize result (shutdown not timed). */
async function serverStart(): Promise<Measurement> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    const client = await LspClient.start({ settings: { offline: true } });
    if (i > 0) times.push(performance.now() - started);
    await client.stop();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], rounds: times.length };
}

function nodeStart(): Promise<Measurement> {
  return measure(() => { spawnSync(process.execPath, ['-e', '0']); }, 5, 1);
}

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

async function workspaceCheckRss(): Promise<{ files: number; findings: number; ms: number; rssMb: number; peakMb: number }> {
  const client = await LspClient.start({ settings: { offline: true }, workspaceFolders: [CORPUS] });
  try {
    let peak = 0;
    const timer = setInterval(() => { try { peak = Math.max(peak, rssKb(client.proc.pid!)); } catch { /* exited */ } }, 50);
    const started = performance.now();
    const result = await client.executeCommand<{ files: number; findings: number }>('archlens.server.checkWorkspace', [{}]);
    const elapsed = performance.now() - started;
    await new Promise((r) => setTimeout(r, 1500)); // let the collector settle, as an idle editor would
    clearInterval(timer);
    const rss = rssKb(client.proc.pid!);
    return { files: result.files, findings: result.findings, ms: elapsed, rssMb: rss / 1024, peakMb: Math.max(peak, rss) / 1024 };
  } finally {
    await client.stop();
  }
}

function vsixSize(): number {
  const out = path.join(ROOT, 'bench', 'tmp', 'archlens.vsix');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(process.execPath, ['build.mjs', '--minify'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', out], { cwd: ROOT, stdio: 'pipe' });
  return fs.statSync(out).size;
}

async function main(): Promise<void> {
  buildOnce();
  const text = fs.readFileSync(FILE, 'utf8');
  const line = editLine(text.split('\n'));
  // What ships: the minified bundles (the .vsix is built from them).
  const vsix = vsixSize();
  const requireClient = clientRequireTime();
  const start = await serverStart();
  const bareNode = await nodeStart();
  const ours = await editToDiagnostics(text, line);
  const check = await workspaceCheckRss();
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' }); // back to the readable bundles
  const yls = await ylsValidation(text, line);

  const md = [
    table([
      { what: `one-line edit → publishDiagnostics (install.yaml, ${(text.length / 1024 / 1024).toFixed(1)} MB, line ${line + 1})`, ours, baselineName: 'yaml-language-server doValidation', baseline: yls, goal: '≤ 0.05×' },
      { what: 'server spawn → initialize result', ours: start, baselineName: 'bare `node -e 0` process', baseline: bareNode },
    ]),
    '',
    `- edit → diagnostics: median ${ms(ours.median)} (min ${ms(ours.min)}, max ${ms(ours.max)}, ${ours.rounds} rounds, edits 350 ms apart, offline mode, look-ups memoised); yaml-language-server 1.19 doValidation with isKubernetes and no schema: median ${ms(yls.median)} (${yls.rounds} rounds).`,
    `- activation: require(dist/client.js, minified) ${ms(requireClient.median)} (median of 7, stub vscode module) + server start to initialize ${ms(start.median)} → about ${ms(requireClient.median + start.median)} before the first diagnostics can flow.`,
    `- workspace check of ../shared/corpus (offline mode, in the check worker thread): ${check.files} files, ${check.findings} findings in ${ms(check.ms)}; server RSS afterwards **${check.rssMb.toFixed(0)} MB** (peak ${check.peakMb.toFixed(0)} MB; goal < 150 MB).`,
    `- .vsix (minified bundles, WASM, grammar, docs): **${(vsix / 1024).toFixed(0)} KB** (goal < 2 MB).`,
  ].join('\n');
  writeSection('LSP', md);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
