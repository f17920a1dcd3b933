/**
 * `archlens check --offline` over ../shared/corpus/realworld (issue 12: seven public repositories,
 * charts rendered and overlays built) as a whole process, against a Node process that parses the
 * same files bare: the YAML files and Dockerfiles archlens's own walk checks (vendored code and
 * ignored files left out, as archlens leaves them out), YAML with `yaml` parseAllDocuments,
 * Dockerfiles with dockerfile-ast (bench/baselines/parse-listed.cjs). Goal: ≤ 1.0×.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { classifyFile } from '../server/src/engine/classify';
import { ConfigResolver } from '../server/src/workspace/config-files';
import { walkPaths } from '../server/src/workspace/walk';
import { buildWithoutSeed, CORPUS, interleaved, summarize, table, writeSection, type Measurement } from './lib';

const REPO = path.resolve(__dirname, '..');
const TARGET = path.join(CORPUS, 'realworld');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-bench-realworld-'));

const PROBE = path.join(__dirname, 'baselines', 'cpu-probe.cjs');

/** Runs a Node process with an empty cache (as a new user has); returns its CPU time in ms (cpu-probe.cjs). */
function run(args: string[]): number {
  const cacheHome = fs.mkdtempSync(path.join(work, 'cache-'));
  const cpuFile = path.join(cacheHome, 'cpu');
  const result = spawnSync(process.execPath, ['--require', PROBE, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, ARCHLENS_BENCH_CPU_FILE: cpuFile },
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`);
  const cpu = Number(fs.readFileSync(cpuFile, 'utf8').trim().split('\n')[0]);
  fs.rmSync(cacheHome, { recursive: true, force: true });
  return cpu;
}

/**
 * Wall time and CPU time of each command, the commands taking turns round by round after one
 * warm-up round each (lib.ts interleaved): the load's drift over a minute stays out of the ratio.
 */
function measureBoth(commands: string[][], rounds: number): Array<{ wall: Measurement; cpu: Measurement }> {
  const cpus = commands.map(() => [] as number[]);
  const walls = interleaved(commands.map((args, i) => () => { cpus[i].push(run(args)); }), rounds);
  // The first CPU figure of each command is its warm-up round's.
  return walls.map((wall, i) => ({ wall, cpu: summarize(cpus[i].slice(1), rounds) }));
}

/** The YAML files and Dockerfiles `archlens check TARGET` reads, from its own walk. */
async function parsedFiles(): Promise<{ yaml: number; dockerfiles: number; list: string }> {
  const walk = await walkPaths([TARGET], new ConfigResolver({ root: TARGET }));
  const yaml = walk.files.filter((f) => /\.ya?ml$/i.test(f));
  const dockerfiles = walk.files.filter((f) => !/\.ya?ml$/i.test(f) && classifyFile(f) === 'dockerfile');
  const list = path.join(work, 'files.txt');
  fs.writeFileSync(list, [...yaml, ...dockerfiles].join('\n') + '\n');
  return { yaml: yaml.length, dockerfiles: dockerfiles.length, list };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli.mjs'))) throw new Error('dist/cli.mjs missing: run `npm run build` first');
  if (!fs.existsSync(TARGET)) throw new Error(`${TARGET} does not exist`);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const files = await parsedFiles();
  const check = ['check', '--offline', '--fail-on', 'none', '--format', 'json', TARGET];
  const [ours, uncached, baseline] = measureBoth([
    [path.join(REPO, 'bin', 'archlens.js'), ...check],
    [buildWithoutSeed(fs.mkdtempSync(path.join(work, 'unseeded-'))), ...check],
    [path.join(__dirname, 'baselines', 'parse-listed.cjs'), files.list],
  ], rounds);
  writeSection('Real-world repositories', [
    `\`archlens check --offline\` over corpus/realworld (issue 12's seven repositories; charts and overlays included) as a`,
    `whole process, against a \`node\` process that parses the same ${files.yaml} YAML files (\`yaml\` parseAllDocuments) and`,
    `${files.dockerfiles} Dockerfiles (dockerfile-ast) bare — the files archlens's walk checks (bench/baselines/parse-listed.cjs).`,
    `Medians of ${rounds} rounds after 1 warm-up round, the processes taking turns round by round, an empty $XDG_CACHE_HOME each run`,
    '(a first run after `npm run build`: the V8 code cache the build seeded in dist/code-cache; the `no code cache` rows with a copy of',
    'the build without it, as an installed package or another Node runs): wall time including Node start-up, and',
    'the CPU time (user + system) of the same processes (bench/baselines/cpu-probe.cjs), which a loaded machine does not inflate.',
    '',
    table([
      { what: 'check corpus/realworld, CPU time', ours: ours.cpu, baseline: baseline.cpu, baselineName: 'yaml + dockerfile-ast parse process', goal: '≤ 1.0×' },
      { what: 'check corpus/realworld, wall time', ours: ours.wall, baseline: baseline.wall, baselineName: 'yaml + dockerfile-ast parse process', goal: '≤ 1.0×' },
      { what: 'the same, no code cache at all: CPU time', ours: uncached.cpu, baseline: baseline.cpu, baselineName: 'yaml + dockerfile-ast parse process' },
      { what: 'the same, no code cache at all: wall time', ours: uncached.wall, baseline: baseline.wall, baselineName: 'yaml + dockerfile-ast parse process' },
    ]),
  ].join('\n'));
}

main().catch((error) => {
  process.stderr.write(`realworld.bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}).finally(() => fs.rmSync(work, { recursive: true, force: true }));
